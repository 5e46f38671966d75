/**
 * Cue detection: which tokens are the speech or cognition cue of an attribution ("said", "according to",
 * "believes", "told"). A lexicon of cue words with P(cue | word) and an averaged perceptron over the token and its
 * context were derived from the PolNeAR training split by `scripts/train-claims.ts`; both live in
 * `src/analyse/models/claims-cues.json` (statistics and weights only, no text).
 */
import type { Token } from '../text/tokens.ts';
import { CLOSED_CLASS } from './patterns.ts';
import { FeatureList, type FeatureSink, type Template, TemplateWeights } from './templates.ts';

export interface CueModel {
  /** Lower-case word form → [times inside a cue, times seen]. Only forms seen inside a cue at least twice. */
  lexicon: Record<string, [number, number]>;
  /** Feature → averaged weight. */
  weights: Record<string, number>;
  /** Decision threshold on the score. */
  threshold: number;
}

const OPEN_QUOTES = new Set(['“', '‘', '«']);
const CLOSE_QUOTES = new Set(['”', '’', '»']);
const STRAIGHT = '"';

/** For each token: is it inside a quotation ("…")? Quotation marks themselves count as outside. */
export function quoteState(tokens: Token[]): boolean[] {
  const inside: boolean[] = [];
  let open = false;
  for (const t of tokens) {
    if (OPEN_QUOTES.has(t.text) && t.text !== '‘') {
      inside.push(false);
      open = true;
    } else if (CLOSE_QUOTES.has(t.text) && t.text !== '’') {
      inside.push(false);
      open = false;
    } else if (t.text === STRAIGHT) {
      inside.push(false);
      open = !open;
    } else inside.push(open);
  }
  return inside;
}

/** A light stem for features: enough to join "says/said/saying" partly and "believes/believe/believed". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ied')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es')) return word.slice(0, -1);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

function shape(text: string): string {
  if (OPEN_QUOTES.has(text) || CLOSE_QUOTES.has(text) || text === STRAIGHT) return 'Q';
  if (text === ',' || text === ':' || text === ';' || text === '.' || text === '—' || text === '(') return text;
  if (/^\p{Lu}/u.test(text)) return 'C';
  if (/^\p{N}/u.test(text)) return 'N';
  if (/^\p{L}/u.test(text)) return 'l';
  return 'p';
}

/** Token shapes and the first and last quotation mark of a sentence, computed once per sentence. */
const shapeCache = new WeakMap<Token[], { shapes: string[]; firstQuote: number; lastQuote: number }>();
function sentenceShapes(tokens: Token[]) {
  let cached = shapeCache.get(tokens);
  if (!cached) {
    const shapes = tokens.map((t) => shape(t.text));
    cached = { shapes, firstQuote: shapes.indexOf('Q'), lastQuote: shapes.lastIndexOf('Q') };
    if (cached.firstQuote < 0) cached.firstQuote = tokens.length;
    shapeCache.set(tokens, cached);
  }
  return cached;
}

const PRONOUNS = new Set(['he', 'she', 'they', 'we', 'i', 'it', 'you']);

/** Close misspellings of frequent cue words ("believs") read as the word, so typos in the news still match. */
export function normaliseForm(word: string, model: CueModel, frequent: string[]): string {
  if (model.lexicon[word] || word.length < 6) return word;
  // A letter left out or doubled, not one changed: "states" must not become "stated".
  for (const form of frequent)
    if (Math.abs(form.length - word.length) === 1 && editDistanceOne(form, word)) return form;
  return word;
}

