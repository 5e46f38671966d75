/**
 * MinHash signatures and an LSH (banding) index for near-duplicate candidates.
 *
 * Hand-written: no maintained MinHash/LSH package exists for Node, and the whole thing is a few dozen lines. The
 * hash is a 32-bit FNV-1a over UTF-16 code units finished with MurmurHash3's fmix32; it is synchronous (xxhash-wasm
 * needs an async initialisation that would make every caller async) and stable, so signatures stored as JSON stay
 * comparable with new ones.
 */
import { LSH_BANDS, MINHASH_PERMUTATIONS } from './patterns.ts';

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable 32-bit hash of a string. */
export function hash32(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return fmix32(h >>> 0);
}

/** A 64-bit-ish hex digest (two 32-bit hashes: of the text, and of `\u0001` and the text) for exact-duplicate keys. */
export function hashHex(text: string): string {
  // Both hashes in one pass over the text.
  let h = HEX_START[0];
  let g = HEX_START[1];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h = Math.imul(h ^ c, FNV_PRIME);
    g = Math.imul(g ^ c, FNV_PRIME);
  }
  return hexDigest(h, g);
}

/** The two running hashes of `hashHex` before the first character (for callers that feed characters themselves). */
export const HEX_START: readonly [number, number] = [FNV_OFFSET, Math.imul(FNV_OFFSET ^ 1, FNV_PRIME)];

/** `hashHex`'s digest of its two running hashes. */
export function hexDigest(h: number, g: number): string {
  return (
    fmix32(h >>> 0)
      .toString(16)
      .padStart(8, '0') +
    fmix32(g >>> 0)
      .toString(16)
      .padStart(8, '0')
  );
}

const SEEDS = Int32Array.from({ length: MINHASH_PERMUTATIONS }, (_, i) => fmix32((i + 1) * 0x9e3779b1));

/** MinHash signature of a set of shingles (each permutation simulated by re-mixing the shingle hash with a seed). */
export function minhash(shingles: Iterable<string>, permutations = MINHASH_PERMUTATIONS): number[] {
  const hashes = new Set<number>();
  for (const shingle of shingles) hashes.add(hash32(shingle));
  return minhashHashes(hashes, permutations);
}

/** `minhash` of shingles given by their `hash32` values (repeats allowed). */
export function minhashHashes(hashes: Iterable<number> | Int32Array, permutations = MINHASH_PERMUTATIONS): number[] {
  const values = hashes instanceof Int32Array ? hashes : Int32Array.from(hashes);
  const seeds =
    permutations <= SEEDS.length
      ? SEEDS
      : Int32Array.from({ length: permutations }, (_, i) => fmix32((i + 1) * 0x9e3779b1));
  const n = values.length;
  const out = new Array<number>(permutations);
  // fmix32 inlined and everything in signed 32-bit integers (v ^ 0x80000000 orders as v does unsigned), so that
  // no value leaves V8's small-integer range: this loop runs permutations × shingles times per document. One
  // permutation at a time keeps its minimum in a register.
  for (let i = 0; i < permutations; i++) {
    const seed = seeds[i]!;
    let min = 0x7fffffff;
    for (let j = 0; j < n; j++) {
      let v = values[j]! ^ seed;
      v ^= v >>> 16;
      v = Math.imul(v, 0x85ebca6b);
      v ^= v >>> 13;
      v = Math.imul(v, 0xc2b2ae35);
      v ^= (v >>> 16) ^ 0x80000000;
      if (v < min) min = v;
    }
    out[i] = (min ^ 0x80000000) >>> 0;
  }
  return out;
}

/** FNV-1a over the decimal digits of a non-negative integer (as hashing `String(n)` would). */
function feedDecimal(h: number, n: number): number {
  if (n < 10) return Math.imul(h ^ (48 + n), FNV_PRIME);
  let div = 1;
  while (div * 10 <= n) div *= 10;
  for (; div >= 1; div /= 10) {
    const d = Math.floor(n / div) % 10;
    h = Math.imul(h ^ (48 + d), FNV_PRIME);
  }
  return h;
}

/** Share of equal positions: an unbiased estimate of the Jaccard similarity of the two shingle sets. */
export function estimateJaccard(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / n;
}

