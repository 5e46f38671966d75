import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentTerms, namePhrases, normaliseForDuplicate, sentenceSpans, stem, tokenize, years } from './text.ts';

test('duplicate normalisation folds case, quotes, dashes and whitespace', () => {
  assert.equal(
    normaliseForDuplicate('He said \u201CYes\u201D \u2014  it\u2019s  done.\n'),
    normaliseForDuplicate('he said "yes" - it\'s done.'),
  );
  assert.notEqual(normaliseForDuplicate('it is done'), normaliseForDuplicate('it is not done'));
});

test('name phrases: capitalised runs, not sentence-initial words, months or function words', () => {
  const names = namePhrases(
    tokenize('The train was seen by 38 North on Friday. Analysts at Johns Hopkins University agreed with John Kirby.'),
  );
  assert.ok(names.includes('johns hopkins university'));
  assert.ok(names.includes('john kirby'));
  assert.ok(names.includes('kirby'));
  assert.ok(!names.includes('the'));
  assert.ok(!names.includes('analysts'), 'sentence-initial and not capitalised elsewhere');
  assert.ok(!names.includes('friday'));
});

test('content terms drop function words and stem lightly; years are found', () => {
  const tokens = tokenize('The rescuers were checking the flooded houses in 1998 and 2,300 people left.');
  const terms = contentTerms(tokens);
  assert.ok(terms.includes('rescuer'));
  assert.ok(terms.includes('flood'));
  assert.ok(terms.includes('#2300'));
  assert.ok(!terms.includes('the'));
  assert.deepEqual(years(tokens), ['1998']);
  assert.equal(stem('checked'), stem('checks'));
  assert.equal(stem('Lohan'.toLowerCase()), 'lohan');
});

test('sentences split at final punctuation and line breaks, not after abbreviations or initials', () => {
  const text = 'The train was seen on Nov. 4 by U.S. analysts. Brig. Gen. Pat Ryder said "no." Then?\nA new line';
  assert.deepEqual(
    sentenceSpans(text).map((s) => text.slice(s.start, s.end)),
    ['The train was seen on Nov. 4 by U.S. analysts.', 'Brig. Gen. Pat Ryder said "no."', 'Then?', 'A new line'],
  );
});
