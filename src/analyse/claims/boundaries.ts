/**
 * Where the content of "X said (that) …" ends. "that"-clauses mostly run to the end of the sentence, but object
 * contents stop early ("described Clinton as a “disgrace” Wednesday on …", "blasted X and vowed …"). A choice
 * among the possible last tokens, scored by a perceptron trained on PolNeAR (scripts/train-claims.ts).
 */
import type { Token } from '../text/tokens.ts';
import { stem } from './cues.ts';
import { FeatureList, type FeatureSink, type Template, TemplateWeights } from './templates.ts';

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

/** The content-end model's feature templates, in the order `emitContentEndFeatures` adds them (see templates.ts). */
export const CONTENT_END_TEMPLATES: readonly Template[] = [
  ['end=', '|c=', ''],
  ['end=', '|cue=', ''],
  ['w=', ''],
  ['n=', ''],
  ['n=', '|c=', ''],
  ['n=', '|n2=', ''],
  ['ns=', '|n2s=', ''],
  ['ns=', '|n2=', ''],
  ['ws=', '|ns=', ''],
  ['len=', '|c=', ''],
  ['rest=', '|c=', ''],
  ['cue=', '|n=', ''],
  ['cue=', '|len=', ''],
  ['w=', '|n=', ''],
];

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
  const list = new FeatureList(CONTENT_END_TEMPLATES);
  const values: EndValues<string> = { forms, shapes: shapesOf(tokens), of: (literal) => literal };
  emitContentEndFeatures(values, values.of(clauseOf(forms, start)), stem(cueForm), start, last, j, list);
  return list.features;
}

const clauseOf = (forms: string[], start: number) =>
  /^(that|whether|if|why|how|what|when|where|who)$/u.test(forms[start]!) ? forms[start]! : 'np';

/** The sentence's forms and shapes and the literals, as strings or as ids of a `TemplateWeights` vocabulary. */
interface EndValues<T> {
  forms: ArrayLike<T>;
  shapes: ArrayLike<T>;
  of(literal: string): T;
}

function emitContentEndFeatures<T>(
  v: EndValues<T>,
  clause: T,
  cue: T,
  start: number,
  last: number,
  j: number,
  sink: FeatureSink<T>,
): void {
  const end = v.of('</s>');
  const isLast = v.of(j === last ? 'last' : 'inner');
  const w = j <= last ? v.forms[j]! : end;
  const n = j + 1 <= last ? v.forms[j + 1]! : end;
  const n2 = j + 2 <= last ? v.forms[j + 2]! : end;
  const ws = j <= last ? v.shapes[j]! : end;
  const ns = j + 1 <= last ? v.shapes[j + 1]! : end;
  const n2s = j + 2 <= last ? v.shapes[j + 2]! : end;
  const length = v.of(bucket(j - start + 1));
  sink.add(0, isLast, clause);
  sink.add(1, isLast, cue);
  sink.add(2, w);
  sink.add(3, n);
  sink.add(4, n, clause);
  sink.add(5, n, n2);
  sink.add(6, ns, n2s);
  sink.add(7, ns, n2);
  sink.add(8, ws, ns);
  sink.add(9, length, clause);
  sink.add(10, v.of(bucket(last - j)), clause);
  sink.add(11, cue, n);
  sink.add(12, cue, length);
  sink.add(13, w, n);
}

const CLOSING_MARK = /^[”"’)]$/u;

/** The content-end weights, looked up by template (see templates.ts). */
export class ContentEndScorer {
  private readonly weights: TemplateWeights;
  constructor(weights: ReadonlyMap<string, number>) {
    this.weights = new TemplateWeights(CONTENT_END_TEMPLATES, weights);
  }

  /** The best last content token in [start, last]. */
  bestContentEnd(tokens: Token[], forms: string[], cueForm: string, start: number, last: number): number {
    const { weights } = this;
    let best = last;
    let bestScore = Number.NEGATIVE_INFINITY;
    const shapes = shapesOf(tokens);
    const to = Math.min(last + 1, forms.length);
    const formIds = new Int32Array(to);
    const shapeIds = new Int32Array(to);
    for (let k = start; k < to; k++) {
      formIds[k] = weights.id(forms[k]!);
      shapeIds[k] = weights.id(shapes[k]!);
    }
    const values: EndValues<number> = {
      forms: formIds,
      shapes: shapeIds,
      of: (literal) => weights.id(literal),
    };
    const clause = weights.id(clauseOf(forms, start));
    const cue = weights.id(stem(cueForm));
    for (let j = start; j <= last; j++) {
      // Punctuation never ends a content, except a closing quotation mark or parenthesis.
      if (shapes[j] !== 'l' && shapes[j] !== 'C' && shapes[j] !== 'N' && !CLOSING_MARK.test(tokens[j]!.text)) continue;
      emitContentEndFeatures(values, clause, cue, start, last, j, weights.reset());
      const score = weights.score;
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    return best;
  }
}
