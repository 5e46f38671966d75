/**
 * Derive the cue model of `src/analyse/claims` from the PolNeAR training split (bench section C):
 * a lexicon of cue word forms with P(cue | form), and an averaged perceptron that decides, token by token, whether
 * a candidate is part of a cue. Only counts and weights are written, never text.
 *
 *     npm run train:claims [-- path/to/train.jsonl]
 *
 * Deterministic: a fixed shuffle seed and a fixed number of epochs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentEndFeatures } from '../src/analyse/claims/boundaries.ts';
import {
  type CueModel,
  cueFeatures,
  frequentForms,
  isCandidate,
  quoteState,
  tokenForm,
} from '../src/analyse/claims/cues.ts';
import { splitSentences, type Token } from '../src/analyse/text/tokens.ts';
import { readJsonl } from '../src/eval/io.ts';
import { projectRoot } from '../test/support.ts';

interface BenchRecord {
  id: string;
  text: string;
  attributions: { source: [number, number][]; cue: [number, number][]; content: [number, number][] }[];
}

const EPOCHS = 8;
const MIN_CUE_COUNT = 2;
const MIN_CUE_SHARE = 0.02;
const MIN_FEATURE_COUNT = 5;
const input = process.argv[2] ?? join(projectRoot, '..', 'shared', 'bench', 'attribution', 'train.jsonl');
const output = join(projectRoot, 'src', 'analyse', 'models', 'claims-cues.json');
const endOutput = join(projectRoot, 'src', 'analyse', 'models', 'claims-content-end.json');

const records = await readJsonl<BenchRecord>(input);

function cueMask(record: BenchRecord): Uint8Array {
  const mask = new Uint8Array(record.text.length);
  for (const a of record.attributions) for (const [s, e] of a.cue) mask.fill(1, s, e);
  return mask;
}

interface Sentence {
  tokens: Token[];
  forms: string[];
  labels: boolean[];
}

// 1. Lexicon: how often each lower-case form lies inside a cue, and how often it is seen at all.
const docs: Sentence[][] = records.map((record) => {
  const mask = cueMask(record);
  return splitSentences(record.text).map(({ tokens }) => ({
    tokens,
    forms: tokens.map((t) => t.text.toLowerCase()),
    labels: tokens.map((t) => mask[t.start] === 1),
  }));
});
const counts = new Map<string, [number, number]>();
for (const doc of docs)
  for (const s of doc)
    s.forms.forEach((form, i) => {
      const c = counts.get(form) ?? [0, 0];
      c[1]++;
      if (s.labels[i]) c[0]++;
      counts.set(form, c);
    });
const lexicon: CueModel['lexicon'] = {};
for (const [form, c] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
  if (c[0] >= MIN_CUE_COUNT && c[0] / c[1] >= MIN_CUE_SHARE) lexicon[form] = c;
const model: CueModel = { lexicon, weights: {}, threshold: 0 };
const frequent = frequentForms(model);

// 2. Examples: every candidate token with its features and label.
const examples: { features: string[]; label: boolean }[] = [];
for (const doc of docs)
  for (const s of doc) {
    const forms = s.tokens.map((t) => tokenForm(t.text, model, frequent));
    const inQuote = quoteState(s.tokens);
    forms.forEach((form, i) => {
      if (isCandidate(form, model))
        examples.push({ features: cueFeatures(s.tokens, forms, inQuote, i, model), label: s.labels[i]! });
    });
  }

const featureCounts = new Map<string, number>();
for (const { features } of examples) for (const f of features) featureCounts.set(f, (featureCounts.get(f) ?? 0) + 1);

// 3. Averaged perceptron (Collins 2002), with the usual lazy averaging.
const weights = new Map<string, number>();
const totals = new Map<string, number>();
const stamps = new Map<string, number>();
let clock = 0;
let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const order = examples.map((_, i) => i);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let errors = 0;
  for (const k of order) {
    clock++;
    const { features, label } = examples[k]!;
    let score = 0;
    for (const f of features) score += weights.get(f) ?? 0;
    if (score > 0 === label) continue;
    errors++;
    const delta = label ? 1 : -1;
    for (const f of features) {
      const w = weights.get(f) ?? 0;
      totals.set(f, (totals.get(f) ?? 0) + (clock - (stamps.get(f) ?? 0)) * w);
      stamps.set(f, clock);
      weights.set(f, w + delta);
    }
  }
  console.error(`epoch ${epoch + 1}: ${errors} errors on ${examples.length} candidates`);
}
for (const [f, w] of weights) {
  const total = (totals.get(f) ?? 0) + (clock - (stamps.get(f) ?? 0)) * w;
  const average = Math.round((total / clock) * 100) / 100;
  if (Math.abs(average) >= 0.02 && (featureCounts.get(f) ?? 0) >= MIN_FEATURE_COUNT) model.weights[f] = average;
}

writeFileSync(output, `${JSON.stringify(model)}\n`);

// 4. Content ends: for "X said (that) …" with the content after the cue in the same sentence, which token is the
// last of the content. A structured perceptron over the possible last tokens (the gold one against the best).
const endExamples: { candidates: string[][]; gold: number }[] = [];
for (const [d, record] of records.entries()) {
  const sentences = docs[d]!;
  for (const a of record.attributions) {
    const cue = a.cue[0];
    const content = a.content[0];
    if (!cue || !content || content[0] < cue[1]) continue;
    const s = sentences.find((x) => x.tokens[0]!.start <= cue[0] && cue[0] < x.tokens[x.tokens.length - 1]!.end);
    if (!s) continue;
    const { tokens } = s;
    const forms = tokens.map((t) => tokenForm(t.text, model, frequent));
    const cueLast = tokens.findLastIndex((t) => t.start < cue[1]);
    const start = tokens.findIndex((t) => t.start >= content[0]);
    if (start < 0 || start - cueLast > 8 || /^[“"«]$/u.test(tokens[start]!.text)) continue;
    let last = tokens.length - 1;
    while (last > start && /^[.!?…)]+$/u.test(tokens[last]!.text)) last--;
    let goldEnd = tokens.findLastIndex((t) => t.end <= content[1]);
    if (goldEnd > last) goldEnd = last;
    if (goldEnd < start) continue;
    const cueForm = forms[cueLast]!;
    const candidates: string[][] = [];
    for (let j = start; j <= last; j++) candidates.push(contentEndFeatures(tokens, forms, cueForm, start, last, j));
    endExamples.push({ candidates, gold: goldEnd - start });
  }
}
const endFeatureCounts = new Map<string, number>();
for (const { candidates } of endExamples)
  for (const features of candidates)
    for (const f of features) endFeatureCounts.set(f, (endFeatureCounts.get(f) ?? 0) + 1);
const endWeights = new Map<string, number>();
const endTotals = new Map<string, number>();
const endStamps = new Map<string, number>();
let endClock = 0;
const endOrder = endExamples.map((_, i) => i);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = endOrder.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [endOrder[i], endOrder[j]] = [endOrder[j]!, endOrder[i]!];
  }
  let errors = 0;
  for (const k of endOrder) {
    endClock++;
    const { candidates, gold } = endExamples[k]!;
    let best = 0;
    let bestScore = Number.NEGATIVE_INFINITY;
    candidates.forEach((features, c) => {
      let score = 0;
      for (const f of features) score += endWeights.get(f) ?? 0;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    });
    if (best === gold) continue;
    errors++;
    for (const [features, delta] of [
      [candidates[gold]!, 1],
      [candidates[best]!, -1],
    ] as const)
      for (const f of features) {
        const w = endWeights.get(f) ?? 0;
        endTotals.set(f, (endTotals.get(f) ?? 0) + (endClock - (endStamps.get(f) ?? 0)) * w);
        endStamps.set(f, endClock);
        endWeights.set(f, w + delta);
      }
  }
  console.error(`content ends, epoch ${epoch + 1}: ${errors} errors on ${endExamples.length} contents`);
}
const contentEnd: Record<string, number> = {};
for (const [f, w] of [...endWeights.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const total = (endTotals.get(f) ?? 0) + (endClock - (endStamps.get(f) ?? 0)) * w;
  const average = Math.round((total / endClock) * 100) / 100;
  if (Math.abs(average) >= 0.02 && (endFeatureCounts.get(f) ?? 0) >= MIN_FEATURE_COUNT) contentEnd[f] = average;
}
writeFileSync(endOutput, `${JSON.stringify(contentEnd)}\n`);
console.error(`${Object.keys(contentEnd).length} content-end weights → ${endOutput}`);
console.error(
  `${Object.keys(lexicon).length} cue forms, ${Object.keys(model.weights).length} weights, from ${records.length} articles → ${output}`,
);
