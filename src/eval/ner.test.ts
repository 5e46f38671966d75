import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { noShared, projectRoot, sharedPath } from '../../test/support.ts';
import { chunks, type NerGoldRecord, nerTask, scoreNer } from './ner.ts';
import { runEval } from './run.ts';

const record = (tokens: string[], tags: string[][]): NerGoldRecord => ({
  id: 'r',
  sentences: tags.map((t) => ({ tokens: tokens.slice(0, t.length), tags: t })),
});

test('chunks are read as conlleval reads them', () => {
  assert.deepEqual(chunks(['B-PER', 'I-PER', 'O', 'I-LOC', 'I-LOC', 'B-LOC', 'I-ORG']), [
    { type: 'PER', first: 0, last: 1 },
    { type: 'LOC', first: 3, last: 4 },
    { type: 'LOC', first: 5, last: 5 },
    { type: 'ORG', first: 6, last: 6 },
  ]);
  // An I- of another type starts a new entity.
  assert.deepEqual(chunks(['B-PER', 'I-ORG']), [
    { type: 'PER', first: 0, last: 0 },
    { type: 'ORG', first: 1, last: 1 },
  ]);
});

test('exact spans: a partial or mistyped entity is wrong', () => {
  const gold = [record(['Peter', 'Blackburn', 'in', 'Brussels'], [['B-PER', 'I-PER', 'O', 'B-LOC']])];
  const score = scoreNer(gold, [{ id: 'r', sentences: [{ tags: ['B-PER', 'O', 'O', 'B-ORG'] }] }]);
  assert.equal(score.correct_entities, 0);
  assert.equal(score.gold_entities, 2);
  assert.equal(score.predicted_entities, 2);
  assert.equal(score.overall.f1, 0);
  assert.equal(score.token_accuracy, 0.5);
  assert.equal(score.per_type.ORG!.predicted, 1);
  assert.equal(score.per_type.LOC!.gold, 1);
});

test('gold against itself is 1, nothing predicted is 0, per-type counts add up', () => {
  const tags = [
    ['B-ORG', 'O', 'B-MISC', 'O'],
    ['B-PER', 'I-PER'],
  ];
  const gold = [record(['EU', 'rejects', 'German', 'call'], tags)];
  const self = scoreNer(gold, [{ id: 'r', sentences: tags.map((t) => ({ tags: t })) }]);
  assert.equal(self.overall.f1, 1);
  assert.equal(self.token_accuracy, 1);
  assert.equal(self.length_mismatches, 0);
  const none = scoreNer(gold, [undefined]);
  assert.equal(none.overall.f1, 0);
  assert.equal(none.token_accuracy, 2 / 6);
  assert.equal(none.length_mismatches, 1);
});

test('one right of two predicted, one of three gold', () => {
  const gold = [record(['a', 'b', 'c', 'd'], [['B-PER', 'O', 'B-LOC', 'B-LOC']])];
  const score = scoreNer(gold, [{ id: 'r', sentences: [{ tags: ['B-PER', 'B-ORG', 'O', 'O', 'B-PER'] }] }]);
  assert.equal(score.correct_entities, 1);
  assert.equal(score.overall.precision, 0.5);
  assert.equal(score.overall.recall, 1 / 3);
  assert.equal(score.overall.f1, 0.4);
  assert.equal(score.length_mismatches, 1); // the extra fifth tag is dropped and counted
  assert.equal(score.per_type.PER!.f1, 1);
});

test('the system sees tokens only', () => {
  const input = nerTask.inputOf(record(['EU', 'rejects'], [['B-ORG', 'O']]));
  assert.deepEqual(input, { id: 'r', sentences: [{ tokens: ['EU', 'rejects'] }] });
});

test('predictions have one tag per input token, in CoNLL BIO', async () => {
  const input = {
    id: 'x',
    sentences: [
      { tokens: ['UKRAINE', 'AND', 'POLAND', 'SIGN', 'GAS', 'DEAL', 'IN', 'WARSAW', '.'] },
      { tokens: ['Olena', 'Kovalenko'] },
      { tokens: ['LVIV', ',', 'United', 'Arab', 'Emirates', 'envoy', 'said', 'on', 'Friday', '.'] },
      { tokens: [] },
    ],
  };
  const prediction = await nerTask.predict(input);
  assert.deepEqual(
    prediction.sentences.map((s) => s.tags.length),
    [9, 2, 10, 0],
  );
  assert.deepEqual(prediction.sentences[1]!.tags, ['B-PER', 'I-PER']);
  assert.deepEqual(prediction.sentences[2]!.tags.slice(2, 5), ['B-LOC', 'I-LOC', 'I-LOC']);
  for (const s of prediction.sentences) for (const tag of s.tags) assert.match(tag, /^(O|[BI]-(PER|ORG|LOC|MISC))$/);
});

test('an entity does not run on into the lower-case word after it', async () => {
  const prediction = await nerTask.predict({
    id: 'y',
    sentences: [{ tokens: ['Shakhtar', 'Donetsk', 'must', 'play', 'behind', 'closed', 'doors', '.'] }],
  });
  const tags = prediction.sentences[0]!.tags;
  assert.equal(tags[2], 'O');
  assert.ok(tags.slice(2).every((tag) => tag === 'O'));
});

test('dev F1 does not fall below the pinned floor', { skip: noShared }, async () => {
  const floor = JSON.parse(readFileSync(join(projectRoot, 'test', 'floors', 'ner.json'), 'utf8'));
  const result = (await runEval(nerTask, sharedPath('bench', 'ner', 'dev.jsonl'))) as unknown as {
    overall: { f1: number };
    per_type: Record<string, { f1: number }>;
  };
  assert.ok(result.overall.f1 >= floor.overall_f1, `dev F1 ${result.overall.f1} < floor ${floor.overall_f1}`);
  for (const [type, f1] of Object.entries(floor.per_type_f1 as Record<string, number>)) {
    assert.ok(result.per_type[type]!.f1 >= f1, `${type} F1 ${result.per_type[type]!.f1} < floor ${f1}`);
  }
});
