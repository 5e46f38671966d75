import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash32, hashHex } from './minhash.ts';
import {
  contentTerms,
  duplicateKey,
  namePhrases,
  normaliseForDuplicate,
  sentenceSpans,
  shingleHashes,
  shingles,
  stem,
  tokenize,
  years,
} from './text.ts';

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

// Stored fingerprints are only comparable with new ones if these features stay exactly as they are: the cases
// below pin the tokenizer, the sentence splitter and the hashes on the edges a hand-written scanner can get wrong.

const tokenView = (text: string) =>
  tokenize(text).map(
    (t) => `${t.lower}${t.sentenceInitial ? '^' : ''}${t.numeric ? '#' : ''}${t.capitalised ? '*' : ''}`,
  );

test('tokens: initials and short abbreviations keep their dot, other words lose it and end the sentence', () => {
  assert.deepEqual(tokenView('The U.S. Army met J. Smith on Nov. 4. Analysts disagreed.'), [
    'the^*',
    'u.s.*',
    'army^*', // after a kept dot the next word counts as sentence-initial
    'met',
    'j.*',
    'smith^*',
    'on',
    'nov.*',
    '4^#',
    'analysts^*',
    'disagreed',
  ]);
  assert.deepEqual(
    tokenize('Sept. Brig. Abcde. e.g. A.B.C.D. y.').map((t) => t.lower),
    ['sept.', 'brig.', 'abcde', 'e.g.', 'a.b.c.d.', 'y.'],
    'a capital and at most three small letters, or letter-dot pairs',
  );
  const [us] = tokenize('U.S.');
  assert.equal(us!.word, 'u.s', 'names are compared without the final dot');
});

test('tokens: curly apostrophes, accented and astral letters, combining marks', () => {
  const tokens = tokenize('Kim’s aides met Ödön Ács and 𝐀bc at Café x\u0301y.');
  assert.deepEqual(
    tokens.map((t) => t.lower),
    ["kim's", 'aides', 'met', 'ödön', 'ács', 'and', '𝐀bc', 'at', 'café', 'x', 'y.'],
  );
  assert.equal(tokens[0]!.word, 'kim', 'possessive dropped from the word');
  assert.deepEqual(
    tokens.filter((t) => t.capitalised).map((t) => t.lower),
    ["kim's", 'ödön', 'ács', '𝐀bc', 'café'],
  );
  for (const t of tokens) assert.equal(t.end - t.start, t.lower.length, `offsets of ${t.lower}`);
  assert.deepEqual(namePhrases(tokenize('Officials said Ödön Ács met Café Nero staff.')), [
    'ödön ács',
    'ödön',
    'ács',
    'café nero',
    'café',
    'nero',
  ]);
});

test('tokens: numbers keep inner separators, not a final dot; years are four digits 1900–2099', () => {
  const tokens = tokenize('It cost 1,200.50 dollars, 7.5% more, at 3:45 on 1/2 in 1999. Then 2,300 in 1899 and ٢٠١٣.');
  assert.deepEqual(
    tokens.filter((t) => t.numeric).map((t) => t.lower),
    ['1,200.50', '7.5', '3:45', '1/2', '1999', '2,300', '1899', '٢٠١٣'],
  );
  assert.ok(tokens.find((t) => t.lower === 'then')!.sentenceInitial, 'the dot after 1999 ends the sentence');
  assert.deepEqual(years(tokens), ['1999']);
  assert.ok(contentTerms(tokens).includes('#1200.50'));
});

test('sentences: closing curly quotes, ellipses and abbreviations', () => {
  const text = 'He said “no.” Then Mr. Smith left... and came back! Really?\n“Yes,” she said.';
  assert.deepEqual(
    sentenceSpans(text).map((s) => text.slice(s.start, s.end)),
    ['He said “no.”', 'Then Mr. Smith left...', 'and came back!', 'Really?', '“Yes,” she said.'],
  );
  const spaced = '\u00a0 First one.\u2003Second one. ';
  assert.deepEqual(
    sentenceSpans(spaced).map((s) => spaced.slice(s.start, s.end)),
    ['First one.', 'Second one.'],
    'Unicode spaces trimmed and separating',
  );
});

test('the exact-duplicate key is the hash of the normalised text, ASCII or not', () => {
  for (const text of [
    'Plain ASCII text, with `backticks`.',
    '  Leading,\ttabs\u00a0and\n\nbreaks  ',
    'Curly “quotes” and dashes — ﬁne',
    '',
    ' \n ',
    'Control\u0001character',
  ])
    assert.equal(duplicateKey(text), hashHex(normaliseForDuplicate(text)), JSON.stringify(text));
  assert.equal(duplicateKey('He said "YES"  now'), duplicateKey('he said “yes” now'));
});

test('shingle hashes are hash32 of the word shingles, short texts as one shingle', () => {
  const tokens = tokenize('The council voted on Tuesday to build twelve kilometres of lanes');
  const words = tokens.map((t) => t.lower);
  assert.deepEqual(
    [...shingleHashes(tokens, 5)],
    shingles(words, 5).map((s) => hash32(s) | 0),
  );
  assert.deepEqual([...shingleHashes(tokens.slice(0, 3), 5)], [hash32('the council voted') | 0]);
  assert.equal(shingleHashes([], 5).length, 0);
});
