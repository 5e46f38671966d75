/**
 * The language layer, read top to bottom: each step is a small named unit run in order over a document's clean
 * text, adding its annotations to one `Analysis`. Every annotation is a span of offsets into that text.
 */
import type { Analysis, Claim, TemporalExpression } from '../model.ts';
import { findClaims } from './claims/index.ts';
import { findEntities } from './entities/index.ts';
import { findQuantities } from './quantities/index.ts';
import { findTemporalExpressions } from './temporal/index.ts';
import { sentenceSpans } from './text/tokens.ts';

export interface AnalysisInput {
  text: string;
  /** The document's publication date (any precision) or null: relative dates then stay symbolic. */
  publishedAt: string | null;
}

export interface AnalysisStep {
  name: string;
  run(input: AnalysisInput, analysis: Analysis): void;
}

/** In order. Order matters where a comment says so. */
export const ANALYSIS_STEPS: AnalysisStep[] = [
  {
    name: 'sentences',
    run(input, a) {
      a.sentences = sentenceSpans(input.text);
    },
  },
  {
    name: 'entities',
    run(input, a) {
      a.entities = findEntities(input.text);
    },
  },
  {
    name: 'dates',
    run(input, a) {
      a.dates = findTemporalExpressions(input.text, { publishedAt: input.publishedAt });
    },
  },
  // After dates: a number inside a date or duration ("nearly three years") is not a quantity.
  {
    name: 'quantities',
    run(input, a) {
      a.quantities = findQuantities(input.text, { temporal: a.dates });
    },
  },
  // After entities (claim sources resolve to entity ids) and dates (a claim's time takes the date found there).
  {
    name: 'claims',
    run(input, a) {
      a.claims = withTimes(findClaims(input.text, { entities: a.entities }), a.dates);
    },
  },
];

export function analyse(input: AnalysisInput, steps: AnalysisStep[] = ANALYSIS_STEPS): Analysis {
  const analysis: Analysis = { sentences: [], entities: [], dates: [], quantities: [], claims: [] };
  for (const step of steps) step.run(input, analysis);
  return analysis;
}

/** A claim's speech-act time ("said Wednesday") is the temporal expression found over the same words. */
function withTimes(claims: Claim[], dates: TemporalExpression[]): Claim[] {
  return claims.map((claim) => {
    if (!claim.time) return claim;
    const { start, end } = claim.time;
    const date = dates.find((d) => d.start < end && start < d.end);
    return { ...claim, time: date ?? claim.time };
  });
}
