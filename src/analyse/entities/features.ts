/**
 * Features of the entity tagger, as 32-bit hashes. Every distinct word's own properties (form, lower case, shape,
 * prefixes, suffixes, word-list membership) are hashed once and cached, so a feature is one integer mix of a
 * template id and a cached hash: no strings are built per feature.
 */
import { GAZETTEER_CATEGORIES, type Gazetteer } from './gazetteer.ts';

// ---------------------------------------------------------------------------------------------------------------
// Hashing

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

export function combine(a: number, b: number): number {
  return fmix((Math.imul(a, 0x9e3779b1) ^ b) + 0x7f4a7c15);
}

// ---------------------------------------------------------------------------------------------------------------
// Word properties

const P_WORD = 0;
const P_LOWER = 1;
const P_SHAPE = 2;
const P_SHORT = 3;
const P_PREFIX = 4; // 4 slots
const P_SUFFIX = 8; // 4 slots
const P_FLAGS = 12;
/** For hyphenated words ("Iranian-made", "pro-Moscow"): the first and last parts, lower-cased (0 otherwise). */
const P_HEAD = 13;
const P_TAIL = 14;
const P_SIZE = 15;

export const F_INIT_CAP = 1;
export const F_ALL_CAPS = 2;
export const F_HAS_LETTER = 4;
export const F_HAS_DIGIT = 8;
export const F_FIRST_NAME = 16;
export const F_TITLE = 32;
export const F_ORG_WORD = 64;
export const F_ALL_LOWER = 128;
export const F_PUNCT = 256;
export const F_ROLE_WORD = 512;
/** Flags that make a word a useful single-word list feature. */
const LIST_FLAGS = F_FIRST_NAME | F_TITLE | F_ORG_WORD | F_ROLE_WORD;

function shapeOf(word: string, collapse: boolean): string {
  let out = '';
  let last = '';
  for (const ch of word) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{Ll}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
    if (collapse && c === last) continue;
    out += c;
    last = c;
    if (!collapse && out.length >= 8) break;
  }
  return out;
}

const wordCache = new Map<string, Int32Array>();

