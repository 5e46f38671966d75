/**
 * Where the content of "X said (that) …" ends. "that"-clauses mostly run to the end of the sentence, but object
 * contents stop early ("described Clinton as a “disgrace” Wednesday on …", "blasted X and vowed …"). A choice
 * among the possible last tokens, scored by a perceptron trained on PolNeAR (scripts/train-claims.ts).
 */
import type { Token } from '../text/tokens.ts';
import { stem } from './cues.ts';

export type Weights = ReadonlyMap<string, number>;

function shape(text: string): string {
  if (/^[“”"«»]$/u.test(text)) return 'Q';
  if (/^\p{P}$/u.test(text)) return text;
  if (/^\p{Lu}/u.test(text)) return 'C';
  if (/^\p{N}/u.test(text)) return 'N';
  return 'l';
}

/** Token shapes of a sentence, computed once: the decoder asks for them once per possible end. */
const shapeCache = new WeakMap<Token[], string[]>();
function shapesOf(tokens: Token[]): string[] {
  let shapes = shapeCache.get(tokens);
  if (!shapes) {
    shapes = tokens.map((t) => shape(t.text));
    shapeCache.set(tokens, shapes);
  }
  return shapes;
}

const bucket = (n: number) =>
  n <= 0 ? '0' : n <= 2 ? '1-2' : n <= 5 ? '3-5' : n <= 10 ? '6-10' : n <= 20 ? '11-20' : '21+';

/**
 * Features of ending the content at token j; `start` is the first content token, `last` the last possible one (the
 * sentence's last word before its final punctuation).
 */
export function contentEndFeatures(
  tokens: Token[],
  forms: string[],
  cueForm: string,
  start: number,
  last: number,
  j: number,
): string[] {
  const at = (k: number) => (k <= last ? forms[k]! : '</s>');
  const shapes = shapesOf(tokens);
  const shapeAt = (k: number) => (k <= last ? shapes[k]! : '</s>');
  const clause = /^(that|whether|if|why|how|what|when|where|who)$/u.test(forms[start]!) ? forms[start]! : 'np';
  const isLast = j === last ? 'last' : 'inner';
  const n = at(j + 1);
  const cue = stem(cueForm);
  return [
    `end=${isLast}|c=${clause}`,
    `end=${isLast}|cue=${cue}`,
    `w=${at(j)}`,
    `n=${n}`,
    `n=${n}|c=${clause}`,
    `n=${n}|n2=${at(j + 2)}`,
    `ns=${shapeAt(j + 1)}|n2s=${shapeAt(j + 2)}`,
    `ns=${shapeAt(j + 1)}|n2=${at(j + 2)}`,
    `ws=${shapeAt(j)}|ns=${shapeAt(j + 1)}`,
    `len=${bucket(j - start + 1)}|c=${clause}`,
    `rest=${bucket(last - j)}|c=${clause}`,
    `cue=${cue}|n=${n}`,
    `cue=${cue}|len=${bucket(j - start + 1)}`,
    `w=${at(j)}|n=${n}`,
  ];
}

/** The best last content token in [start, last]. */
export function bestContentEnd(
  tokens: Token[],
  forms: string[],
  cueForm: string,
  start: number,
  last: number,
  weights: Weights,
): number {
  let best = last;
  let bestScore = Number.NEGATIVE_INFINITY;
  const shapes = shapesOf(tokens);
  for (let j = start; j <= last; j++) {
    // Punctuation never ends a content, except a closing quotation mark or parenthesis.
    if (shapes[j] !== 'l' && shapes[j] !== 'C' && shapes[j] !== 'N' && !/^[”"’)]$/u.test(tokens[j]!.text)) continue;
    let score = 0;
    for (const f of contentEndFeatures(tokens, forms, cueForm, start, last, j)) score += weights.get(f) ?? 0;
    if (score > bestScore) {
      bestScore = score;
      best = j;
    }
  }
  return best;
}
