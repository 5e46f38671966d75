import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { noShared, projectRoot, sharedPath } from '../../test/support.ts';
import { type ExtractionRecord, extractionTask, readabilityTask } from './extraction.ts';
import { runEval } from './run.ts';
import { evalTasks } from './tasks.ts';

const record: ExtractionRecord = {
  id: 'page-1',
  url: 'https://courier.example/a',
  html: `<html><body><article><p>The harbour authority in Velden said on Thursday that the northern pier would stay closed until engineers had surveyed the damage.</p>
    <p>Fishing crews have been told to use the southern quay, where the authority has set up temporary moorings and a fuel barge.</p></article></body></html>`,
  gold: 'The harbour authority in Velden said on Thursday that the northern pier would stay closed until engineers had surveyed the damage.\nFishing crews have been told to use the southern quay, where the authority has set up temporary moorings and a fuel barge.',
};

test('the system sees id, url and html only, never the gold', () => {
  assert.deepEqual(Object.keys(extractionTask.inputOf(record)).sort(), ['html', 'id', 'url']);
  assert.deepEqual(Object.keys(readabilityTask.inputOf(record)).sort(), ['html', 'id', 'url']);
});

test('a prediction is the paragraphs joined by newlines, scored by id', async () => {
  const prediction = await extractionTask.predict(extractionTask.inputOf(record));
  assert.deepEqual(prediction, { id: 'page-1', text: record.gold });
  assert.equal(extractionTask.score([record], [prediction]).f1, 1);
  assert.equal(extractionTask.score([record], [{ id: 'other', text: record.gold }]).recall, 0);
});

test('both extraction tasks are registered', async () => {
  assert.equal((await evalTasks.extraction!()).name, 'extraction');
  assert.equal((await evalTasks['extraction-readability']!()).name, 'extraction-readability');
});

test('extraction on the dev set stays above its floor', { skip: noShared, timeout: 300_000 }, async () => {
  const floor = JSON.parse(readFileSync(join(projectRoot, 'test', 'floors', 'extraction.json'), 'utf8'));
  const result = (await runEval(extractionTask, sharedPath(floor.input))) as unknown as Record<string, number>;
  for (const key of ['f1', 'precision', 'recall']) {
    assert.ok(result[key]! >= floor[key], `${key} ${result[key]} fell below the floor ${floor[key]}`);
  }
});
