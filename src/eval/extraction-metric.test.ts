import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scoreExtraction, scorePage, shingles, wordTokens } from './extraction-metric.ts';

test('word tokens are Unicode \\w+ runs; punctuation and the ? of broken quotes split the same way', () => {
  assert.deepEqual(wordTokens('Kosovo?s envoy, Joachim Rücker — 15-member body'), [
    'Kosovo',
    's',
    'envoy',
    'Joachim',
    'Rücker',
    '15',
    'member',
    'body',
  ]);
  assert.deepEqual(wordTokens('Kosovo’s'), wordTokens('Kosovo?s'));
  assert.deepEqual(wordTokens(' … — '), []);
});

test('shingles are runs of four tokens, counted as a multiset; short texts give one shingle', () => {
  assert.deepEqual(
    [...shingles(wordTokens('a b c d e'))],
    [
      ['a b c d', 1],
      ['b c d e', 1],
    ],
  );
  assert.deepEqual([...shingles(wordTokens('no no no no no'))], [['no no no no', 2]]);
  assert.deepEqual([...shingles(wordTokens('just two'))], [['just two', 1]]);
  assert.equal(shingles([]).size, 0);
});

test('a page missing its last sentence loses recall, not precision', () => {
  const page = scorePage('The cat sat on the mat today.', 'The cat sat on the mat');
  assert.deepEqual([page.tp, page.fp, page.fn], [3, 0, 1]);
  assert.equal(page.precision, 1);
  assert.equal(page.recall, 0.75);
  assert.equal(page.exact, false);
});

test('extra boilerplate costs precision; case is kept', () => {
  const page = scorePage('Rain fell in Kyiv on Monday.', 'Share this story. rain fell in Kyiv on Monday.');
  // gold shingles: Rain fell in Kyiv / fell in Kyiv on / in Kyiv on Monday; only the last two are predicted.
  assert.equal(page.tp, 2);
  assert.equal(page.fn, 1);
  assert.equal(page.fp, 4); // 9 predicted tokens give 6 shingles
});

test('means: precision over pages with a prediction, recall over pages with gold', () => {
  const scores = scoreExtraction(
    ['The cat sat on the mat today.', 'Another page with gold text here.', 'Same words exactly, here.'],
    ['The cat sat on the mat', '', 'Same   words\nexactly here'],
  );
  assert.equal(scores.precision, 1); // pages 1 and 3; page 2 has no prediction
  assert.equal(scores.recall, (0.75 + 0 + 1) / 3);
  assert.equal(scores.f1, (2 * scores.precision * scores.recall) / (scores.precision + scores.recall));
  assert.equal(scores.accuracy, 1 / 3); // only page 3 has the same token sequence
  assert.equal(scores.docs_with_prediction, 2);
});

test('gold against itself scores 1; no prediction at all scores 0; a missing prediction counts as empty', () => {
  const gold = ['One two three four five.', 'Six seven.'];
  assert.deepEqual(scoreExtraction(gold, gold), {
    precision: 1,
    recall: 1,
    f1: 1,
    accuracy: 1,
    docs_with_prediction: 2,
  });
  const none = scoreExtraction(gold, []);
  assert.equal(none.precision, 0);
  assert.equal(none.recall, 0);
  assert.equal(none.f1, 0);
  assert.equal(none.docs_with_prediction, 0);
});
