/**
 * Pairwise document relations with their evidence: `duplicate`, `near-duplicate`, `rewrite` (and `same-story`,
 * which the story clusterer records from membership similarity). Pure functions of two fingerprints.
 */
import type { DocFingerprint } from './fingerprint.ts';
import { estimateJaccard, hash32 } from './minhash.ts';
import {
  COPIED_SENTENCE_JACCARD,
  NEAR_DUPLICATE_JACCARD,
  REWRITE_MIN_ALIGNED_ANCHORS,
  REWRITE_MIN_ALIGNED_SENTENCES,
  REWRITE_MIN_COPIED_SENTENCES,
  REWRITE_MIN_SENTENCE_SHARE,
  SENTENCE_ALIGN_JACCARD,
  SHINGLE_WORDS,
} from './patterns.ts';

export type RelationType = 'duplicate' | 'near-duplicate' | 'rewrite' | 'same-story';

/** Which of two related documents came first, and how that was decided. */
export interface Precedence {
  earlier: string;
  later: string;
  /** Only publication dates decide; undated pairs (or equal dates) get no precedence rather than a guess. */
  basis: 'published-at';
}

export interface RelationEvidence {
  /** Estimated Jaccard of word shingles (MinHash). */
  shingleJaccard?: number;
  shingleWords?: number;
  /** Sentences aligned in order (spans in each text) with the Jaccard of their content words. */
  matchedSentences?: Array<{ a: { start: number; end: number }; b: { start: number; end: number }; jaccard: number }>;
  /** Names and numbers that appear in both in the same order (longest common subsequence). */
  alignedAnchors?: string[];
  sharedQuotes?: string[];
  /** For `same-story`: the terms and anchors carrying the similarity, strongest first. */
  sharedTerms?: string[];
  sharedAnchors?: string[];
  /** Days between the two publication dates, when both are known. */
  daysApart?: number;
}

export interface Relation {
  type: RelationType;
  /** The document that arrived later (the new one). */
  a: string;
  /** The earlier-arrived document it relates to. */
  b: string;
  /** 0..1; for near-duplicates the shingle Jaccard, for rewrites the share of sentences aligned. */
  score: number;
  evidence: RelationEvidence;
  precedence: Precedence | null;
}

/**
 * Each sentence's distinct terms as 32-bit hashes, computed once per fingerprint object: the sentence alignment
 * compares every sentence of one document with every sentence of the other, and comparing numbers is several
 * times cheaper than comparing strings. (A hash collision between two different stems in one pair of sentences
 * is a 1-in-10^8 event and can only nudge one Jaccard.) One Int32Array per document: sentence i's hashes are
 * `[n + 1 + at[i], n + 1 + at[i + 1])` where `at` is the array's first n + 1 entries.
 */
const hashedSentences = new WeakMap<DocFingerprint, Int32Array>();

function sentenceHashes(fp: DocFingerprint): Int32Array {
  let out = hashedSentences.get(fp);
  if (out) return out;
  const n = fp.sentences.length;
  let total = 0;
  for (const s of fp.sentences) total += s.terms.length;
  const buffer = new Int32Array(n + 1 + total);
  let end = 0;
  for (let i = 0; i < n; i++) {
    const terms = fp.sentences[i]!.terms;
    const from = end;
    // A sentence's stems are distinct; their hashes almost always are (a collision counts once, as in a set).
    for (let t = 0; t < terms.length; t++) {
      const h = hash32(terms[t]!) | 0;
      let seen = false;
      for (let r = from; r < end && !seen; r++) seen = buffer[n + 1 + r] === h;
      if (!seen) buffer[n + 1 + end++] = h;
    }
    buffer[i + 1] = end;
  }
  out = end === total ? buffer : buffer.slice(0, n + 1 + end);
  hashedSentences.set(fp, out);
  return out;
}

// Scratch buffers, grown as needed and reused: allocating typed arrays per comparison cost more than comparing.
let slotHash = new Int32Array(256);
/** First entry of each slot's chain, -1 when the slot is empty. */
let slotHead = new Int32Array(256).fill(-1);
let entrySentence = new Int32Array(128);
let entryNext = new Int32Array(128);
/** The fingerprint whose sentence hashes the table holds (the newly arrived document, compared with several). */
let indexed: DocFingerprint | null = null;
let overlap = new Int32Array(256);
let similarity = new Float64Array(256);
let best = new Float64Array(256);
let lcs = new Int32Array(256);

