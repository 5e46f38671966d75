/**
 * The map's JSON shapes (`GET /api/stories/{id}/places`), apart from `places.ts` so that the web workbench can
 * import them without the server's dependencies.
 */
export interface PlaceFact {
  id: string;
  statement: string;
  status: string;
}

export interface StoryPlace {
  id: string;
  name: string;
  /** Null when no offline data locates it. */
  lat: number | null;
  lon: number | null;
  /** Where the coordinates come from. */
  basis: 'country' | 'observation' | null;
  /** Mentions across the story's documents. */
  mentions: number;
  documents: number;
  facts: PlaceFact[];
}
