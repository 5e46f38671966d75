import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AttributionSpans, charSet, scoreAttributions } from './attribution-metric.ts';

const text = 'The ministry said on Monday that the train carried horses. Officials believe it left at night, he added.';
const span = (part: string, from = 0): [number, number] => {
  const start = text.indexOf(part, from);
  assert.ok(start >= 0, part);
  return [start, start + part.length];
};
const gold: AttributionSpans[] = [
  { source: [span('The ministry')], cue: [span('said')], content: [span('that the train carried horses')] },
  { source: [span('Officials')], cue: [span('believe')], content: [span('it left at night')] },
  { source: [span('he')], cue: [span('added')], content: [span('Officials believe it left at night')] },
];

test('gold scored against itself gives 1 everywhere', () => {
  const score = scoreAttributions([{ text, gold, predicted: gold }]);
  assert.equal(score.attribution.f1, 1);
  assert.equal(score.attribution_with_source.f1, 1);
  for (const c of ['source', 'cue', 'content'] as const) {
    assert.equal(score[c].exact.f1, 1);
    assert.equal(score[c].overlap.f1, 1);
    assert.equal(score[c].chars.f1, 1);
    assert.equal(score[c].gold, 3);
  }
});

test('an empty prediction gives 0', () => {
  const score = scoreAttributions([{ text, gold, predicted: [] }]);
  assert.equal(score.attribution.f1, 0);
  assert.equal(score.attribution.recall, 0);
  assert.equal(score.content.chars.f1, 0);
  assert.equal(score.cue.predicted, 0);
});

test('a partial prediction: half-overlapping content matches, a wrong source fails only the with-source score', () => {
  const predicted: AttributionSpans[] = [
    // Content without "that": 5 of 5 predicted tokens shared with gold's 5 → matches; source exact.
    { source: [span('The ministry')], cue: [span('said')], content: [span('the train carried horses')] },
    // Right cue and content, but source "it" instead of "Officials".
    { source: [span('it left')], cue: [span('believe')], content: [span('it left at night')] },
    // Content too long: 9 tokens predicted, 3 shared with gold → no match.
    { source: [], cue: [span('Monday')], content: [span('Monday that the train carried horses. Officials believe')] },
  ];
  const score = scoreAttributions([{ text, gold, predicted }]);
  assert.equal(score.attribution.precision, 2 / 3);
  assert.equal(score.attribution.recall, 2 / 3);
  assert.equal(score.attribution_with_source.precision, 1 / 3);
  // Sources: 2 non-empty predicted, one identical to gold.
  assert.equal(score.source.predicted, 2);
  assert.equal(score.source.exact.precision, 1 / 2);
  assert.equal(score.source.exact.recall, 1 / 3);
  // Content "the train carried horses" overlaps gold "that the train …" but is not identical.
  assert.equal(score.content.exact.precision, 1 / 3);
  // Overlap pairs one-to-one, larger share first: the long third content takes the first gold content, so the
  // first prediction is left without a partner.
  assert.equal(score.content.overlap.precision, 2 / 3);
});

test('only non-whitespace characters count: a span split at a space equals the whole span', () => {
  const [s, e] = span('the train carried');
  const split: [number, number][] = [
    [s, s + 4],
    [s + 4, e],
  ];
  assert.deepEqual(charSet(text, split), charSet(text, [[s, e]]));
  const score = scoreAttributions([
    {
      text,
      gold: [{ source: [], cue: [span('said')], content: [[s, e]] }],
      predicted: [{ source: [], cue: [span('said')], content: split }],
    },
  ]);
  assert.equal(score.content.exact.f1, 1);
  assert.equal(score.attribution_with_source.f1, 1);
});