/**
 * A hash table from each term hash of `fp` to the sentences holding it (open addressing, chains of entries),
 * kept until another document is indexed: the overlaps of every sentence pair of two documents are then counted
 * in one pass over the other document's hashes instead of by merging each of the n × m pairs.
 */
function indexSentences(fp: DocFingerprint, hashes: Int32Array): number {
  const n = fp.sentences.length;
  const entries = hashes.length - n - 1;
  let size = 16;
  while (size < 2 * entries) size *= 2;
  if (indexed === fp && slotHash.length === size) return size - 1;
  if (slotHash.length !== size) {
    slotHash = new Int32Array(size);
    slotHead = new Int32Array(size);
  }
  slotHead.fill(-1);
  if (entrySentence.length < entries) {
    entrySentence = new Int32Array(2 * entries);
    entryNext = new Int32Array(2 * entries);
  }
  const mask = size - 1;
  for (let i = 0; i < n; i++)
    for (let e = hashes[i]!; e < hashes[i + 1]!; e++) {
      const h = hashes[n + 1 + e]!;
      const k = slotOf(mask, h);
      slotHash[k] = h;
      entrySentence[e] = i;
      entryNext[e] = slotHead[k]!;
      slotHead[k] = e;
    }
  indexed = fp;
  return mask;
}

/** The slot of hash `h` in the table (its own, or the empty one where it would go): linear probing. */
function slotOf(mask: number, h: number): number {
  let k = (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
  while (slotHead[k] !== -1 && slotHash[k] !== h) k = (k + 1) & mask;
  return k;
}

/**
 * The content-word Jaccard of every sentence pair of `a` and `b` (row-major n × m, in the scratch `similarity`),
 * 0 where the sizes alone rule out SENTENCE_ALIGN_JACCARD (Jaccard ≤ min/max of the sizes). False when no pair
 * reaches it.
 */
function sentenceJaccards(a: DocFingerprint, b: DocFingerprint, n: number, m: number): boolean {
  const ha = sentenceHashes(a);
  const hb = sentenceHashes(b);
  const mask = indexSentences(a, ha);
  if (overlap.length < n * m) {
    overlap = new Int32Array(2 * n * m);
    similarity = new Float64Array(2 * n * m);
  }
  overlap.fill(0, 0, n * m);
  for (let j = 0; j < m; j++)
    for (let r = hb[j]!; r < hb[j + 1]!; r++) {
      const k = slotOf(mask, hb[m + 1 + r]!);
      for (let e = slotHead[k]!; e !== -1; e = entryNext[e]!) overlap[entrySentence[e]! * m + j]!++;
    }
  let any = false;
  for (let i = 0; i < n; i++) {
    const na = ha[i + 1]! - ha[i]!;
    for (let j = 0; j < m; j++) {
      const nb = hb[j + 1]! - hb[j]!;
      let s = 0;
      if (Math.min(na, nb) >= SENTENCE_ALIGN_JACCARD * Math.max(na, nb)) {
        const shared = overlap[i * m + j]!;
        const union = na + nb - shared;
        s = union === 0 ? 0 : shared / union;
        if (s >= SENTENCE_ALIGN_JACCARD) any = true;
      }
      similarity[i * m + j] = s;
    }
  }
  return any;
}

/** Longest common subsequence of two anchor sequences, restricted to anchors both contain. */
export function alignedAnchors(a: readonly string[], b: readonly string[]): string[] {
  // Short sequences (the usual case) are filtered by scanning, long ones through sets.
  const small = a.length * b.length <= 256;
  const inB = small ? null : new Set(b);
  const inA = small ? null : new Set(a);
  const x = a.filter((t) => (inB ? inB.has(t) : b.includes(t)));
  const y = b.filter((t) => (inA ? inA.has(t) : a.includes(t)));
  const n = x.length;
  const m = y.length;
  if (!n || !m) return [];
  // table[i][j] = LCS length of x[i..] and y[j..], row-major with rows of m + 1.
  const w = m + 1;
  if (lcs.length < (n + 1) * w) lcs = new Int32Array(2 * (n + 1) * w);
  const table = lcs;
  table.fill(0, 0, (n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i * w + j] =
        x[i] === y[j] ? table[(i + 1) * w + j + 1]! + 1 : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push(x[i]!);
      i++;
      j++;
    } else if (table[(i + 1) * w + j]! >= table[i * w + j + 1]!) i++;
    else j++;
  }
  return out;
}

/**
 * Monotone alignment of sentences (a weighted longest common subsequence): pairs whose content-word Jaccard reaches
 * SENTENCE_ALIGN_JACCARD, in the same order in both texts, maximising the summed Jaccard. A translated or
 * paraphrased rewrite keeps the order of its source's sentences even when it changes most words.
 */
