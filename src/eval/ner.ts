/**
 * `triangulate eval ner`: CoNLL-2003 tagging scored as conlleval does (exact spans, micro P/R/F1 overall and per
 * type, token accuracy). Formats and metric: section B of the bench README.
 */
import { tagSentences } from '../analyse/entities/tagger.ts';
import { type PRF, prf } from './metrics.ts';
import type { EvalTask } from './task.ts';

export interface NerGoldRecord {
  id: string;
  sentences: { tokens: string[]; tags: string[] }[];
}

export interface NerInput {
  id: string;
  sentences: { tokens: string[] }[];
}

export interface NerPrediction {
  id: string;
  sentences: { tags: string[] }[];
}

export const NER_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;

export interface TypeScore extends PRF {
  gold: number;
  predicted: number;
}

export interface NerScore {
  overall: PRF;
  per_type: Record<string, TypeScore>;
  token_accuracy: number;
  gold_entities: number;
  predicted_entities: number;
  correct_entities: number;
  length_mismatches: number;
}

/** An entity read from a tag sequence: type and first/last token (inclusive). */
export interface TagChunk {
  type: string;
  first: number;
  last: number;
}

function splitTag(tag: string): { prefix: string; type: string } {
  const dash = tag.indexOf('-');
  if (tag === 'O' || dash < 0) return { prefix: 'O', type: '' };
  return { prefix: tag.slice(0, dash), type: tag.slice(dash + 1) };
}

/**
 * Entities as conlleval reads them: one starts at `B-X`, or at `I-X` when the previous token is not inside an
 * entity of type X, and runs over the following `I-X`.
 */
export function chunks(tags: readonly string[]): TagChunk[] {
  const out: TagChunk[] = [];
  let current: TagChunk | null = null;
  tags.forEach((tag, i) => {
    const { prefix, type } = splitTag(tag);
    if (prefix === 'I' && current && current.type === type) {
      current.last = i;
      return;
    }
    if (current) out.push(current);
    current = prefix === 'B' || prefix === 'I' ? { type, first: i, last: i } : null;
  });
  if (current) out.push(current);
  return out;
}

/** Score predictions against gold records (matched by position, as the harness pairs them). */
export function scoreNer(
  gold: readonly NerGoldRecord[],
  predictions: readonly (NerPrediction | undefined)[],
): NerScore {
  const counts = new Map<string, { gold: number; predicted: number; correct: number }>();
  const count = (type: string) => {
    let c = counts.get(type);
    if (!c) {
      c = { gold: 0, predicted: 0, correct: 0 };
      counts.set(type, c);
    }
    return c;
  };
  let tokens = 0;
  let sameTags = 0;
  let mismatches = 0;
  gold.forEach((record, r) => {
    const predicted = predictions[r]?.sentences ?? [];
    if (predicted.length !== record.sentences.length) mismatches++;
    record.sentences.forEach((sentence, s) => {
      const given = predicted[s]?.tags ?? [];
      if (predicted[s] && given.length !== sentence.tags.length) mismatches++;
      const tags = sentence.tags.map((_, i) => given[i] ?? 'O');
      tokens += tags.length;
      tags.forEach((tag, i) => {
        if (tag === sentence.tags[i]) sameTags++;
      });
      const goldChunks = chunks(sentence.tags);
      const goldKeys = new Set(goldChunks.map((c) => `${c.type}:${c.first}:${c.last}`));
      for (const c of goldChunks) count(c.type).gold++;
      for (const c of chunks(tags)) {
        const entry = count(c.type);
        entry.predicted++;
        if (goldKeys.has(`${c.type}:${c.first}:${c.last}`)) entry.correct++;
      }
    });
  });
  let goldTotal = 0;
  let predictedTotal = 0;
  let correctTotal = 0;
  const perType: Record<string, TypeScore> = {};
  const types = [...new Set<string>([...NER_TYPES, ...counts.keys()])];
  for (const type of types) {
    const c = counts.get(type) ?? { gold: 0, predicted: 0, correct: 0 };
    goldTotal += c.gold;
    predictedTotal += c.predicted;
    correctTotal += c.correct;
    perType[type] = { ...prf(c.correct, c.predicted, c.correct, c.gold), gold: c.gold, predicted: c.predicted };
  }
  return {
    overall: prf(correctTotal, predictedTotal, correctTotal, goldTotal),
    per_type: perType,
    token_accuracy: tokens === 0 ? 0 : sameTags / tokens,
    gold_entities: goldTotal,
    predicted_entities: predictedTotal,
    correct_entities: correctTotal,
    length_mismatches: mismatches,
  };
}

export const nerTask: EvalTask<NerGoldRecord, NerInput, NerPrediction> = {
  name: 'ner',
  inputOf: (record) => ({ id: record.id, sentences: record.sentences.map((s) => ({ tokens: s.tokens })) }),
  predict: (input) => ({
    id: input.id,
    sentences: tagSentences(input.sentences.map((s) => s.tokens)).map((tags) => ({ tags })),
  }),
  score: (gold, predictions) => ({ ...scoreNer(gold, predictions) }),
};
