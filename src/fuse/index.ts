/** Fusion: facts across documents, provenance, status, cross-document dates, timeline and brief. */
export { dateRange, eventDate } from './dates.ts';
export { fuseStory, inferPublication } from './fuse.ts';
export {
  matchObservationToFacts,
  matchObservationToStories,
  observationWindow,
  scoreObservation,
} from './observations.ts';
export type * from './types.ts';