export function alignSentences(
  a: DocFingerprint,
  b: DocFingerprint,
): NonNullable<RelationEvidence['matchedSentences']> {
  const n = a.sentences.length;
  const m = b.sentences.length;
  if (!n || !m) return [];
  if (!sentenceJaccards(a, b, n, m)) return [];
  const sim = similarity;
  // best is (n + 1) × (m + 1), row-major.
  const w = m + 1;
  if (best.length < (n + 1) * w) best = new Float64Array(2 * (n + 1) * w);
  best.fill(0, 0, (n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const s = sim[i * m + j]!;
      const take = s >= SENTENCE_ALIGN_JACCARD ? best[(i + 1) * w + j + 1]! + s : 0;
      best[i * w + j] = Math.max(best[(i + 1) * w + j]!, best[i * w + j + 1]!, take);
    }
  const pairs: NonNullable<RelationEvidence['matchedSentences']> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const s = sim[i * m + j]!;
    if (s >= SENTENCE_ALIGN_JACCARD && Math.abs(best[i * w + j]! - (best[(i + 1) * w + j + 1]! + s)) < 1e-9) {
      const sa = a.sentences[i]!;
      const sb = b.sentences[j]!;
      pairs.push({ a: { start: sa.start, end: sa.end }, b: { start: sb.start, end: sb.end }, jaccard: s });
      i++;
      j++;
    } else if (best[(i + 1) * w + j]! >= best[i * w + j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function daysBetween(a: string | null, b: string | null): number | undefined {
  if (!a || !b) return undefined;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return undefined;
  return Math.abs(ta - tb) / 86_400_000;
}

/** Which came first, when both publication dates are known and differ. */
export function precedence(a: DocFingerprint, b: DocFingerprint): Precedence | null {
  const ta = a.publishedAt ? Date.parse(a.publishedAt) : Number.NaN;
  const tb = b.publishedAt ? Date.parse(b.publishedAt) : Number.NaN;
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb)
    return ta < tb
      ? { earlier: a.id, later: b.id, basis: 'published-at' }
      : { earlier: b.id, later: a.id, basis: 'published-at' };
  return null;
}

/**
 * The strongest copy relation between a newly arrived document `a` and an earlier one `b`, or null when neither
 * copies the other (they may still be the same story; that is the clusterer's call).
 */
export function relate(a: DocFingerprint, b: DocFingerprint): Relation | null {
  const base = { a: a.id, b: b.id };
  // Texts without a single word (an empty page, a failed extraction) are copies of nothing.
  if (a.words === 0 || b.words === 0) return null;
  if (a.exactKey === b.exactKey)
    return { ...base, type: 'duplicate', score: 1, evidence: {}, precedence: precedence(a, b) };
  const shingleJaccard = estimateJaccard(a.signature, b.signature);
  if (shingleJaccard >= NEAR_DUPLICATE_JACCARD)
    return {
      ...base,
      type: 'near-duplicate',
      score: shingleJaccard,
      evidence: { shingleJaccard, shingleWords: SHINGLE_WORDS },
      precedence: precedence(a, b),
    };
  const matchedSentences = alignSentences(a, b);
  const aligned = alignedAnchors(a.sequence, b.sequence);
  const sharedQuotes = a.quotes.filter((q) => b.quotes.includes(q));
  const sentenceShare = matchedSentences.length / Math.max(1, Math.min(a.sentences.length, b.sentences.length));
  // Facts in the same order: aligned sentences carrying aligned names and numbers.
  const alignedFacts =
    matchedSentences.length >= REWRITE_MIN_ALIGNED_SENTENCES &&
    sentenceShare >= REWRITE_MIN_SENTENCE_SHARE &&
    aligned.length >= REWRITE_MIN_ALIGNED_ANCHORS;
  // Copied sentences: several near-verbatim sentences, or shared quotations.
  const copied = matchedSentences.filter((p) => p.jaccard >= COPIED_SENTENCE_JACCARD).length;
  if (!alignedFacts && copied < REWRITE_MIN_COPIED_SENTENCES && sharedQuotes.length < 2) return null;
  const evidence: RelationEvidence = { shingleJaccard, matchedSentences, alignedAnchors: aligned, sharedQuotes };
  const daysApart = daysBetween(a.publishedAt, b.publishedAt);
  if (daysApart !== undefined) evidence.daysApart = daysApart;
  return {
    ...base,
    type: 'rewrite',
    score: Math.min(1, sentenceShare),
    evidence,
    precedence: precedence(a, b),
  };
}
