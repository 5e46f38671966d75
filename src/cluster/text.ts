/**
 * Text features of the cluster stage: normalisation for exact duplicates, word tokens, light stemming, content
 * terms, name phrases, numbers, sentences and shingles. Hand-written because they are small and must be stable:
 * a stored fingerprint is only comparable with a new one if the features are computed the same way.
 */
import { FNV_OFFSET, FNV_PRIME, fmix32, HEX_START, hashHex, hexDigest } from './minhash.ts';
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

/**
 * The exact-duplicate key of a text: `hashHex(normaliseForDuplicate(text))`. Plain ASCII text (the common case) is
 * normalised and hashed in one pass, without building the normalised copy.
 */
export function duplicateKey(text: string): string {
  let h = HEX_START[0];
  let g = HEX_START[1];
  let space = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c <= 32 || c >= 127) {
      if (isSpace(c)) {
        space = true;
        continue;
      }
      if (c < 32 || c > 126) return hashHex(normaliseForDuplicate(text));
    }
    if (space && !empty) {
      h = Math.imul(h ^ 32, FNV_PRIME);
      g = Math.imul(g ^ 32, FNV_PRIME);
    }
    space = false;
    empty = false;
    if (c === 96) c = 39;
    else if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, FNV_PRIME);
    g = Math.imul(g ^ c, FNV_PRIME);
  }
  return hexDigest(h, g);
}

export interface Token {
  /** Lower case, quotes straightened (the token as written is `text.slice(start, end)`). */
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

/** Whether the text at `at` starts with an upper-case letter (ASCII checked without a regular expression). */
function upperAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c < 128) return c >= 65 && c <= 90;
  return /^\p{Lu}/u.test(text.slice(at, at + 2));
}

/** JavaScript's `\s`, by code unit. */
export function isSpace(c: number): boolean {
  if (c === 32) return true;
  if (c < 32) return c >= 9 && c <= 13;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Whether the text between two tokens ends a sentence: a line break, or final punctuation then white space
 * (`/[.!?]["')\]]*\s|\n/` on the gap, read in place).
 */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) return true;
    if (c !== 46 && c !== 33 && c !== 63) continue;
    let k = j + 1;
    for (let d = text.charCodeAt(k); k < to && (d === 34 || d === 39 || d === 41 || d === 93); d = text.charCodeAt(k))
      k++;
    if (k < to && isSpace(text.charCodeAt(k))) return true;
  }
  return false;
}

// The token pattern, `\p{N}+(?:[.,:/]\p{N}+)*|\p{L}+(?:[.'’]\p{L}+)*\.?` (words with inner apostrophes or dots:
// "Kim's", "U.S."; numbers with separators: "1,200", "7.5"), is matched by a scanner over code points: the
// regular expression cost a third of fingerprinting. Classes come from the same Unicode properties, looked up once
// per code unit.
const OTHER = 0;
const LETTER = 1;
const NUMBER = 2;
/** Flag of a class read from a surrogate pair (two code units wide). */
const WIDE = 4;
const KNOWN = 8;
const bmpClasses = new Uint8Array(65536);
const astralClasses = new Map<number, number>();

function classOfChar(ch: string): number {
  return /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? NUMBER : OTHER;
}

/** The class of the code point at `at` (`OTHER` past the end), with `WIDE` when it is a surrogate pair. */
function classAt(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c < 0xd800 || c > 0xdbff) {
    let k = bmpClasses[c]!;
    if (k === 0) {
      k = classOfChar(String.fromCharCode(c)) | KNOWN;
      bmpClasses[c] = k;
    }
    return k & 3;
  }
  const d = text.charCodeAt(at + 1);
  if (!(d >= 0xdc00 && d <= 0xdfff)) return OTHER;
  const cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
  let k = astralClasses.get(cp);
  if (k === undefined) {
    k = classOfChar(String.fromCodePoint(cp));
    astralClasses.set(cp, k);
  }
  return k | WIDE;
}

/** The end of a run of code points of one class from `at`. */
function runEnd(text: string, at: number, kind: number): number {
  for (;;) {
    const k = classAt(text, at);
    if ((k & 3) !== kind) return at;
    at += k & WIDE ? 2 : 1;
  }
}

