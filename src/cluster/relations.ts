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
 * Each sentence's terms as sorted 32-bit hashes, computed once per fingerprint object: the sentence alignment
 * compares every sentence of one document with every sentence of the other, and comparing numbers is several
 * times cheaper than comparing strings. (A hash collision between two different stems in one pair of sentences
 * is a 1-in-10^8 event and can only nudge one Jaccard.)
 */
const hashedSentences = new WeakMap<DocFingerprint, SentenceHashes>();

/** All sentences' sorted term hashes in one array (one allocation per document, not one per sentence). */
interface SentenceHashes {
  hashes: Uint32Array;
  /** Sentence i's hashes are hashes[offsets[i]] up to hashes[offsets[i + 1]]. */
  offsets: Int32Array;
}

function sentenceHashes(fp: DocFingerprint): SentenceHashes {
  let out = hashedSentences.get(fp);
  if (!out) {
    const parts = fp.sentences.map((s) => Uint32Array.from(new Set(s.terms.map(hash32))).sort());
    const offsets = new Int32Array(parts.length + 1);
    for (let i = 0; i < parts.length; i++) offsets[i + 1] = offsets[i]! + parts[i]!.length;
    const hashes = new Uint32Array(offsets[parts.length]!);
    for (let i = 0; i < parts.length; i++) hashes.set(parts[i]!, offsets[i]!);
    out = { hashes, offsets };
    hashedSentences.set(fp, out);
  }
  return out;
}

function hashJaccard(ha: SentenceHashes, i: number, hb: SentenceHashes, j: number): number {
  const a = ha.hashes;
  const b = hb.hashes;
  let x0 = ha.offsets[i]!;
  const x1 = ha.offsets[i + 1]!;
  let y0 = hb.offsets[j]!;
  const y1 = hb.offsets[j + 1]!;
  const na = x1 - x0;
  const nb = y1 - y0;
  // Jaccard ≤ min/max of the sizes: skip pairs that cannot reach the alignment threshold.
  if (Math.min(na, nb) < SENTENCE_ALIGN_JACCARD * Math.max(na, nb)) return 0;
  let both = 0;
  while (x0 < x1 && y0 < y1) {
    const x = a[x0]!;
    const y = b[y0]!;
    if (x === y) {
      both++;
      x0++;
      y0++;
    } else if (x < y) x0++;
    else y0++;
  }
  const union = na + nb - both;
  return union === 0 ? 0 : both / union;
}

/** Longest common subsequence of two anchor sequences, restricted to anchors both contain. */
export function alignedAnchors(a: readonly string[], b: readonly string[]): string[] {
  const inB = new Set(b);
  const inA = new Set(a);
  const x = a.filter((t) => inB.has(t));
  const y = b.filter((t) => inA.has(t));
  const n = x.length;
  const m = y.length;
  if (!n || !m) return [];
  const table: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i]![j] = x[i] === y[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      out.push(x[i]!);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
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
  const ha = sentenceHashes(a);
  const hb = sentenceHashes(b);
  // Flat row-major tables: sim is n × m, best is (n + 1) × (m + 1).
  const sim = new Float64Array(n * m);
  let any = false;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const s = hashJaccard(ha, i, hb, j);
      sim[i * m + j] = s;
      if (s >= SENTENCE_ALIGN_JACCARD) any = true;
    }
  if (!any) return [];
  const w = m + 1;
  const best = new Float64Array((n + 1) * w);
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
