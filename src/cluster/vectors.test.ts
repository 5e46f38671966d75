import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentFrequencies } from './vectors.ts';

test('document frequencies stay under their bound, dropping the rarest keys, and report only what changed', () => {
  const df = new DocumentFrequencies(undefined, 10);
  df.add(['quake', 'rescue', 'n:ana lima']);
  df.add(['quake', 'rescue', 'n:rui costa']);
  assert.deepEqual(df.takeChanges(), {
    documents: 2,
    counts: [
      ['quake', 2],
      ['rescue', 2],
      ['n:ana lima', 1],
      ['n:rui costa', 1],
    ],
    dropped: [],
  });
  df.add(['quake']);
  assert.deepEqual(df.takeChanges().counts, [['quake', 3]], 'only the count that changed');
  // Eleven keys: over the bound, the keys seen once go (down to at most half the bound), the frequent ones stay.
  df.add(['quake', 'rescue', ...Array.from({ length: 8 }, (_, i) => `#${i}`)]);
  assert.ok(df.df.size <= 5, `${df.df.size} keys`);
  assert.equal(df.count('quake'), 4);
  assert.equal(df.count('n:ana lima'), 0);
  const changes = df.takeChanges();
  assert.deepEqual(changes.counts, [
    ['quake', 4],
    ['rescue', 3],
  ]);
  assert.deepEqual(changes.dropped.sort(), [
    '#0',
    '#1',
    '#2',
    '#3',
    '#4',
    '#5',
    '#6',
    '#7',
    'n:ana lima',
    'n:rui costa',
  ]);
  // A dropped key that comes back counts from 1 and is written again, not deleted.
  df.add(['n:ana lima']);
  assert.deepEqual(df.takeChanges(), { documents: 5, counts: [['n:ana lima', 1]], dropped: [] });
  assert.deepEqual(df.entries(), [
    ['n:ana lima', 1],
    ['quake', 4],
    ['rescue', 3],
  ]);
});
