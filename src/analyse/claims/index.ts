/**
 * Attributed claims: who said, believes, denies … what.
 *
 * `findClaims(text, { entities? })` returns the claims of a clean text in cue order (ids `c0`, `c1` …), each with
 * source, cue and content spans, a stance from the cue (`cannot-determine` from the content: "it is impossible to
 * determine …", "could not be determined", "it is unclear …"), the time of the speech act when the text gives one
 * ("said Wednesday": a `DATE` span whose `value` is left empty for the temporal stage to fill at integration),
 * nesting (`parent`), and the resolved source: an entity id when entities are given (null when none fits), else a
 * normalised name ("John Kirby", "38 North"), through titles, partial names, possessives, descriptions and pronouns.
 */
export { type FindClaimsOptions, findClaims } from './find.ts';
export { type EntityLike, normaliseName } from './resolve.ts';