/**
 * Banded LSH over MinHash signatures: two signatures that agree on every row of at least one band are candidates.
 * With 32 bands of 4 rows a pair with Jaccard 0.5 is found with probability 0.87, 0.7 with 0.999, 0.2 with 0.05.
 * Lookup costs one map access per band, whatever the collection size.
 */
export class LshIndex {
  // Buckets by the 32-bit hash of the band (not the band's text): a quarter of the memory per document. Two
  // different bands with one hash only add a candidate, which the relation test then rejects. Most buckets hold
  // one document: that one is kept as a bare id, not an array of one.
  private readonly buckets = new Map<number, string | string[]>();
  constructor(
    readonly bands = LSH_BANDS,
    readonly rows = MINHASH_PERMUTATIONS / LSH_BANDS,
  ) {}

  /**
   * The band hashes of a signature (bands of unfilled positions, from an empty text, are left out): `hash32` of
   * `band:v1,v2,…` in decimal, fed to the hash digit by digit rather than built as a string.
   */
  keys(signature: readonly number[]): number[] {
    const keys: number[] = [];
    for (let b = 0; b < this.bands; b++) {
      const from = b * this.rows;
      if (from + this.rows > signature.length || signature[from] === 0xffffffff) continue;
      let h = feedDecimal(FNV_OFFSET, b);
      h = Math.imul(h ^ 58, FNV_PRIME); // ':'
      for (let r = 0; r < this.rows; r++) {
        if (r > 0) h = Math.imul(h ^ 44, FNV_PRIME); // ','
        h = feedDecimal(h, signature[from + r]!);
      }
      keys.push(fmix32(h >>> 0) | 0);
    }
    return keys;
  }

  /** Forget a document (it left the active window). */
  remove(id: string, signature: readonly number[]): void {
    this.removeKeys(id, this.keys(signature));
  }

  /** Forget a document by its band hashes (`keys`). */
  removeKeys(id: string, keys: ArrayLike<number>): void {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const bucket = this.buckets.get(key);
      if (bucket === undefined) continue;
      if (typeof bucket === 'string') {
        if (bucket === id) this.buckets.delete(key);
        continue;
      }
      const i = bucket.indexOf(id);
      if (i >= 0) bucket.splice(i, 1);
      if (bucket.length === 0) this.buckets.delete(key);
      else if (bucket.length === 1) this.buckets.set(key, bucket[0]!);
    }
  }

  add(id: string, signature: readonly number[]): void {
    this.addKeys(id, this.keys(signature));
  }

  /** File a document under its band hashes (`keys`). */
  addKeys(id: string, keys: ArrayLike<number>): void {
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      const bucket = this.buckets.get(key);
      if (bucket === undefined) this.buckets.set(key, id);
      else if (typeof bucket === 'string') this.buckets.set(key, [bucket, id]);
      else bucket.push(id);
    }
  }

  /**
   * Ids sharing at least one band with the signature (the id itself excluded), reading at most the `perBucket`
   * most recently added ids of each bucket, so that a text copied thousands of times costs no more to look up.
   */
  candidates(signature: readonly number[], self?: string, perBucket = 100): Set<string> {
    return this.candidatesByKeys(this.keys(signature), self, perBucket);
  }

  candidatesByKeys(keys: ArrayLike<number>, self?: string, perBucket = 100): Set<string> {
    const found = new Set<string>();
    for (let k = 0; k < keys.length; k++) {
      const bucket = this.buckets.get(keys[k]!);
      if (bucket === undefined) continue;
      if (typeof bucket === 'string') {
        if (bucket !== self) found.add(bucket);
        continue;
      }
      for (let i = Math.max(0, bucket.length - perBucket); i < bucket.length; i++)
        if (bucket[i] !== self) found.add(bucket[i]!);
    }
    return found;
  }

  get bucketCount(): number {
    return this.buckets.size;
  }
}

const defaultBands = new LshIndex();

/**
 * The LSH band keys of a signature as 32-bit integers: what an on-disk index stores per document (32 small rows
 * instead of 32 strings of four numbers) and looks up for an arriving document.
 */
export function bandHashes(signature: readonly number[]): number[] {
  return defaultBands.keys(signature);
}
