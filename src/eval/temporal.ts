/**
 * `triangulate eval temporal`: find, type and normalise time expressions (bench README, section A).
 * The system sees `id`, `dct` and `text` only; the gold `timexes` stay here for scoring.
 */
import { findTemporalExpressions } from '../analyse/temporal/index.ts';
import type { TimexType } from '../model.ts';
import { prf } from './metrics.ts';
import type { EvalTask } from './task.ts';

export interface Timex {
  start: number;
  end: number;
  type: TimexType | string;
  value: string;
}

export interface TemporalRecord {
  id: string;
  dct: string;
  text: string;
  timexes: Timex[];
}

export interface TemporalInput {
  id: string;
  dct: string;
  text: string;
}

export interface TemporalPrediction {
  id: string;
  timexes: Timex[];
}

const overlap = (a: Timex, b: Timex) => Math.min(a.end, b.end) - Math.max(a.start, b.start);
const sameSpan = (a: Timex, b: Timex) => a.start === b.start && a.end === b.end;

/** Counts of one document, summed over the file before dividing (micro averages). */
interface Counts {
  gold: number;
  predicted: number;
  strictPredicted: number;
  strictGold: number;
  relaxedPredicted: number;
  relaxedGold: number;
  pairs: number;
  valueCorrect: number;
  typeCorrect: number;
}

function countDocument(goldIn: Timex[], predictedIn: Timex[]): Counts {
  const gold = goldIn.filter((t) => t.end > t.start);
  const predicted = predictedIn.filter((t) => t.end > t.start);
  const counts: Counts = {
    gold: gold.length,
    predicted: predicted.length,
    strictPredicted: predicted.filter((p) => gold.some((g) => sameSpan(g, p))).length,
    strictGold: gold.filter((g) => predicted.some((p) => sameSpan(g, p))).length,
    relaxedPredicted: predicted.filter((p) => gold.some((g) => overlap(g, p) > 0)).length,
    relaxedGold: gold.filter((g) => predicted.some((p) => overlap(g, p) > 0)).length,
    pairs: 0,
    valueCorrect: 0,
    typeCorrect: 0,
  };
  // One-to-one greedy pairing: identical offsets first, then larger overlap, then earlier gold, then earlier prediction.
  const candidates: { g: number; p: number; exact: number; shared: number }[] = [];
  gold.forEach((g, gi) => {
    predicted.forEach((p, pi) => {
      const shared = overlap(g, p);
      if (shared > 0) candidates.push({ g: gi, p: pi, exact: sameSpan(g, p) ? 1 : 0, shared });
    });
  });
  candidates.sort(
    (a, b) =>
      b.exact - a.exact ||
      b.shared - a.shared ||
      gold[a.g]!.start - gold[b.g]!.start ||
      predicted[a.p]!.start - predicted[b.p]!.start ||
      a.g - b.g ||
      a.p - b.p,
  );
  const goldUsed = new Set<number>();
  const predictedUsed = new Set<number>();
  for (const c of candidates) {
    if (goldUsed.has(c.g) || predictedUsed.has(c.p)) continue;
    goldUsed.add(c.g);
    predictedUsed.add(c.p);
    counts.pairs++;
    if (gold[c.g]!.value === predicted[c.p]!.value) counts.valueCorrect++;
    if (gold[c.g]!.type === predicted[c.p]!.type) counts.typeCorrect++;
  }
  return counts;
}

/** The TempEval-3-style metrics of the bench README, micro over all documents. */
export function scoreTemporal(gold: TemporalRecord[], predictions: TemporalPrediction[]) {
  const byId = new Map<string, TemporalPrediction>();
  for (const p of predictions) if (p && typeof p.id === 'string') byId.set(p.id, p);
  const total: Counts = {
    gold: 0,
    predicted: 0,
    strictPredicted: 0,
    strictGold: 0,
    relaxedPredicted: 0,
    relaxedGold: 0,
    pairs: 0,
    valueCorrect: 0,
    typeCorrect: 0,
  };
  let missing = 0;
  for (const record of gold) {
    const prediction = byId.get(record.id);
    if (!prediction) missing++;
    const counts = countDocument(record.timexes ?? [], prediction?.timexes ?? []);
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += counts[key];
  }
  const S = total.predicted;
  const G = total.gold;
  return {
    strict: prf(total.strictPredicted, S, total.strictGold, G),
    relaxed: prf(total.relaxedPredicted, S, total.relaxedGold, G),
    value: prf(total.valueCorrect, S, total.valueCorrect, G),
    type: prf(total.typeCorrect, S, total.typeCorrect, G),
    value_accuracy: total.pairs === 0 ? 0 : total.valueCorrect / total.pairs,
    type_accuracy: total.pairs === 0 ? 0 : total.typeCorrect / total.pairs,
    matched_pairs: total.pairs,
    gold_timexes: G,
    predicted_timexes: S,
    n_docs: gold.length,
    missing,
  };
}

/**
 * The bench counts offsets in code points, the analysis in UTF-16 units; they differ only after a character outside
 * the Basic Multilingual Plane. Returns a converter from UTF-16 offsets to code-point offsets.
 */
function codePointOffsets(text: string): (offset: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (offset) => offset;
  const table: number[] = [];
  let points = 0;
  for (let i = 0; i <= text.length; i++) {
    table[i] = points;
    const code = text.charCodeAt(i);
    if (!(code >= 0xd800 && code <= 0xdbff)) points++;
  }
  return (offset) => table[offset] ?? points;
}

export const temporalTask: EvalTask<TemporalRecord, TemporalInput, TemporalPrediction> = {
  name: 'temporal',
  inputOf: (record) => ({ id: record.id, dct: record.dct, text: record.text }),
  predict: (input) => {
    const toPoints = codePointOffsets(input.text);
    return {
      id: input.id,
      timexes: findTemporalExpressions(input.text, { publishedAt: input.dct || null }).map((t) => ({
        start: toPoints(t.start),
        end: toPoints(t.end),
        type: t.type,
        value: t.value,
      })),
    };
  },
  score: scoreTemporal,
};
