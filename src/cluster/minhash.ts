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
  if (permutations === SIMD_PERMUTATIONS) {
    const kernel = simdKernel();
    if (kernel) return kernel(values);
  }
  return minhashPortable(values, permutations);
}

/** `minhashHashes` in plain JavaScript: the reference the WebAssembly kernel is tested against, and its fallback. */
export function minhashPortable(values: Int32Array, permutations = MINHASH_PERMUTATIONS): number[] {
  const seeds = permutations <= SEEDS.length ? SEEDS : seedsFor(permutations);
  const n = values.length;
  const out = new Array<number>(permutations);
  // fmix32 inlined and everything in signed 32-bit integers (v ^ 0x80000000 orders as v does unsigned), so that
  // no value leaves V8's small-integer range. One permutation at a time keeps its minimum in a register.
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

function seedsFor(permutations: number): Int32Array {
  return Int32Array.from({ length: permutations }, (_, i) => fmix32((i + 1) * 0x9e3779b1));
}

/*
 * The MinHash loop (permutations × shingles re-mixings, a quarter of fingerprinting in JavaScript) as a WebAssembly
 * SIMD kernel: four permutations per 128-bit lane group, sixteen per pass over the hashes. Written by hand because
 * it is one small loop (no build step or package compiles WebAssembly here); the bytes are assembled below from
 * named instructions. Memory: seeds at 0, the signature at 512, the shingle hashes from 1024.
 */
const SIMD_PERMUTATIONS = 128;
const SIGNATURE_AT = 512;
const HASHES_AT = 1024;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const wasm = {
  localGet: (i: number) => [0x20, i],
  localSet: (i: number) => [0x21, i],
  localTee: (i: number) => [0x22, i],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  i32LtU: [0x49],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  end: [0x0b],
  v128Load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  v128Load32Splat: [0xfd, 0x09, 2, 0],
  v128Store: (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)],
  i32x4Const: (n: number) => [
    0xfd,
    0x0c,
    ...Array.from({ length: 4 }, () => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]).flat(),
  ],
  v128Xor: [0xfd, 0x51],
  i32x4ShrU: [0xfd, ...uleb(0xad)],
  i32x4Mul: [0xfd, ...uleb(0xb5)],
  i32x4MinU: [0xfd, ...uleb(0xb7)],
};

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

/** The kernel's module: `memory` and `minhash(n)`, which reads n hashes and writes the 128-value signature. */
function kernelModule(): Uint8Array {
  const w = wasm;
  // Locals: 0 n (parameter), 1 j, 2 end, 3 group offset, 4–7 seeds, 8–11 minima, 12 scratch, 13 the splatted hash.
  const [n, j, end, group, seed, min, v, hash] = [0, 1, 2, 3, 4, 8, 12, 13];
  const lanes = [0, 1, 2, 3];
  const remix = (k: number) => [
    ...w.localGet(hash),
    ...w.localGet(seed + k),
    ...w.v128Xor,
    ...[16, 0x85ebca6b, 13, 0xc2b2ae35].flatMap((x, i) =>
      i % 2 === 0
        ? [...w.localTee(v), ...w.localGet(v), ...w.i32Const(x), ...w.i32x4ShrU, ...w.v128Xor]
        : [...w.i32x4Const(x), ...w.i32x4Mul],
    ),
    ...[...w.localTee(v), ...w.localGet(v), ...w.i32Const(16), ...w.i32x4ShrU, ...w.v128Xor],
    ...w.localGet(min + k),
    ...w.i32x4MinU,
    ...w.localSet(min + k),
  ];
  const body = [
    ...[2, 3, 0x7f, 10, 0x7b], // locals: 3 × i32, 10 × v128
    ...[...w.localGet(n), ...w.i32Const(2), ...w.i32Shl, ...w.i32Const(HASHES_AT), ...w.i32Add, ...w.localSet(end)],
    ...[...w.i32Const(0), ...w.localSet(group)],
    ...w.loop,
    ...lanes.flatMap((k) => [...w.localGet(group), ...w.v128Load(16 * k), ...w.localSet(seed + k)]),
    ...lanes.flatMap((k) => [...w.i32x4Const(0xffffffff), ...w.localSet(min + k)]),
    ...[...w.i32Const(HASHES_AT), ...w.localSet(j)],
    ...w.block,
    ...w.loop,
    ...[...w.localGet(j), ...w.localGet(end), ...w.i32GeU, ...w.brIf(1)],
    ...[...w.localGet(j), ...w.v128Load32Splat, ...w.localSet(hash)],
    ...lanes.flatMap(remix),
    ...[...w.localGet(j), ...w.i32Const(4), ...w.i32Add, ...w.localSet(j), ...w.br(0)],
    ...w.end,
    ...w.end,
    ...lanes.flatMap((k) => [...w.localGet(group), ...w.localGet(min + k), ...w.v128Store(SIGNATURE_AT + 16 * k)]),
    ...[...w.localGet(group), ...w.i32Const(64), ...w.i32Add, ...w.localTee(group)],
    ...[...w.i32Const(SIMD_PERMUTATIONS * 4), ...w.i32LtU, ...w.brIf(0)],
    ...w.end,
    ...w.end,
  ];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, 0x7f, 0]), // type: (i32) -> ()
    ...section(3, [1, 0]), // one function of that type
    ...section(5, [1, 0, 1]), // memory: one page, growable
    ...section(7, [2, 1, 0x6d, 2, 0, 1, 0x68, 0, 0]), // exports: "m" memory, "h" function
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

