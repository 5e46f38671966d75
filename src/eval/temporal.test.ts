import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { noShared, projectRoot, sharedPath } from '../../test/support.ts';
import { findTemporalExpressions, resolveTemporalExpression } from '../analyse/temporal/index.ts';
import { readJsonl } from './io.ts';
import { runEval } from './run.ts';
import { evalTasks } from './tasks.ts';
import { scoreTemporal, type TemporalRecord, temporalTask } from './temporal.ts';

const text = 'Prices rose 5% on Friday after three weeks of talks, officials said Wednesday.';
const gold: TemporalRecord[] = [
  {
    id: 'doc1',
    dct: '2022-11-05',
    text,
    timexes: [
      { start: 18, end: 24, type: 'DATE', value: '2022-11-04' },
      { start: 31, end: 42, type: 'DURATION', value: 'P3W' },
      { start: 68, end: 77, type: 'DATE', value: '2022-11-02' },
    ],
  },
  { id: 'doc2', dct: '2022-11-05', text: 'Nothing timed here.', timexes: [] },
];

describe('temporal scorer', () => {
  test('the gold scored against itself is perfect on every measure', () => {
    const m = scoreTemporal(
      gold,
      gold.map((r) => ({ id: r.id, timexes: r.timexes })),
    );
    for (const key of ['strict', 'relaxed', 'value', 'type'] as const)
      assert.deepEqual(m[key], { precision: 1, recall: 1, f1: 1 });
    assert.equal(m.value_accuracy, 1);
    assert.equal(m.matched_pairs, 3);
    assert.equal(m.gold_timexes, 3);
    assert.equal(m.predicted_timexes, 3);
    assert.equal(m.n_docs, 2);
    assert.equal(m.missing, 0);
  });

  test('an empty prediction scores 0 and missing documents are counted', () => {
    const m = scoreTemporal(gold, []);
    assert.deepEqual(m.strict, { precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(m.value, { precision: 0, recall: 0, f1: 0 });
    assert.equal(m.missing, 2);
    assert.equal(m.predicted_timexes, 0);
  });

  test('a partial prediction: one exact, one overlapping with a wrong value, one spurious, one missed', () => {
    const m = scoreTemporal(gold, [
      {
        id: 'doc1',
        timexes: [
          { start: 18, end: 24, type: 'DATE', value: '2022-11-04' }, // exact, right value
          { start: 37, end: 42, type: 'DURATION', value: 'PXW' }, // "weeks": overlaps, wrong value, right type
          { start: 0, end: 6, type: 'DATE', value: 'PRESENT_REF' }, // spurious
        ],
      },
      { id: 'doc2', timexes: [{ start: 3, end: 3, type: 'DATE', value: 'X' }] }, // zero-length: ignored
    ]);
    assert.equal(m.predicted_timexes, 3);
    assert.equal(m.gold_timexes, 3);
    assert.deepEqual(m.strict, { precision: 1 / 3, recall: 1 / 3, f1: 1 / 3 });
    assert.deepEqual(m.relaxed, { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    assert.equal(m.matched_pairs, 2);
    assert.deepEqual(m.value, { precision: 1 / 3, recall: 1 / 3, f1: 1 / 3 });
    assert.deepEqual(m.type, { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    assert.equal(m.value_accuracy, 0.5);
    assert.equal(m.type_accuracy, 1);
  });

  test('pairs are one-to-one: exact offsets are paired before larger overlaps', () => {
    const record: TemporalRecord = {
      id: 'd',
      dct: '2022-11-05',
      text: 'earlier this week',
      timexes: [{ start: 8, end: 17, type: 'DATE', value: '2022-W44' }],
    };
    const m = scoreTemporal(
      [record],
      [
        {
          id: 'd',
          timexes: [
            { start: 0, end: 17, type: 'DATE', value: 'wrong' },
            { start: 8, end: 17, type: 'DATE', value: '2022-W44' },
          ],
        },
      ],
    );
    assert.equal(m.matched_pairs, 1);
    assert.deepEqual(m.value, { precision: 0.5, recall: 1, f1: 2 / 3 });
    // Relaxed counts each side independently: both predictions overlap the gold.
    assert.deepEqual(m.relaxed, { precision: 1, recall: 1, f1: 1 });
  });

  test('predictions count offsets in code points, as the bench does', async () => {
    const prediction = await temporalTask.predict({
      id: 'e',
      dct: '2022-11-05',
      text: '🚆 The train crossed on Friday.',
    });
    assert.deepEqual(prediction.timexes, [{ start: 23, end: 29, type: 'DATE', value: '2022-11-04' }]);
    assert.equal(Array.from('🚆 The train crossed on Friday.').slice(23, 29).join(''), 'Friday');
  });

  test('the task hands the system only id, dct and text', () => {
    const input = temporalTask.inputOf({ ...gold[0]!, extra: 1 } as TemporalRecord);
    assert.deepEqual(Object.keys(input).sort(), ['dct', 'id', 'text']);
  });

  test('the task is registered for `triangulate eval temporal`', async () => {
    assert.equal((await evalTasks.temporal!()).name, 'temporal');
  });
});

const floors = JSON.parse(readFileSync(join(projectRoot, 'test', 'floors', 'temporal.json'), 'utf8')) as Record<
  string,
  number
>;

test('temporal dev scores stay at or above their floors', { skip: noShared }, async () => {
  const result = (await runEval(temporalTask, sharedPath('bench', 'temporal', 'dev.jsonl'))) as unknown as Record<
    string,
    { f1: number }
  >;
  for (const [key, floor] of Object.entries(floors)) {
    const [measure] = key.split('.');
    const score = result[measure!]!.f1;
    assert.ok(score >= floor, `${key} ${score} fell below the floor ${floor}`);
  }
});

test('on every dev document, tagging without a date and resolving later equals tagging with the date', {
  skip: noShared,
}, async () => {
  const records = await readJsonl<TemporalRecord>(sharedPath('bench', 'temporal', 'dev.jsonl'));
  for (const record of records) {
    const direct = findTemporalExpressions(record.text, { publishedAt: record.dct });
    const later = findTemporalExpressions(record.text, { publishedAt: null }).map((t) =>
      resolveTemporalExpression(t, record.dct),
    );
    assert.deepEqual(later, direct, record.id);
  }
});
