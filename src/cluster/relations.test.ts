import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noShared } from '../../test/support.ts';
import { fingerprint } from './fingerprint.ts';
import { lightlyEdited, seeds, UNRELATED } from './fixtures.test.ts';
import { alignedAnchors, relate } from './relations.ts';

test('the machine-translated rewrite of a report is a rewrite, not a near-duplicate', { skip: noShared }, () => {
  const [original, rewrite] = seeds();
  const a = fingerprint({ id: 'original', text: original, publishedAt: '2022-11-05T13:33' }, 0);
  const b = fingerprint({ id: 'rewrite', text: rewrite, publishedAt: '2022-11-05T18:00' }, 1);
  const relation = relate(b, a);
  assert.ok(relation, 'the seeds are related');
  assert.equal(relation.type, 'rewrite');
  assert.ok((relation.evidence.shingleJaccard ?? 1) < 0.1, 'hardly any shared word shingles');
  // Evidence: aligned sentences (e.g. the agreement to resume rail traffic) and names/numbers in the same order.
  const aligned = relation.evidence.matchedSentences ?? [];
  assert.ok(aligned.length >= 4);
  assert.ok(
    aligned.some(
      (p) =>
        /resume rail traffic/.test(rewrite.slice(p.a.start, p.a.end)) &&
        /resume rail traffic/.test(original.slice(p.b.start, p.b.end)),
    ),
  );
  assert.ok(relation.evidence.alignedAnchors?.includes('#30'), '30 horses in both');
  assert.deepEqual(relation.precedence, { earlier: 'original', later: 'rewrite', basis: 'published-at' });
});

test('undated pairs get no precedence rather than a guess', { skip: noShared }, () => {
  const [original, rewrite] = seeds();
  const relation = relate(fingerprint({ id: 'b', text: rewrite }, 1), fingerprint({ id: 'a', text: original }, 0));
  assert.equal(relation?.type, 'rewrite');
  assert.equal(relation?.precedence, null);
});

test('a lightly edited, retitled copy is a near-duplicate', { skip: noShared }, () => {
  const [original] = seeds();
  const relation = relate(
    fingerprint({ id: 'copy', text: lightlyEdited(original) }, 1),
    fingerprint({ id: 'o', text: original }, 0),
  );
  assert.equal(relation?.type, 'near-duplicate');
  assert.ok(relation.score > 0.6 && relation.score < 1);
});

test('the same text with other whitespace, quotes and case is a duplicate', () => {
  const a = fingerprint({ id: 'a', text: UNRELATED }, 0);
  const b = fingerprint({ id: 'b', text: UNRELATED.toUpperCase().replace(/\n/g, '\n\n  ').replace(/'/g, '\u2019') }, 1);
  assert.equal(relate(b, a)?.type, 'duplicate');
  assert.equal(relate(b, a)?.score, 1);
});

test('unrelated reports have no copy relation', { skip: noShared }, () => {
  const [original, rewrite] = seeds();
  const other = fingerprint({ id: 'u', text: UNRELATED }, 2);
  assert.equal(relate(other, fingerprint({ id: 'a', text: original }, 0)), null);
  assert.equal(relate(other, fingerprint({ id: 'b', text: rewrite }, 1)), null);
});

test('aligned anchors are the longest common subsequence of shared names and numbers', () => {
  assert.deepEqual(alignedAnchors(['n:a', '#1', 'n:b', 'n:c', '#2'], ['n:b', 'n:a', '#1', 'n:x', '#2']), [
    'n:a',
    '#1',
    '#2',
  ]);
  assert.deepEqual(alignedAnchors(['n:a'], ['n:b']), []);
});

test('empty texts are copies of nothing', () => {
  assert.equal(relate(fingerprint({ id: 'a', text: '' }, 1), fingerprint({ id: 'b', text: ' \n ' }, 0)), null);
});
