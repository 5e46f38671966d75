/** Sparse vectors (term → weight) and the TF-IDF weighting with incrementally updated document frequencies. */

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

/** Document frequencies over the documents seen so far; idf = ln((N + 1) / df), near 0 for a term in every document. */
export class DocumentFrequencies {
  readonly df = new Map<string, number>();
  documents = 0;

  add(keys: Iterable<string>): void {
    this.documents++;
    for (const key of keys) this.df.set(key, (this.df.get(key) ?? 0) + 1);
  }

  count(key: string): number {
    return this.df.get(key) ?? 0;
  }

  idf(key: string): number {
    return Math.log((this.documents + 1) / Math.max(1, this.count(key)));
  }

  /** L2-normalised TF-IDF vector of term counts (sublinear tf). Terms seen in every document weigh 0. */
  weigh(counts: Record<string, number>): SparseVector {
    const v: SparseVector = new Map();
    let norm = 0;
    for (const [key, tf] of Object.entries(counts)) {
      const w = (1 + Math.log(tf)) * this.idf(key);
      if (w <= 0) continue;
      v.set(key, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [key, w] of v) v.set(key, w / norm);
    return v;
  }
}
