/**
 * The entity tagger: the committed averaged-perceptron weights (trained by `npm run train:ner`) applied to
 * tokenised sentences, giving CoNLL BIO tags (`B-PER`, `I-ORG`, `O` …).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addStageOne, LABELS, prepareDocument } from './features.ts';
import { gazetteer } from './gazetteer.ts';
import { decode, PerceptronModel } from './perceptron.ts';

/** The two stages' weights: the first tags alone, the second also sees the first's labels across the document. */
export const WEIGHTS_FILES = ['ner-weights-1.bin.gz', 'ner-weights-2.bin.gz'] as const;

export interface Tagger {
  first: PerceptronModel;
  second: PerceptronModel | null;
}

let loaded: Tagger | null = null;

/** Where the weights live: beside this module, or (when running from `dist/`) in the source folder. */
function weightsPath(file: string): string {
  const here = new URL(`./${file}`, import.meta.url);
  if (existsSync(here)) return fileURLToPath(here);
  return fileURLToPath(new URL(`../../../src/analyse/entities/${file}`, import.meta.url));
}

export function loadTagger(): Tagger {
  loaded ??= {
    first: PerceptronModel.deserialise(readFileSync(weightsPath(WEIGHTS_FILES[0]))),
    second: PerceptronModel.deserialise(readFileSync(weightsPath(WEIGHTS_FILES[1]))),
  };
  return loaded;
}

/** Tag a document given as sentences of tokens; one BIO tag per token. */
export function tagSentences(sentences: readonly (readonly string[])[], tagger = loadTagger()): string[][] {
  const doc = prepareDocument(sentences, gazetteer());
  let labels = decode(tagger.first, doc);
  if (tagger.second) {
    addStageOne(doc, labels);
    labels = decode(tagger.second, doc);
  }
  return labels.map((l, i) =>
    trimLowerCaseEnds(
      sentences[i]!,
      Array.from(l, (label) => LABELS[label]!),
    ),
  );
}

const LOWER_CASE_WORD = /^\p{Ll}+$/u;

/**
 * Names do not end in a lower-case word: a greedy decoder sometimes runs an entity on into the verb after it
 * ("Atalanta reunites"); such words are cut off the end, and a lower-case word alone is no name.
 */
function trimLowerCaseEnds(words: readonly string[], tags: string[]): string[] {
  for (let i = tags.length - 1; i >= 0; i--) {
    const tag = tags[i]!;
    if (tag === 'O' || !LOWER_CASE_WORD.test(words[i]!)) continue;
    const next = tags[i + 1];
    const continues = next?.startsWith('I-') === true && next.slice(2) === tag.slice(2);
    if (!continues) tags[i] = 'O';
  }
  return tags;
}
