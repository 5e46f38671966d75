/**
 * Text features of the cluster stage: normalisation for exact duplicates, word tokens, light stemming, content
 * terms, name phrases, numbers, sentences and shingles. Hand-written because they are small and must be stable:
 * a stored fingerprint is only comparable with a new one if the features are computed the same way.
 */
import { ABBREVIATIONS, CALENDAR_WORDS, STOPWORDS } from './patterns.ts';

/** Normalise for the `duplicate` relation: Unicode NFKC, straight quotes and dashes, case folded, whitespace collapsed. */
export function normaliseForDuplicate(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033«»]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Token {
  /** The token as written. */
  raw: string;
  /** Lower case, quotes straightened. */
  lower: string;
  start: number;
  end: number;
  /** First word of its sentence (capitalisation says nothing there). */
  sentenceInitial: boolean;
}

// Words with inner apostrophes or dots ("Kim's", "U.S.", "38th"), and numbers with separators ("1,200", "7.5").
const TOKEN_RE = /\p{N}+(?:[.,:/]\p{N}+)*|\p{L}+(?:[.'’]\p{L}+)*\.?/gu;

/** Word and number tokens with offsets and a flag for the first word of a sentence or line. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentenceStart = true;
  let last = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    let raw = m[0];
    // A trailing dot belongs to the word only for abbreviations like "U.S." or "Nov."; otherwise it ends a sentence.
    if (raw.endsWith('.') && !/^(?:\p{L}\.)+$/u.test(raw) && !/^\p{Lu}\p{Ll}{0,3}\.$/u.test(raw))
      raw = raw.slice(0, -1);
    const start = m.index;
    const gap = text.slice(last, start);
    if (/[.!?]["')\]]*\s|\n/.test(gap) || /[.!?]$/.test(text.slice(Math.max(0, last - 1), last))) sentenceStart = true;
    if (last === 0 && tokens.length === 0) sentenceStart = true;
    tokens.push({
      raw,
      lower: raw.toLowerCase().replace(/’/g, "'"),
      start,
      end: start + raw.length,
      sentenceInitial: sentenceStart,
    });
    sentenceStart = false;
    last = start + raw.length;
  }
  return tokens;
}

/**
 * A light English stemmer (plural, -ing, -ed, possessive): enough to join "rail"/"rails", "checked"/"checks"
 * without the over-stemming of Porter that merges unrelated words; names are never stemmed.
 */
export function stem(word: string): string {
  const known = stems.get(word);
  if (known !== undefined) return known;
  // A bounded cache: news vocabulary repeats, and stemming is a chain of regular expressions.
  if (stems.size >= 200_000) stems.clear();
  const w = stemUncached(word);
  stems.set(word, w);
  return w;
}

const stems = new Map<string, string>();

function stemUncached(word: string): string {
  let w = word.replace(/'s$/, '').replace(/'$/, '');
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

function isWord(lower: string): boolean {
  return /\p{L}/u.test(lower);
}

function isCapitalised(raw: string): boolean {
  return /^\p{Lu}/u.test(raw);
}

/** Content terms: stems of words that are not function words, and numbers. */
export function contentTerms(tokens: Token[]): string[] {
  const terms: string[] = [];
  for (const t of tokens) {
    const term = contentTerm(t);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/** The content term of one token, or null for a function word or a single letter. */
export function contentTerm(t: Token): string | null {
  if (STOPWORDS.has(t.lower)) return null;
  if (isWord(t.lower)) return t.lower.length < 2 ? null : stem(t.lower.replace(/\.$/, ''));
  return numberTerm(t.lower);
}

/** Numbers as terms: years keep their value, other numbers drop separators ("1,200" → "1200"). */
export function numberTerm(lower: string): string {
  return `#${lower.replace(/,/g, '')}`;
}

/** Years 1900–2099 mentioned as tokens. */
export function years(tokens: Token[]): string[] {
  return tokens.filter((t) => /^(19|20)\d\d$/.test(t.lower)).map((t) => t.lower);
}

/**
 * Name phrases: maximal runs of capitalised words ("Lindsay Lohan", "Betty Ford Center"), skipping the
 * sentence-initial word unless it is capitalised elsewhere in the text too, and calendar words. Returned
 * lower-cased; single words of a run are returned as well, since later mentions use the surname alone.
 */
export function namePhrases(tokens: Token[]): string[] {
  const capitalisedInside = new Set<string>();
  for (const t of tokens) if (!t.sentenceInitial && isCapitalised(t.raw)) capitalisedInside.add(t.lower);
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) names.push(run.join(' '));
    for (const w of run) names.push(w);
    run = [];
  };
  for (const t of tokens) {
    const word = t.lower.replace(/\.$/, '').replace(/'s$/, '');
    const usable =
      isCapitalised(t.raw) &&
      isWord(t.lower) &&
      !CALENDAR_WORDS.has(word) &&
      !STOPWORDS.has(word) &&
      word.length > 1 &&
      (!t.sentenceInitial || capitalisedInside.has(t.lower));
    if (usable) run.push(word);
    else flush();
  }
  flush();
  return names;
}

/**
 * Sentences as offset ranges: split at line breaks, and at `.`, `!` or `?` (with closing quotes or brackets)
 * followed by white space — except after abbreviations ("Nov.", "Gen.", "Mr.") and initials ("U.S.", "J.").
 */
export function sentenceSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end > start) spans.push({ start, end });
  };
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') {
      push(start, i);
      start = i + 1;
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    let end = i + 1;
    while (end < text.length && /[.!?"'\u201D\u2019)\]]/.test(text[end]!)) end++;
    if (end < text.length && !/\s/.test(text[end]!)) continue;
    if (ch === '.') {
      const word = /(\p{L}+)$/u.exec(text.slice(Math.max(start, i - 12), i))?.[1] ?? '';
      if (word.length === 1 || ABBREVIATIONS.has(word.toLowerCase())) continue;
    }
    push(start, end);
    start = end;
    i = end - 1;
  }
  push(start, text.length);
  return spans;
}

/** Word shingles (runs of `size` lower-case words; one shingle of all words for shorter texts). */
export function shingles(words: string[], size: number): string[] {
  if (words.length === 0) return [];
  if (words.length <= size) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + size <= words.length; i++) out.push(words.slice(i, i + size).join(' '));
  return out;
}
