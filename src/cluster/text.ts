/**
 * Text features of the cluster stage: normalisation for exact duplicates, word tokens, light stemming, content
 * terms, name phrases, numbers, sentences and shingles. Hand-written because they are small and must be stable:
 * a stored fingerprint is only comparable with a new one if the features are computed the same way.
 */
import { FNV_OFFSET, FNV_PRIME, fmix32 } from './minhash.ts';
import { ABBREVIATIONS, CALENDAR_WORDS, STOPWORDS } from './patterns.ts';

/** Normalise for the `duplicate` relation: Unicode NFKC, straight quotes and dashes, case folded, whitespace collapsed. */
export function normaliseForDuplicate(text: string): string {
  // Plain ASCII (most wire text) is its own NFKC form and has no curly quotes or dashes to straighten.
  if (!NON_ASCII.test(text)) return text.replace(/`/g, "'").toLowerCase().replace(/\s+/g, ' ').trim();
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032`´]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033«»]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const NON_ASCII = /[^ -~\s]/;

export interface Token {
  /** The token as written. */
  raw: string;
  /** Lower case, quotes straightened. */
  lower: string;
  start: number;
  end: number;
  /** First word of its sentence (capitalisation says nothing there). */
  sentenceInitial: boolean;
  /** A number (starts with a digit); otherwise a word (starts with a letter). */
  numeric: boolean;
  /** Starts with an upper-case letter. */
  capitalised: boolean;
  /** `lower` without a final dot and then a possessive `'s` (how names are compared). */
  word: string;
}

/** Whether the string starts with an upper-case letter (ASCII checked without a regular expression). */
function startsUpper(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(raw);
}

function startsNumeric(raw: string): boolean {
  const c = raw.charCodeAt(0);
  if (c < 128) return c >= 48 && c <= 57;
  return /^\p{N}/u.test(raw);
}

/** Whether the text between two tokens ends a sentence: a line break, or final punctuation then white space. */
function endsSentence(gap: string): boolean {
  // The common gap is one space (or a comma and a space): nothing to look for.
  if (gap === ' ' || gap === ', ') return false;
  return /[.!?]["')\]]*\s|\n/.test(gap);
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
    const before = last > 0 ? text.charCodeAt(last - 1) : 0;
    // After a token ending in final punctuation (an abbreviation kept its dot), or a gap that ends a sentence.
    if (before === 46 || before === 33 || before === 63 || endsSentence(text.slice(last, start))) sentenceStart = true;
    if (last === 0 && tokens.length === 0) sentenceStart = true;
    let lower = raw.toLowerCase();
    if (lower.includes('’')) lower = lower.replace(/’/g, "'");
    let word = lower.endsWith('.') ? lower.slice(0, -1) : lower;
    if (word.endsWith("'s")) word = word.slice(0, -2);
    tokens.push({
      raw,
      lower,
      start,
      end: start + raw.length,
      sentenceInitial: sentenceStart,
      numeric: startsNumeric(raw),
      capitalised: startsUpper(raw),
      word,
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
  if (!t.numeric) return t.lower.length < 2 ? null : stem(t.lower.endsWith('.') ? t.lower.slice(0, -1) : t.lower);
  return numberTerm(t.lower);
}

/** Numbers as terms: years keep their value, other numbers drop separators ("1,200" → "1200"). */
export function numberTerm(lower: string): string {
  return lower.includes(',') ? `#${lower.replace(/,/g, '')}` : `#${lower}`;
}

/** Years 1900–2099 mentioned as tokens. */
export function years(tokens: Token[]): string[] {
  return tokens.filter(isYear).map((t) => t.lower);
}

/** A year 1900–2099 written as a token. */
export function isYear(t: Token): boolean {
  return t.numeric && t.lower.length === 4 && /^(19|20)\d\d$/.test(t.lower);
}

/**
 * Name phrases: maximal runs of capitalised words ("Lindsay Lohan", "Betty Ford Center"), skipping the
 * sentence-initial word unless it is capitalised elsewhere in the text too, and calendar words. Returned
 * lower-cased; single words of a run are returned as well, since later mentions use the surname alone.
 */
export function namePhrases(tokens: Token[]): string[] {
  const capitalisedInside = new Set<string>();
  for (const t of tokens) if (!t.sentenceInitial && t.capitalised) capitalisedInside.add(t.lower);
  const names: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) names.push(run.join(' '));
    for (const w of run) names.push(w);
    run = [];
  };
  for (const t of tokens) {
    const word = t.word;
    const usable =
      t.capitalised &&
      !t.numeric &&
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

/**
 * The 32-bit hashes (`hash32`) of the word shingles of the tokens' lower-case forms, without building the shingle
 * strings: the same values as hashing each of `shingles(words, size)`, deduplicated.
 */
export function shingleHashes(tokens: Token[], size: number): Set<number> {
  // Kept as signed 32-bit integers (small integers to V8, where unsigned ones above 2^31 would be boxed doubles);
  // MinHash reads them through XOR, which sees the same bits either way.
  const out = new Set<number>();
  if (tokens.length === 0) return out;
  const n = Math.min(size, tokens.length);
  for (let i = 0; i + n <= tokens.length; i++) {
    let h = FNV_OFFSET | 0;
    for (let k = i; k < i + n; k++) {
      if (k > i) h = Math.imul(h ^ 32, FNV_PRIME);
      const w = tokens[k]!.lower;
      for (let c = 0; c < w.length; c++) h = Math.imul(h ^ w.charCodeAt(c), FNV_PRIME);
    }
    out.add(fmix32(h) | 0);
  }
  return out;
}

/** Word shingles (runs of `size` lower-case words; one shingle of all words for shorter texts). */
export function shingles(words: string[], size: number): string[] {
  if (words.length === 0) return [];
  if (words.length <= size) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + size <= words.length; i++) out.push(words.slice(i, i + size).join(' '));
  return out;
}
