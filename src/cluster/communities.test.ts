import assert from 'node:assert/strict';
import { test } from 'node:test';
import { louvain } from './communities.ts';

/** Two 4-cliques joined by one weak edge. */
const twoGroups = {
  n: 8,
  edges: [
    ...[0, 1, 2, 3].flatMap((a) => [0, 1, 2, 3].filter((b) => b > a).map((b): [number, number, number] => [a, b, 0.6])),
    ...[4, 5, 6, 7].flatMap((a) => [4, 5, 6, 7].filter((b) => b > a).map((b): [number, number, number] => [a, b, 0.6])),
    [3, 4, 0.2] as [number, number, number],
  ],
};

test('two dense groups joined by a weak edge are two communities', () => {
  const c = louvain(twoGroups, 1);
  assert.equal(new Set(c.slice(0, 4)).size, 1);
  assert.equal(new Set(c.slice(4)).size, 1);
  assert.notEqual(c[0], c[4]);
});

test('an isolated pair merges even in a tiny graph; isolated nodes stay alone', () => {
  const c = louvain({ n: 3, edges: [[0, 1, 0.3]] }, 3);
  assert.equal(c[0], c[1]);
  assert.notEqual(c[2], c[0]);
});

test('a veto keeps nodes apart', () => {
  const c = louvain(
    {
      n: 3,
      edges: [
        [0, 1, 0.9],
        [1, 2, 0.9],
        [0, 2, 0.9],
      ],
    },
    1,
    (a, b) => !(a.includes(0) && b.includes(2)) && !(a.includes(2) && b.includes(0)),
  );
  assert.notEqual(c[0], c[2]);
});