function editDistanceOne(a: string, b: string): boolean {
  if (a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** The form of a token the model reads: lower-case; typos repaired only in lower-case words (capitals are names). */
export function tokenForm(text: string, model: CueModel, frequent: string[]): string {
  return /^\p{Ll}/u.test(text) ? normaliseForm(text, model, frequent) : text.toLowerCase();
}

/** Frequent cue forms, for misspelling repair. */
export function frequentForms(model: CueModel): string[] {
  return Object.entries(model.lexicon)
    .filter(([form, [cue, seen]]) => cue >= 15 && cue / seen >= 0.3 && form.length >= 5)
    .map(([form]) => form);
}

/** Is token i a candidate at all (a word seen inside cues, or a ':')? */
export function isCandidate(form: string, model: CueModel): boolean {
  return model.lexicon[form] !== undefined;
}

/** Closed-class words ("has", "for", "to") are inside cues only beside a head; scored only there, for speed. */
export function isHeadCandidate(form: string, model: CueModel): boolean {
  return model.lexicon[form] !== undefined && !CLOSED_CLASS.has(form);
}

/** The cue model's feature templates, in the order `emitCueFeatures` adds them (see templates.ts). */
export const CUE_TEMPLATES: readonly Template[] = [
  ['bias'],
  ['w=', ''],
  ['st=', ''],
  ['p=', ''],
  ['w=', '|n=', ''],
  ['p=', '|w=', ''],
  ['p2=', '|w=', ''],
  ['w=', '|n2=', ''],
  ['w=', '|ns=', ''],
  ['w=', '|ps=', ''],
  ['st=', '|ns=', ''],
  ['st=', '|ps=', ''],
  ['ps=', '|ns=', '|p=', ''],
  ['n=', ''],
  ['pr=', ''],
  ['iq=', '|p=', ''],
  ['iq=', '|w=', ''],
  ['qb=', '|qa=', '|p=', ''],
  ['pos=', '|p=', ''],
  ['pron=', '|p=', ''],
  ['capPrev=', '|st=', ''],
  ['st=', '|that'],
  ['st=', '|that4=', ''],
  ['w=', '|ps=', '|ns=', ''],
  ['st=', '|p2s=', '|ps=', ''],
  ['st=', '|iq=', '|qb=', '|qa=', ''],
];

/**
 * The values the cue features are made of, for one sentence: as strings (`stringValues`), or as the ids of a
 * scorer's vocabulary (`CueScorer`). Positions before and after the sentence read as `<s>` and `</s>`.
 */
export interface CueValues<T> {
  form(k: number): T;
  stem(k: number): T;
  shape(k: number): T;
  of(literal: string): T;
}

const bit = (b: boolean) => (b ? '1' : '0');

function stringValues(tokens: Token[], forms: string[]): CueValues<string> {
  const { shapes } = sentenceShapes(tokens);
  const edge = (k: number) => (k < 0 ? '<s>' : '</s>');
  return {
    form: (k) => (k >= 0 && k < forms.length ? forms[k]! : edge(k)),
    stem: (k) => stem(forms[k]!),
    shape: (k) => (k >= 0 && k < shapes.length ? shapes[k]! : edge(k)),
    of: (literal) => literal,
  };
}

/** Features of token i of a sentence (`forms` are the lower-case, typo-repaired token forms), as strings. */
export function cueFeatures(
  tokens: Token[],
  forms: string[],
  inQuote: boolean[],
  i: number,
  model: CueModel,
): string[] {
  const list = new FeatureList(CUE_TEMPLATES);
  emitCueFeatures(tokens, forms, inQuote, i, model, stringValues(tokens, forms), list);
  return list.features;
}

/** Scores tokens of one sentence at a time under the cue weights, without building the feature strings. */
export class CueScorer {
  private readonly weights: TemplateWeights;
  constructor(
    private readonly model: CueModel,
    weights: ReadonlyMap<string, number>,
  ) {
    this.weights = new TemplateWeights(CUE_TEMPLATES, weights);
  }

  /** A scorer of token i of the sentence: its score (the features' weights summed in template order). */
  sentence(tokens: Token[], forms: string[], inQuote: boolean[]): (i: number) => number {
    const { weights, model } = this;
    const { shapes } = sentenceShapes(tokens);
    const n = forms.length;
    // Ids of positions -2 … n+1 (edges included) and of the stems, looked up when first asked for (-2 until then):
    // only candidate tokens and the words around them are scored.
    const formIds = new Int32Array(n + 4).fill(-2);
    const shapeIds = new Int32Array(n + 4).fill(-2);
    const stemIds = new Int32Array(n).fill(-2);
    formIds[0] = formIds[1] = shapeIds[0] = shapeIds[1] = weights.id('<s>');
    formIds[n + 2] = formIds[n + 3] = shapeIds[n + 2] = shapeIds[n + 3] = weights.id('</s>');
    const values: CueValues<number> = {
      form: (k) => {
        if (formIds[k + 2] === -2) formIds[k + 2] = weights.id(forms[k]!);
        return formIds[k + 2]!;
      },
      shape: (k) => {
        if (shapeIds[k + 2] === -2) shapeIds[k + 2] = weights.id(shapes[k]!);
        return shapeIds[k + 2]!;
      },
      stem: (k) => {
        if (stemIds[k] === -2) stemIds[k] = weights.id(stem(forms[k]!));
        return stemIds[k]!;
      },
      of: (literal) => weights.id(literal),
    };
    return (i) => {
      emitCueFeatures(tokens, forms, inQuote, i, model, values, weights.reset());
      return weights.score;
    };
  }
}

/** The features of token i, in `CUE_TEMPLATES` order, to a sink (a scorer, or a list of strings). */
export function emitCueFeatures<T>(
  tokens: Token[],
  forms: string[],
  inQuote: boolean[],
  i: number,
  model: CueModel,
  v: CueValues<T>,
  sink: FeatureSink<T>,
): void {
  const [cue, seen] = model.lexicon[forms[i]!] ?? [0, 1];
  const p = cue / seen;
  const pBucket = v.of(p >= 0.5 ? 'hi' : p >= 0.2 ? 'mid' : p >= 0.05 ? 'lo' : 'vlo');
  const { firstQuote, lastQuote } = sentenceShapes(tokens);
  const quoteBefore = v.of(bit(firstQuote < i));
  const quoteAfter = v.of(bit(lastQuote > i));
  const iq = v.of(bit(inQuote[i]!));
  const prevForm = i > 0 ? forms[i - 1]! : '<s>';
  const w = v.form(i);
  const prev = v.form(i - 1);
  const next = v.form(i + 1);
  const st = v.stem(i);
  const ps = v.shape(i - 1);
  const ns = v.shape(i + 1);
  sink.add(0);
  sink.add(1, w);
  sink.add(2, st);
  sink.add(3, pBucket);
  sink.add(4, w, next);
  sink.add(5, prev, w);
  sink.add(6, v.form(i - 2), w);
  sink.add(7, w, v.form(i + 2));
  sink.add(8, w, ns);
  sink.add(9, w, ps);
  sink.add(10, st, ns);
  sink.add(11, st, ps);
  sink.add(12, ps, ns, pBucket);
  sink.add(13, next);
  sink.add(14, prev);
  sink.add(15, iq, pBucket);
  sink.add(16, iq, w);
  sink.add(17, quoteBefore, quoteAfter, pBucket);
  sink.add(18, v.of(i === 0 ? 'first' : i === tokens.length - 1 ? 'last' : i < 3 ? 'early' : 'mid'), pBucket);
  sink.add(19, v.of(bit(PRONOUNS.has(prevForm))), pBucket);
  sink.add(20, v.of(bit(/^\p{Lu}/u.test(tokens[i - 1]?.text ?? ''))), st);
  if (forms[i + 1] === 'that') sink.add(21, st);
  let thatSoon = false;
  for (let k = i + 1; k < i + 5 && k < forms.length; k++) if (forms[k] === 'that') thatSoon = true;
  sink.add(22, st, v.of(bit(thatSoon)));
  sink.add(23, w, ps, ns);
  sink.add(24, st, v.shape(i - 2), ps);
  sink.add(25, st, iq, quoteBefore, quoteAfter);
}

/** Words that end the object phrase after a verb: its content or an adjunct begins. */
const OBJECT_END = new Set(['that', 'to', 'for', 'of', 'with', 'on', 'in', 'at', 'from', 'by', 'as', 'and', 'but']);

/** How often a word of the object must lie inside a cue for the object to be a message ("a statement"). */
const MESSAGE_OBJECT_SHARE = 0.07;

/**
 * Is the object after the verb at i a message? "issued a statement", "released a report", "posted a message" speak
 * (the noun is itself often inside cues, as PolNeAR marks "issued a statement"); "issued an urgent patch", "fired
 * tear gas", "posted bail" act, and so does a participle with no object ("the rules issued Thursday"). Read from
 * the model's lexicon, not a list of nouns: the likeliest word among the next four, up to a clause opener, a
 * preposition or punctuation.
 */
export function objectIsMessage(forms: string[], i: number, model: CueModel): boolean {
  for (let k = i + 1; k < Math.min(forms.length, i + 5); k++) {
    const f = forms[k]!;
    if (OBJECT_END.has(f) || !/^[\p{L}\p{N}]/u.test(f)) break;
    const [cue, seen] = model.lexicon[f] ?? [0, 1];
    if (f !== 'a' && f !== 'an' && f !== 'the' && cue / seen >= MESSAGE_OBJECT_SHARE) return true;
  }
  return false;
}
