/**
 * The entity tagger: the committed averaged-perceptron weights (trained by `npm run train:ner`) applied to
 * tokenised sentences, giving CoNLL BIO tags (`B-PER`, `I-ORG`, `O` …).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LABELS, prepareDocument } from './features.ts';
import { gazetteer } from './gazetteer.ts';
import { decode, PerceptronModel } from './perceptron.ts';

export const WEIGHTS_FILE = 'ner-weights.bin.gz';

let model: PerceptronModel | null = null;

/** Where the weights live: beside this module, or (when running from `dist/`) in the source folder. */
function weightsPath(): string {
  const here = new URL(`./${WEIGHTS_FILE}`, import.meta.url);
  if (existsSync(here)) return fileURLToPath(here);
  return fileURLToPath(new URL(`../../../src/analyse/entities/${WEIGHTS_FILE}`, import.meta.url));
}

export function loadTagger(): PerceptronModel {
  model ??= PerceptronModel.deserialise(readFileSync(weightsPath()));
  return model;
}

/** Tag a document given as sentences of tokens; one BIO tag per token. */
export function tagSentences(sentences: readonly (readonly string[])[], tagger = loadTagger()): string[][] {
  const doc = prepareDocument(sentences, gazetteer());
  return decode(tagger, doc).map((labels) => Array.from(labels, (l) => LABELS[l]!));
}