/** Whether a word token ending in a dot keeps it: initials (`U.S.`, `J.`) and short abbreviations (`Nov.`, `Gen.`). */
function keepsDot(text: string, start: number, end: number): boolean {
  const n = end - start;
  let ascii = true;
  for (let i = start; i < end && ascii; i++) ascii = text.charCodeAt(i) < 128;
  if (!ascii) {
    const raw = text.slice(start, end);
    return /^(?:\p{L}\.)+$/u.test(raw) || /^\p{Lu}\p{Ll}{0,3}\.$/u.test(raw);
  }
  // Only letters and `.` or `'` separators reach here, so initials are exactly "letter, dot" pairs.
  let initials = n % 2 === 0;
  for (let i = start + 1; i < end && initials; i += 2) initials = text.charCodeAt(i) === 46;
  for (let i = start; i < end && initials; i += 2) initials = text.charCodeAt(i) !== 46 && text.charCodeAt(i) !== 39;
  if (initials) return true;
  if (n < 2 || n > 5) return false;
  const first = text.charCodeAt(start);
  if (first < 65 || first > 90) return false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/** Whether `text.slice(from, to)` is ASCII without capitals (its own lower case: `toLowerCase` would copy it). */
function lowerAscii(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) return false;
  }
  return true;
}

/** Word and number tokens with offsets and a flag for the first word of a sentence or line. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sentenceStart = true;
  let last = 0;
  const length = text.length;
  let p = 0;
  while (p < length) {
    const k = classAt(text, p);
    const kind = k & 3;
    if (kind === OTHER) {
      p += k & WIDE ? 2 : 1;
      continue;
    }
    const start = p;
    p = runEnd(text, p, kind);
    if (kind === NUMBER) {
      for (let c = text.charCodeAt(p); c === 46 || c === 44 || c === 58 || c === 47; c = text.charCodeAt(p)) {
        if ((classAt(text, p + 1) & 3) !== NUMBER) break;
        p = runEnd(text, p + 1, NUMBER);
      }
    } else {
      for (let c = text.charCodeAt(p); c === 46 || c === 39 || c === 0x2019; c = text.charCodeAt(p)) {
        if ((classAt(text, p + 1) & 3) !== LETTER) break;
        p = runEnd(text, p + 1, LETTER);
      }
      if (text.charCodeAt(p) === 46) p++;
    }
    // A trailing dot belongs to the word only for abbreviations like "U.S." or "Nov."; otherwise it ends a sentence.
    let end = p;
    if (kind === LETTER && text.charCodeAt(end - 1) === 46 && !keepsDot(text, start, end)) end--;
    const raw = text.slice(start, end);
    const before = last > 0 ? text.charCodeAt(last - 1) : 0;
    // After a token ending in final punctuation (an abbreviation kept its dot), or a gap that ends a sentence.
    if (before === 46 || tokens.length === 0 || endsSentence(text, last, start)) sentenceStart = true;
    let lower = raw;
    if (!lowerAscii(text, start, end)) {
      lower = raw.toLowerCase();
      if (lower.includes('’')) lower = lower.replace(/’/g, "'");
    }
    let word = lower.endsWith('.') ? lower.slice(0, -1) : lower;
    if (word.endsWith("'s")) word = word.slice(0, -2);
    tokens.push({
      lower,
      start,
      end,
      sentenceInitial: sentenceStart,
      numeric: kind === NUMBER,
      capitalised: upperAt(text, start),
      word,
    });
    sentenceStart = false;
    last = end;
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
  // Cached by the token's lower-case form (which alone decides the term): one lookup per token instead of a
  // function-word test, a stem lookup and a new string per number; the cached strings also key records faster.
  const known = terms.get(t.lower);
  if (known !== undefined) return known;
  if (terms.size >= 200_000) terms.clear();
  let term: string | null;
  if (STOPWORDS.has(t.lower)) term = null;
  else if (!t.numeric)
    term = t.lower.length < 2 ? null : stemUncached(t.lower.endsWith('.') ? t.lower.slice(0, -1) : t.lower);
  else term = numberTerm(t.lower);
  terms.set(t.lower, term);
  return term;
}

const terms = new Map<string, string | null>();

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
  if (!t.numeric || t.lower.length !== 4) return false;
  const w = t.lower;
  const c0 = w.charCodeAt(0);
  const c1 = w.charCodeAt(1);
  return ((c0 === 49 && c1 === 57) || (c0 === 50 && c1 === 48)) && isDigit(w.charCodeAt(2)) && isDigit(w.charCodeAt(3));
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
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
    if (run.length === 0) return;
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
    while (start < end && isSpace(text.charCodeAt(start))) start++;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
    if (end > start) spans.push({ start, end });
  };
  const length = text.length;
  let start = 0;
  for (let i = 0; i < length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      push(start, i);
      start = i + 1;
      continue;
    }
    if (ch !== 46 && ch !== 33 && ch !== 63) continue;
    let end = i + 1;
    while (end < length && closesSentence(text.charCodeAt(end))) end++;
    if (end < length && !isSpace(text.charCodeAt(end))) continue;
    if (ch === 46) {
      const word = wordBefore(text, Math.max(start, i - 12), i);
      if (word.length === 1 || ABBREVIATIONS.has(word.toLowerCase())) continue;
    }
    push(start, end);
    start = end;
    i = end - 1;
  }
  push(start, length);
  return spans;
}

/** `[.!?"'”’)\]]`: what may follow the punctuation that ends a sentence. */
function closesSentence(c: number): boolean {
  return (
    c === 46 || c === 33 || c === 63 || c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41 || c === 93
  );
}

