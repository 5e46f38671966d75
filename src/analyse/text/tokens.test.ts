import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noShared, sharedPath } from '../../../test/support.ts';
import { splitSentences, tokenize } from './tokens.ts';

const words = (text: string) => tokenize(text).map((t) => t.text);
const sentences = (text: string) => splitSentences(text).map((s) => text.slice(s.start, s.end));

test('abbreviations keep their period and do not end a sentence', () => {
  const text = 'Pentagon Press Secretary Air Force Brig. Gen. Pat Ryder stated it on Nov. 4 in the U.S. capital.';
  assert.deepEqual(sentences(text), [text]);
  assert.ok(words(text).includes('Brig.'));
  assert.ok(words(text).includes('Nov.'));
  assert.ok(words(text).includes('U.S.'));
});

test('an initialism at the end of a sentence ends it when a sentence opening follows', () => {
  const text = 'Shells were sent to the U.S. The ministry denied it. Traffic resumed in Sept. 2022.';
  assert.deepEqual(sentences(text), [
    'Shells were sent to the U.S.',
    'The ministry denied it.',
    'Traffic resumed in Sept. 2022.',
  ]);
});

test('negative: "U.S. Department of State" is not split, nor a decimal number', () => {
  assert.equal(sentences('The U.S. Department of State said 3.5 tonnes were moved.').length, 1);
});

test('quotes, possessives and hyphenated names tokenize as news text needs', () => {
  assert.deepEqual(words('Russia\'s "significant" Kim Jong-un'), [
    'Russia',
    "'s",
    '"',
    'significant',
    '"',
    'Kim',
    'Jong-un',
  ]);
  const text = '“For example, it looks like a train made the same journey,” he adds. The agency reported it.';
  assert.deepEqual(sentences(text), [
    '“For example, it looks like a train made the same journey,” he adds.',
    'The agency reported it.',
  ]);
});

test('offsets point into the text', () => {
  const text = 'On Nov. 2, CNN reported.\nSecond line';
  for (const token of tokenize(text)) assert.equal(text.slice(token.start, token.end), token.text);
  assert.deepEqual(sentences(text), ['On Nov. 2, CNN reported.', 'Second line']);
});

test('the seed report splits into its sentences', { skip: noShared }, () => {
  const text = readFileSync(sharedPath('seeds', '000_cd77e314ade598fb.txt'), 'utf8');
  const found = sentences(text);
  assert.ok(
    found.includes(
      "On Nov. 2, CNN reported thst the U.S. had accused North Korea of secretly supplying Russia with artillery shells for Russia's full-scale war against Ukraine.",
    ),
  );
  assert.ok(found.includes('North Korea and Russia agreed to resume rail traffic in Sept. 2022.'));
  assert.ok(
    found.some((s) => s.startsWith('Earlier, Pentagon Press Secretary Air Force Brig. Gen. Pat Ryder stated that')),
  );
});

test('a middle initial does not end a sentence; a quote opening after a full stop starts the next', () => {
  assert.deepEqual(sentences('House Speaker Paul D. Ryan said it was over.'), [
    'House Speaker Paul D. Ryan said it was over.',
  ]);
  assert.deepEqual(sentences('It was over, he said. "And we move on," he added.'), [
    'It was over, he said.',
    '"And we move on," he added.',
  ]);
  assert.deepEqual(sentences('"It is over." The vote was held.'), ['"It is over."', 'The vote was held.']);
});
