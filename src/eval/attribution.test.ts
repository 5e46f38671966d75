import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { noShared, projectRoot, sharedPath } from '../../test/support.ts';
import { attributionTask, predictAttributions } from './attribution.ts';
import { runEval } from './run.ts';

type Floors = Record<string, number>;

/** Read a dotted key ("attribution.f1", "cue.overlap.f1") from the metrics. */
function metric(result: Record<string, unknown>, key: string): number {
  const value = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], result);
  assert.equal(typeof value, 'number', key);
  return value as number;
}

test('the system sees only id and text', () => {
  const input = attributionTask.inputOf({ id: 'a', text: 'He said so.', attributions: [] });
  assert.deepEqual(Object.keys(input).sort(), ['id', 'text']);
});

test('predictions are bench attributions with offsets into the text', () => {
  const text = '“We were there under legitimate pretenses,” Figueroa told USA Today.';
  const [attribution, ...rest] = predictAttributions(text);
  assert.equal(rest.length, 0);
  const slice = (spans: [number, number][]) => text.slice(spans[0]![0], spans[0]![1]);
  assert.equal(slice(attribution!.source), 'Figueroa');
  assert.equal(slice(attribution!.cue), 'told');
  assert.equal(slice(attribution!.content), '“We were there under legitimate pretenses,”');
});

test('dev scores stay at or above the pinned floors', { skip: noShared }, async () => {
  const floors = JSON.parse(readFileSync(join(projectRoot, 'test', 'floors', 'attribution.json'), 'utf8')) as Floors;
  const result = await runEval(attributionTask, sharedPath('bench', 'attribution', 'dev.jsonl'));
  for (const [key, floor] of Object.entries(floors))
    assert.ok(metric(result, key) >= floor, `${key} = ${metric(result, key)} fell below the floor ${floor}`);
});