export function wordProps(word: string, gazetteer: Gazetteer): Int32Array {
  const cached = wordCache.get(word);
  if (cached) return cached;
  if (wordCache.size > 200_000) wordCache.clear();
  const props = new Int32Array(P_SIZE);
  const lower = word.toLowerCase();
  props[P_WORD] = hashString(word);
  props[P_LOWER] = hashString(lower);
  props[P_SHAPE] = hashString(shapeOf(word, false));
  props[P_SHORT] = hashString(shapeOf(word, true));
  for (let k = 1; k <= 4; k++) {
    props[P_PREFIX + k - 1] = word.length > k ? hashString(word.slice(0, k)) : 0;
    props[P_SUFFIX + k - 1] = lower.length > k ? hashString(lower.slice(-k)) : 0;
  }
  const dash = lower.indexOf('-', 1);
  if (dash > 0 && dash < lower.length - 1) {
    props[P_HEAD] = hashString(lower.slice(0, dash));
    props[P_TAIL] = hashString(lower.slice(lower.lastIndexOf('-') + 1));
  }
  let flags = 0;
  const hasLetter = /\p{L}/u.test(word);
  if (hasLetter) flags |= F_HAS_LETTER;
  if (/^\p{Lu}/u.test(word)) flags |= F_INIT_CAP;
  if (hasLetter && word === word.toUpperCase()) flags |= F_ALL_CAPS;
  if (hasLetter && word === lower) flags |= F_ALL_LOWER;
  if (/\p{N}/u.test(word)) flags |= F_HAS_DIGIT;
  if (!/[\p{L}\p{N}]/u.test(word)) flags |= F_PUNCT;
  const titled = word.length > 1 && flags & F_ALL_CAPS ? word[0] + lower.slice(1) : word;
  if (gazetteer.firstNames.has(titled)) flags |= F_FIRST_NAME;
  if (gazetteer.personTitles.has(titled)) flags |= F_TITLE;
  if (gazetteer.organisationWords.has(word) || gazetteer.organisationWords.has(titled)) flags |= F_ORG_WORD;
  if (gazetteer.roleWords.has(lower)) flags |= F_ROLE_WORD;
  props[P_FLAGS] = flags;
  wordCache.set(word, props);
  return props;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents

/** A document prepared for tagging: word properties, gazetteer matches and document-level case evidence. */
export interface PreparedDocument {
  sentences: PreparedSentence[];
}

export interface PreparedSentence {
  words: readonly string[];
  props: Int32Array[];
  /** Per token: bit set of (gazetteer category × position in the phrase: begin, inside, single). */
  gazetteer: Int32Array;
  /** Per token: how the same word (lower-cased) is written elsewhere in the document (`C_*` bits). */
  docCase: Int32Array;
  /** A headline or table line written all in capitals. */
  allCaps: boolean;

  /** Second stage only: the first stage's labels, and what it said about the same word elsewhere (`addStageOne`). */
  stage1?: Uint8Array;
  aggregate?: Int32Array;
}

const C_LOWER = 1;
const C_TITLE_MID = 2;
const C_TITLE_INITIAL = 4;
const C_CAPS = 8;

export function prepareDocument(sentences: readonly (readonly string[])[], gazetteer: Gazetteer): PreparedDocument {
  const caseOf = new Map<number, number>();
  const prepared: PreparedSentence[] = sentences.map((words) => {
    const props = words.map((w) => wordProps(w, gazetteer));
    const gaz = new Int32Array(words.length);
    for (const match of gazetteer.matchAll(words)) {
      if (match.phrase.category === 'person') continue; // for linking only (see `KNOWN_PEOPLE`)
      const base = GAZETTEER_CATEGORIES.indexOf(match.phrase.category) * 3;
      if (match.end - match.start === 1) gaz[match.start]! |= 1 << (base + 2);
      else {
        gaz[match.start]! |= 1 << base;
        for (let k = match.start + 1; k < match.end; k++) gaz[k]! |= 1 << (base + 1);
      }
    }
    let letters = 0;
    let capitals = 0;
    for (const p of props) {
      const flags = p[P_FLAGS]!;
      if (flags & F_HAS_LETTER) {
        letters++;
        if (flags & F_ALL_CAPS) capitals++;
      }
    }
    const allCaps = letters >= 2 && capitals === letters;

    props.forEach((p, i) => {
      const flags = p[P_FLAGS]!;
      if (!(flags & F_HAS_LETTER)) return;
      let bit = 0;
      if (flags & F_ALL_LOWER) bit = C_LOWER;
      else if (allCaps) bit = C_CAPS;
      else if (flags & F_INIT_CAP) bit = i === 0 || isOpening(words[i - 1]!) ? C_TITLE_INITIAL : C_TITLE_MID;
      caseOf.set(p[P_LOWER]!, (caseOf.get(p[P_LOWER]!) ?? 0) | bit);
    });
    return { words, props, gazetteer: gaz, docCase: new Int32Array(words.length), allCaps };
  });
  // A headline in capitals says little about its words; the same words written elsewhere in the document do
  // ("ROTOR" in the headline, "Rotor" in the text): read capitalised headline words as written there.
  const written = new Map<string, { word: string; rank: number }>();
  for (const s of prepared) {
    if (s.allCaps) continue;
    s.words.forEach((word, i) => {
      const flags = s.props[i]![P_FLAGS]!;
      if (!(flags & F_HAS_LETTER) || flags & F_ALL_CAPS) return;
      const rank = flags & F_INIT_CAP ? (i === 0 || isOpening(s.words[i - 1]!) ? 1 : 3) : 2;
      const lower = word.toLowerCase();
      const seen = written.get(lower);
      if (!seen || seen.rank < rank) written.set(lower, { word, rank });
    });
  }
  for (const s of prepared) {
    s.props.forEach((p, i) => {
      s.docCase[i] = caseOf.get(p[P_LOWER]!) ?? 0;
      if (!s.allCaps || !(p[P_FLAGS]! & F_HAS_LETTER)) return;
      const variant = written.get(s.words[i]!.toLowerCase());
      if (variant) s.props[i] = wordProps(variant.word, gazetteer);
    });
  }
  return { sentences: prepared };
}

function isOpening(previous: string): boolean {
  return previous === '"' || previous === '“' || previous === '(' || previous === ':' || previous === '-';
}

// ---------------------------------------------------------------------------------------------------------------
// Feature templates

const T = (n: number) => fmix(n * 0x27d4eb2d + 0x165667b1);
const T_BIAS = T(1);
const T_WORD = T(2);
const T_LOWER = T(3);
const T_SHAPE = T(4);
const T_SHORT = T(5);
const T_PREFIX = [T(6), T(7), T(8), T(9)];
const T_SUFFIX = [T(10), T(11), T(12), T(13)];
const T_LOWER_AT = [T(14), T(15), 0, T(16), T(17)]; // offsets -2..+2
const T_SHORT_AT = [T(18), T(19), 0, T(20), T(21)];
const T_BIGRAM_LEFT = T(22);
const T_BIGRAM_RIGHT = T(23);
const T_SHAPE_TRIGRAM = T(24);
const T_INITIAL = T(25);
const T_ALL_CAPS_SENT = T(26);
const T_GAZ_AT = [T(27), T(28), T(29), T(30), T(31)];
const T_LIST_AT = [T(32), T(33), T(34), T(35), T(36)];
const T_DOC_CASE = T(37);
const T_DOC_CASE_WORD = T(38);
const T_WORD_AT = [T(39), T(40), 0, T(41), T(42)];
const T_GAZ_WORD = T(43);
const T_LOWER_NEXT_SHAPE = T(44);
const T_HEAD = T(61);
const T_TAIL = T(62);
const T_S1_SELF = T(45);
const T_S1_AROUND = T(46);
const T_S1_MAJORITY = T(47);
const T_S1_TYPES = T(48);
const T_S1_LONGEST = T(49);
const T_S1_MAJORITY_SELF = T(57);
const T_PREV_TAG = T(50);
const T_PREV_TWO_TAGS = T(51);
const T_PREV_TAG_WORD = T(52);
const T_PREV_TAG_SHAPE = T(53);
const T_HISTORY = T(54);
const T_HISTORY_SHAPE = T(55);
const T_PREV_TAG_GAZ = T(56);

const BOUNDARY = [hashString('<s-2>'), hashString('<s-1>'), 0, hashString('</s+1>'), hashString('</s+2>')];

/** The largest number of features one token can have. */
export const MAX_FEATURES = 128;

/**
 * Features of a word in itself, whatever its context: form, lower case, shapes, affixes, word lists. Their summed
 * weights can be cached per word at tagging time (`PerceptronModel.wordScores`).
 */
export function wordFeatures(p: Int32Array, out: Int32Array): number {
  let n = 0;
  out[n++] = T_BIAS;
  out[n++] = combine(T_WORD, p[P_WORD]!);
  out[n++] = combine(T_LOWER, p[P_LOWER]!);
  out[n++] = combine(T_SHAPE, p[P_SHAPE]!);
  out[n++] = combine(T_SHORT, p[P_SHORT]!);
  for (let k = 0; k < 4; k++) {
    if (p[P_PREFIX + k]) out[n++] = combine(T_PREFIX[k]!, p[P_PREFIX + k]!);
    if (p[P_SUFFIX + k]) out[n++] = combine(T_SUFFIX[k]!, p[P_SUFFIX + k]!);
  }
  const listFlags = p[P_FLAGS]! & LIST_FLAGS;
  if (listFlags) out[n++] = combine(T_LIST_AT[2]!, listFlags);
  if (p[P_HEAD]) {
    out[n++] = combine(T_HEAD, p[P_HEAD]!);
    out[n++] = combine(T_TAIL, p[P_TAIL]!);
  }
  return n;
}

/**
 * Features of a word seen at offset `d` (±1, ±2) from the token being tagged, whatever the sentence: its lower
 * case, short shape, form (next to it only) and word lists. Their summed weights, too, are cached per word at tagging
 * time (`PerceptronModel.wordScores`).
 */
export function neighbourFeatures(q: Int32Array, d: number, out: Int32Array, n: number): number {
  out[n++] = combine(T_LOWER_AT[d + 2]!, q[P_LOWER]!);
  out[n++] = combine(T_SHORT_AT[d + 2]!, q[P_SHORT]!);
  if (d === -1 || d === 1) out[n++] = combine(T_WORD_AT[d + 2]!, q[P_WORD]!);
  const listFlags = q[P_FLAGS]! & LIST_FLAGS;
  if (listFlags) out[n++] = combine(T_LIST_AT[d + 2]!, listFlags);
  return n;
}

/**
 * Features of token `i` that do not depend on earlier decisions; returns the count written to `out`. With
 * `withWord` false, not the word's own features, and with `withNeighbours` false, not those of the words around it
 * that `neighbourFeatures` gives: the caller has their summed weights from a cache.
 */
export function staticFeatures(
  s: PreparedSentence,
  i: number,
  out: Int32Array,
  withWord = true,
  withNeighbours = true,
): number {
  const p = s.props[i]!;
  const flags = p[P_FLAGS]!;
  let n = withWord ? wordFeatures(p, out) : 0;
  const len = s.props.length;
  for (let d = -2; d <= 2; d++) {
    if (d === 0) continue;
    const j = i + d;
    if (j < 0 || j >= len) {
      out[n++] = combine(T_LOWER_AT[d + 2]!, BOUNDARY[d + 2]!);
      out[n++] = combine(T_SHORT_AT[d + 2]!, BOUNDARY[d + 2]!);
      continue;
    }
    if (withNeighbours) n = neighbourFeatures(s.props[j]!, d, out, n);
    const gaz = s.gazetteer[j]!;
    if (gaz) out[n++] = combine(T_GAZ_AT[d + 2]!, gaz);
  }
  const gaz = s.gazetteer[i]!;
  if (gaz) {
    out[n++] = combine(T_GAZ_AT[2]!, gaz);
    // One feature per category and position, so that overlapping lists each count.
    for (let b = 0; b < 30 && n < MAX_FEATURES - 24; b++) if (gaz & (1 << b)) out[n++] = combine(T_GAZ_WORD, b);
  }
  const prev = i > 0 ? s.props[i - 1]! : null;
  const next = i + 1 < len ? s.props[i + 1]! : null;
  out[n++] = combine(combine(T_BIGRAM_LEFT, prev ? prev[P_LOWER]! : BOUNDARY[1]!), p[P_LOWER]!);
  out[n++] = combine(combine(T_BIGRAM_RIGHT, p[P_LOWER]!), next ? next[P_LOWER]! : BOUNDARY[3]!);
  out[n++] = combine(
    combine(combine(T_SHAPE_TRIGRAM, prev ? prev[P_SHORT]! : BOUNDARY[1]!), p[P_SHORT]!),
    next ? next[P_SHORT]! : BOUNDARY[3]!,
  );
  out[n++] = combine(combine(T_LOWER_NEXT_SHAPE, p[P_LOWER]!), next ? next[P_SHORT]! : BOUNDARY[3]!);
  const initial = i === 0 || (prev !== null && isOpening(s.words[i - 1]!));
  out[n++] = combine(combine(T_INITIAL, initial ? 1 : 0), p[P_SHORT]!);
  if (s.allCaps) out[n++] = combine(T_ALL_CAPS_SENT, p[P_LOWER]!);

  const docCase = s.docCase[i]!;
  if (flags & F_HAS_LETTER) {
    const own = (flags & F_ALL_CAPS ? 1 : 0) | (flags & F_INIT_CAP ? 2 : 0) | (initial ? 4 : 0) | (s.allCaps ? 8 : 0);
    out[n++] = combine(T_DOC_CASE, (docCase << 4) | own);
    out[n++] = combine(combine(T_DOC_CASE_WORD, docCase), p[P_LOWER]!);
  }
  if (s.stage1) n = stageOneFeatures(s, i, out, n);
  return n;
}

function stageOneFeatures(s: PreparedSentence, i: number, out: Int32Array, n: number): number {
  const labels = s.stage1!;
  const self = labels[i]!;
  out[n++] = combine(T_S1_SELF, self);
  out[n++] = combine(T_S1_AROUND, ((i > 0 ? labels[i - 1]! : 15) << 8) | (self << 4) | (labels[i + 1] ?? 15));
  const aggregate = s.aggregate![i]!;
  if (aggregate) {
    const majority = (aggregate & 7) - 1;
    out[n++] = combine(T_S1_MAJORITY, majority);
    out[n++] = combine(T_S1_MAJORITY_SELF, (majority << 4) | self);
    out[n++] = combine(T_S1_TYPES, (aggregate >> 3) & 31);
    out[n++] = combine(T_S1_LONGEST, aggregate >> 8);
  }
  return n;
}

/**
 * Give a prepared document the first stage's labels and, per capitalised token, what the first stage said about
 * the same word anywhere in the document: the majority type, the set of types, and the type and position of the
 * longest entity containing it ("Rotor" alone after "Rotor Volgograd").
 */
export function addStageOne(doc: PreparedDocument, labels: readonly Uint8Array[]): void {
  const counts = new Map<number, Int32Array>();
  const longest = new Map<number, { length: number; type: number; position: number }>();
  doc.sentences.forEach((s, si) => {
    const l = labels[si]!;
    let start = -1;
    for (let i = 0; i <= l.length; i++) {
      const label = i < l.length ? l[i]! : 0;
      const inside = label !== 0 && label % 2 === 0 && start >= 0 && typeOfLabel(l[start]!) === typeOfLabel(label);
      if (inside) continue;
      if (start >= 0) {
        const type = typeOfLabel(l[start]!);
        for (let k = start; k < i; k++) {
          const key = s.props[k]![P_LOWER]!;
          const seen = longest.get(key);
          const position = i - start === 1 ? 0 : k === start ? 1 : k === i - 1 ? 3 : 2;
          if (!seen || seen.length < i - start) longest.set(key, { length: i - start, type, position });
        }
      }
      start = label !== 0 ? i : -1;
    }
    s.props.forEach((p, i) => {
      if (!(p[P_FLAGS]! & (F_INIT_CAP | F_ALL_CAPS))) return;
      const key = p[P_LOWER]!;
      let c = counts.get(key);
      if (!c) {
        c = new Int32Array(5);
        counts.set(key, c);
      }
      c[typeOfLabel(l[i]!)]!++;
    });
  });
  for (let si = 0; si < doc.sentences.length; si++) {
    const s = doc.sentences[si]!;
    s.stage1 = labels[si]!;
    s.aggregate = new Int32Array(s.words.length);
    s.props.forEach((p, i) => {
      const c = counts.get(p[P_LOWER]!);
      if (!c) return;
      let majority = 0;
      let types = 0;
      for (let t = 0; t < 5; t++) {
        if (c[t]! > c[majority]!) majority = t;
        if (c[t]! > 0 && t > 0) types |= 1 << (t - 1);
      }
      const long = longest.get(p[P_LOWER]!);
      const longCode = long ? 1 + long.type * 4 + long.position + (long.length > 1 ? 32 : 0) : 0;
      s.aggregate![i] = (majority + 1) | (types << 3) | (longCode << 8);
    });
  }
}

/** Labels are indices: 0 is `O`; type k has B = 1 + 2k and I = 2 + 2k. */
export const LABELS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'] as const;
export const N_LABELS = LABELS.length;

export function labelIndex(tag: string): number {
  const i = (LABELS as readonly string[]).indexOf(tag);
  return Math.max(i, 0);
}

/** An I- label may only continue an entity of its type. */
export function allowed(previous: number, label: number): boolean {
  if (label === 0 || label % 2 === 1) return true;
  return previous === label || previous === label - 1;
}

export function typeOfLabel(label: number): number {
  return label === 0 ? 0 : (((label + 1) >> 1) as number);
}

/** Features that depend on the labels already chosen: the two previous labels and the document's history. */
export function dynamicFeatures(
  s: PreparedSentence,
  i: number,
  prev1: number,
  prev2: number,
  history: Map<number, number>,
  out: Int32Array,
  n: number,
): number {
  const p = s.props[i]!;
  out[n++] = combine(T_PREV_TAG, prev1);
  out[n++] = combine(T_PREV_TWO_TAGS, prev2 * 16 + prev1);
  out[n++] = combine(combine(T_PREV_TAG_WORD, prev1), p[P_LOWER]!);
  out[n++] = combine(combine(T_PREV_TAG_SHAPE, prev1), p[P_SHORT]!);
  const gaz = s.gazetteer[i]!;
  if (gaz) out[n++] = combine(combine(T_PREV_TAG_GAZ, prev1), gaz);
  if (p[P_FLAGS]! & (F_INIT_CAP | F_ALL_CAPS)) {
    const seen = history.get(p[P_LOWER]!);
    if (seen !== undefined) {
      out[n++] = combine(T_HISTORY, seen);
      out[n++] = combine(combine(T_HISTORY_SHAPE, seen), p[P_SHORT]!);
    }
  }
  return n;
}

/** Remember the type given to a capitalised word, for later mentions in the same document. */
export function remember(s: PreparedSentence, i: number, label: number, history: Map<number, number>): void {
  const p = s.props[i]!;
  if (p[P_FLAGS]! & (F_INIT_CAP | F_ALL_CAPS)) history.set(p[P_LOWER]!, typeOfLabel(label));
}
