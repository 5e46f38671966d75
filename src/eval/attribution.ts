/**
 * `triangulate eval attribution`: PolNeAR-format attribution (bench README section C). The system sees `id` and
 * `text`; claims become attributions of source, cue and content spans.
 */

import { quoteRegions } from '../analyse/claims/find.ts';
import { findClaims } from '../analyse/claims/index.ts';
import { type AttributionSpans, type Fragments, scoreAttributions } from './attribution-metric.ts';
import type { EvalTask } from './task.ts';

interface AttributionRecord {
  id: string;
  text: string;
  attributions: AttributionSpans[];
}

interface AttributionInput {
  id: string;
  text: string;
}

interface AttributionPrediction {
  id: string;
  attributions: AttributionSpans[];
}

const fragments = (span: { start: number; end: number } | null): Fragments => (span ? [[span.start, span.end]] : []);

/**
 * The claims of a text as bench attributions. PolNeAR gives every token at most one role in one attribution, so
 * it does not nest: claims nested in another claim's content ("CNN reported that the U.S. had accused …") are left
 * out of the projection, the claim that holds them stays; so are claims inside a quotation ("“I think …”"), which
 * belongs to its speaker's attribution whether or not the speaker was found.
 */
export function predictAttributions(text: string): AttributionSpans[] {
  const quotations = quoteRegions(text);
  return findClaims(text)
    .filter((claim) => claim.parent === null)
    .filter((claim) => !quotations.some((q) => q.start < claim.cue.start && claim.cue.end < q.end))
    .map((claim) => ({
      source: fragments(claim.source),
      cue: fragments(claim.cue),
      content: (claim.contentParts ?? [claim.content]).map((p): [number, number] => [p.start, p.end]),
    }));
}

export const attributionTask: EvalTask<AttributionRecord, AttributionInput, AttributionPrediction> = {
  name: 'attribution',
  inputOf: (record) => ({ id: record.id, text: record.text }),
  predict: (input) => ({ id: input.id, attributions: predictAttributions(input.text) }),
  score(gold, predictions) {
    const byId = new Map(predictions.map((p) => [p.id, p]));
    return {
      ...scoreAttributions(
        gold.map((record) => ({
          text: record.text,
          gold: record.attributions,
          predicted: byId.get(record.id)?.attributions ?? [],
        })),
      ),
      n_docs: gold.length,
      missing: gold.filter((record) => !byId.has(record.id)).length,
    };
  },
};
