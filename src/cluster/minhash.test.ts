import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandHashes, estimateJaccard, hash32, LshIndex, minhash, minhashHashes, minhashPortable } from './minhash.ts';
import { shingles } from './text.ts';

const words = (s: string) => s.toLowerCase().split(/\s+/).filter(Boolean);

test('hash32 is stable across runs (stored signatures stay comparable)', () => {
  // Pinned: changing the hash invalidates every stored fingerprint.
  assert.equal(hash32('north korea'), 2213242994);
  assert.notEqual(hash32('north korea'), hash32('south korea'));
  assert.equal(hash32(''), hash32(''));
});

test('MinHash estimates Jaccard within sampling error', () => {
  const a = new Set(Array.from({ length: 300 }, (_, i) => `s${i}`));
  const b = new Set(Array.from({ length: 300 }, (_, i) => `s${i + 100}`)); // 200 shared of 400: J = 0.5
  const j = estimateJaccard(minhash(a), minhash(b));
  assert.ok(Math.abs(j - 0.5) < 0.12, `estimate ${j}`);
  assert.equal(estimateJaccard(minhash(a), minhash(a)), 1);
  assert.ok(estimateJaccard(minhash(a), minhash(new Set(['x', 'y', 'z']))) < 0.05);
});

test('LSH finds a lightly edited text and not an unrelated one', () => {
  const base =
    'the council voted on tuesday to build twelve kilometres of protected cycle lanes through the harbour district ending a two year dispute between shop owners and cycling groups over parking and deliveries';
  const edited = base.replace('tuesday', 'monday');
  const other =
    'heavy rain from the storm flooded at least forty homes in the coastal villages on saturday and rescue teams moved residents to a school gym overnight';
  const index = new LshIndex();
  index.add('base', minhash(shingles(words(base), 5)));
  index.add('other', minhash(shingles(words(other), 5)));
  const found = index.candidates(minhash(shingles(words(edited), 5)));
  assert.ok(found.has('base'));
  assert.ok(!found.has('other'));
  assert.ok(!index.candidates(minhash(shingles(words(base), 5)), 'base').has('base'), 'self excluded');
});

test("the WebAssembly MinHash kernel gives the portable loop's signatures, for any number of shingles", () => {
  const random = (n: number, seed: number) => {
    const out = new Int32Array(n);
    let x = seed;
    for (let i = 0; i < n; i++) {
      x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5;
      out[i] = x;
    }
    return out;
  };
  // Empty (an empty text), small, and more hashes than the kernel's first memory page holds (it grows).
  for (const n of [0, 1, 3, 86, 1000, 40_000]) {
    const hashes = random(n, n + 1);
    assert.deepEqual(minhashHashes(hashes), minhashPortable(hashes), `${n} hashes`);
  }
  assert.deepEqual(minhashHashes(new Int32Array(0)), new Array(128).fill(0xffffffff));
  assert.deepEqual(minhashHashes(new Set([5, 7, 5])), minhashPortable(Int32Array.of(5, 7)), 'repeats change nothing');
});

test('band hashes are hash32 of each band written out in decimal, whatever the size of the values', () => {
  const signature = Array.from(
    { length: 128 },
    (_, i) => [0, 7, 10, 99_999, 100_000, 100_001, 1_000_000_007, 0xfffffffe, 4_000_000_000, i * 33_554_467][i % 10]!,
  );
  const keys = bandHashes(signature);
  assert.equal(keys.length, 32);
  for (let b = 0; b < 32; b++)
    assert.equal(keys[b], hash32(`${b}:${signature.slice(b * 4, b * 4 + 4).join(',')}`) | 0, `band ${b}`);
  assert.deepEqual(bandHashes(new Array(128).fill(0xffffffff)), [], 'an empty text has no bands');
});