let kernel: ((values: Int32Array) => number[]) | null | undefined;

/** What the kernel uses of the WebAssembly global (typed here: the project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => unknown;
  Instance: new (module: unknown) => { exports: Record<string, unknown> };
}

/** The WebAssembly kernel, or null where WebAssembly SIMD is unavailable (then the portable loop runs). */
function simdKernel(): ((values: Int32Array) => number[]) | null {
  if (kernel !== undefined) return kernel;
  try {
    const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    if (!api) throw new Error('no WebAssembly');
    const instance = new api.Instance(new api.Module(kernelModule()));
    const memory = instance.exports.m as { buffer: ArrayBuffer; grow(pages: number): number };
    const run = instance.exports.h as (n: number) => void;
    new Int32Array(memory.buffer, 0, SIMD_PERMUTATIONS).set(SEEDS);
    // Views made again only when the memory grows (growing detaches the old buffer).
    let hashes = new Int32Array(memory.buffer, HASHES_AT);
    let signature = new Uint32Array(memory.buffer, SIGNATURE_AT, SIMD_PERMUTATIONS);
    kernel = (values) => {
      if (values.length > hashes.length) {
        memory.grow(Math.ceil((values.length - hashes.length) / 16_384));
        hashes = new Int32Array(memory.buffer, HASHES_AT);
        signature = new Uint32Array(memory.buffer, SIGNATURE_AT, SIMD_PERMUTATIONS);
      }
      hashes.set(values);
      run(values.length);
      const out = new Array<number>(SIMD_PERMUTATIONS);
      for (let i = 0; i < SIMD_PERMUTATIONS; i++) out[i] = signature[i]!;
      return out;
    };
  } catch {
    kernel = null;
  }
  return kernel;
}

/** FNV-1a over the decimal digits of an integer 0 ≤ n < 2^32 (as hashing `String(n)` would). */
function feedDecimal(h: number, n: number): number {
  // In groups of four digits read from a table: one division per group instead of one per digit (dividing by
  // powers of ten, digit by digit, was most of the band hashing).
  if (n < 10_000) return feedDigits(h, n, false);
  const high = Math.floor(n / 10_000);
  const low = n - high * 10_000;
  if (high < 10_000) return feedDigits(feedDigits(h, high, false), low, true);
  const top = Math.floor(high / 10_000);
  return feedDigits(feedDigits(feedDigits(h, top, false), high - top * 10_000, true), low, true);
}

/** The four decimal digits of each number below 10,000, as character codes. */
const DIGITS = new Uint8Array(40_000);
for (let i = 0; i < 10_000; i++)
  for (let k = 0, d = i; k < 4; k++, d = Math.floor(d / 10)) DIGITS[i * 4 + 3 - k] = 48 + (d % 10);

/** FNV-1a over the digits of 0 ≤ n < 10,000: all four (`padded`, an inner group) or without leading zeros. */
function feedDigits(h: number, n: number, padded: boolean): number {
  const at = n * 4;
  const from = padded || n >= 1000 ? 0 : n >= 100 ? 1 : n >= 10 ? 2 : 3;
  for (let i = from; i < 4; i++) h = Math.imul(h ^ DIGITS[at + i]!, FNV_PRIME);
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
