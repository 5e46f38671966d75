import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noShared, sharedPath } from '../../../test/support.ts';
import { splitSentences } from '../text/tokens.ts';
import { addStageOne, prepareDocument } from './features.ts';
import { gazetteer } from './gazetteer.ts';
import { decode, type Scorer } from './perceptron.ts';
import { loadTagger } from './tagger.ts';

test('the per-word score cache tags exactly as looking up every feature', { skip: noShared }, () => {
  const { first, second } = loadTagger();
  // The same weights, without `wordScores`: every feature of every token is looked up in the table.
  const uncached = (model: Scorer): Scorer => ({ addScores: (f, n, s) => model.addScores(f, n, s) });
  const text = readFileSync(sharedPath('seeds', '000_cd77e314ade598fb.txt'), 'utf8');
  const words = splitSentences(text).map((s) => s.tokens.map((t) => t.text));
  const run = (one: Scorer, two: Scorer) => {
    const doc = prepareDocument(words, gazetteer());
    const labels = decode(one, doc);
    addStageOne(doc, labels);
    return [labels, decode(two, doc)];
  };
  const [cachedOne, cachedTwo] = run(first, second!);
  const [plainOne, plainTwo] = run(uncached(first), uncached(second!));
  assert.deepEqual(cachedOne, plainOne);
  assert.deepEqual(cachedTwo, plainTwo);
  const entityTokens = cachedTwo!.reduce((n, l) => n + l.filter((x) => x !== 0).length, 0);
  assert.ok(entityTokens > 40, `${entityTokens} tokens in entities`);
});
