/** Attributed claims: who said, believes, denies … what. */
export { type FindClaimsOptions, findClaims } from './find.ts';
export { type EntityLike, normaliseName } from './resolve.ts';
