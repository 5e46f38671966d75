/** Sparse vectors (term → weight) and the TF-IDF weighting with incrementally updated document frequencies. */
import { hash32 } from './minhash.ts';

export type SparseVector = Map<string, number>;

export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [key, w] of small) {
    const v = large.get(key);
    if (v !== undefined) sum += w * v;
  }
  return sum;
}

export function squaredNorm(a: SparseVector): number {
  let sum = 0;
  for (const w of a.values()) sum += w * w;
  return sum;
}

/** Add `scale`·v into `into` (in place), dropping entries that cancel to ~0. */
export function addInto(into: SparseVector, v: SparseVector, scale = 1): void {
  for (const [key, w] of v) {
    const next = (into.get(key) ?? 0) + scale * w;
    if (Math.abs(next) < 1e-12) into.delete(key);
    else into.set(key, next);
  }
}

/**
 * Document frequencies over the documents seen so far; idf = ln((N + 1) / df), near 0 for a term in every document.
 *
 * Counts live in a fixed table of 2^20 32-bit counters indexed by the key's hash (a count-min sketch of depth 1):
 * memory is 4 MB whatever the vocabulary (a stream of a million reports brings hundreds of thousands of names and
 * numbers, which a Map of strings would keep for ever), and the table persists as one blob. A collision can only
 * raise a key's count: a rare key sharing a counter with a frequent one looks commoner than it is. With 2^20
 * counters and ~3·10^5 distinct keys about one key in four shares its counter, nearly always with another rare key
 * (a difference of 1–2 in the count), which moves idf by far less than the weights' own drift between reweighs.
 */
export const DF_BITS = 20;
const DF_MASK = (1 << DF_BITS) - 1;

export class DocumentFrequencies {
  readonly counts: Uint32Array;
  documents = 0;

  constructor(state?: { documents: number; counts: Uint32Array }) {
    this.counts = state ? state.counts : new Uint32Array(1 << DF_BITS);
    this.documents = state?.documents ?? 0;
  }

  add(keys: Iterable<string>): void {
    this.documents++;
    for (const key of keys) this.counts[hash32(key) & DF_MASK]!++;
  }

  count(key: string): number {
    return this.counts[hash32(key) & DF_MASK]!;
  }

  idf(key: string): number {
    return Math.log((this.documents + 1) / Math.max(1, this.count(key)));
  }

  /** L2-normalised TF-IDF vector of term counts (sublinear tf). Terms seen in every document weigh 0. */
  weigh(counts: Record<string, number>): SparseVector {
    const v: SparseVector = new Map();
    let norm = 0;
    const lnN = Math.log(this.documents + 1);
    for (const key in counts) {
      const tf = counts[key]!;
      const w = (1 + Math.log(tf)) * (lnN - Math.log(Math.max(1, this.counts[hash32(key) & DF_MASK]!)));
      if (w <= 0) continue;
      v.set(key, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [key, w] of v) v.set(key, w / norm);
    return v;
  }
}