/** The letters (`\p{L}+`) that end `text.slice(from, to)`; ASCII read in place. */
function wordBefore(text: string, from: number, to: number): string {
  let j = to;
  for (; j > from; j--) {
    const c = text.charCodeAt(j - 1);
    if (c >= 128) return /(\p{L}+)$/u.exec(text.slice(from, to))?.[1] ?? '';
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) break;
  }
  return text.slice(j, to);
}

/**
 * The 32-bit hashes (`hash32`) of the word shingles of the tokens' lower-case forms, without building the shingle
 * strings: the same values as hashing each of `shingles(words, size)`, in order (repeats kept: MinHash ignores them).
 * Kept as signed 32-bit integers; MinHash reads them through XOR, which sees the same bits either way.
 */
export function shingleHashes(tokens: Token[], size: number): Int32Array {
  const count = tokens.length;
  if (count === 0) return new Int32Array(0);
  // The words joined by spaces as one array of code units, with each word's offset: a shingle's hash is then one
  // loop over a contiguous range (a shingle of five words was read word by word from five strings).
  let total = count;
  for (let i = 0; i < count; i++) total += tokens[i]!.lower.length;
  if (codes.length < total) codes = new Uint16Array(total * 2);
  if (offsets.length <= count) offsets = new Int32Array(count * 2 + 1);
  let at = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = at;
    const w = tokens[i]!.lower;
    for (let c = 0; c < w.length; c++) codes[at++] = w.charCodeAt(c);
    codes[at++] = 32;
  }
  offsets[count] = at;
  const n = Math.min(size, count);
  const shingles = count - n + 1;
  const out = new Int32Array(shingles);
  // Four shingles at a time, their hashes in step over their common length: four independent multiply chains
  // instead of one keep the processor busy (each step waits on the previous one's multiplication).
  let i = 0;
  for (; i + 4 <= shingles; i += 4) {
    const a0 = offsets[i]!;
    const a1 = offsets[i + 1]!;
    const a2 = offsets[i + 2]!;
    const a3 = offsets[i + 3]!;
    const e0 = offsets[i + n]! - 1;
    const e1 = offsets[i + n + 1]! - 1;
    const e2 = offsets[i + n + 2]! - 1;
    const e3 = offsets[i + n + 3]! - 1;
    const common = Math.min(e0 - a0, e1 - a1, e2 - a2, e3 - a3);
    let h0 = FNV_OFFSET | 0;
    let h1 = h0;
    let h2 = h0;
    let h3 = h0;
    for (let k = 0; k < common; k++) {
      h0 = Math.imul(h0 ^ codes[a0 + k]!, FNV_PRIME);
      h1 = Math.imul(h1 ^ codes[a1 + k]!, FNV_PRIME);
      h2 = Math.imul(h2 ^ codes[a2 + k]!, FNV_PRIME);
      h3 = Math.imul(h3 ^ codes[a3 + k]!, FNV_PRIME);
    }
    out[i] = fmix32(fnvRange(h0, a0 + common, e0)) | 0;
    out[i + 1] = fmix32(fnvRange(h1, a1 + common, e1)) | 0;
    out[i + 2] = fmix32(fnvRange(h2, a2 + common, e2)) | 0;
    out[i + 3] = fmix32(fnvRange(h3, a3 + common, e3)) | 0;
  }
  for (; i < shingles; i++) out[i] = fmix32(fnvRange(FNV_OFFSET | 0, offsets[i]!, offsets[i + n]! - 1)) | 0;
  return out;
}

/** FNV-1a from state `h` over `codes[from..to)`. */
function fnvRange(h: number, from: number, to: number): number {
  for (let k = from; k < to; k++) h = Math.imul(h ^ codes[k]!, FNV_PRIME);
  return h;
}

let codes = new Uint16Array(4096);
let offsets = new Int32Array(1024);

/** Word shingles (runs of `size` lower-case words; one shingle of all words for shorter texts). */
export function shingles(words: string[], size: number): string[] {
  if (words.length === 0) return [];
  if (words.length <= size) return [words.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + size <= words.length; i++) out.push(words.slice(i, i + size).join(' '));
  return out;
}
