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

interface Record {
  id: string;
  text: string;
  attributions: { source: [number, number][]; cue: [number, number][]; content: [number, number][] }[];
}

const EPOCHS = 8;
const MIN_CUE_COUNT = 2;
const MIN_CUE_SHARE = 0.02;
const MIN_FEATURE_COUNT = 3;
const input = process.argv[2] ?? join(projectRoot, '..', 'shared', 'bench', 'attribution', 'train.jsonl');
const output = join(projectRoot, 'src', 'analyse', 'models', 'claims-cues.json');

const records = await readJsonl<Record>(input);

function cueMask(record: Record): Uint8Array {
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
console.error(
  `${Object.keys(lexicon).length} cue forms, ${Object.keys(model.weights).length} weights, from ${records.length} articles → ${output}`,
);
