import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { noShared, projectRoot, sharedPath, tempDir } from '../../test/support.ts';
import { type ClusteringRecord, createClusteringTask, scoreClustering } from './clustering.ts';
import { readJsonl } from './io.ts';
import { runEval } from './run.ts';

const rec = (id: string, label: string): ClusteringRecord => ({ id, text: '', label });

test('B-cubed on a worked example', () => {
  // Gold {a,b,c} {d,e}; predicted {a,b} {c,d,e}.
  const gold = [rec('a', '1_ecb'), rec('b', '1_ecb'), rec('c', '1_ecb'), rec('d', '1_ecbplus'), rec('e', '1_ecbplus')];
  const predictions = [
    { id: 'a', cluster: 'x' },
    { id: 'b', cluster: 'x' },
    { id: 'c', cluster: 'y' },
    { id: 'd', cluster: 'y' },
    { id: 'e', cluster: 'y' },
  ];
  const s = scoreClustering(gold, predictions);
  // Precision: a,b 2/2; c 1/3; d,e 2/3 → (1+1+1/3+2/3+2/3)/5. Recall: a,b 2/3; c 1/3; d,e 2/2 → (2/3+2/3+1/3+1+1)/5.
  assert.ok(Math.abs(s.b3.precision - (1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5) < 1e-12);
  assert.ok(Math.abs(s.b3.recall - (2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5) < 1e-12);
  assert.equal(s.n_clusters_predicted, 2);
  assert.equal(s.n_clusters_gold, 2);
  // Topic level: all five are topic 1, so precision is 1.
  assert.equal(s.b3_topic?.precision, 1);
});

test('a missing prediction is a singleton; perfect predictions score 1; no b3_topic for other labels', () => {
  const gold = [rec('a', 'story-1'), rec('b', 'story-1'), rec('c', 'story-2')];
  const perfect = scoreClustering(gold, [
    { id: 'a', cluster: '1' },
    { id: 'b', cluster: '1' },
    { id: 'c', cluster: '2' },
  ]);
  assert.equal(perfect.b3.f1, 1);
  assert.equal(perfect.b3_topic, undefined);
  const missing = scoreClustering(gold, [{ id: 'a', cluster: '1' }]);
  assert.equal(missing.missing, 2);
  assert.equal(missing.b3.precision, 1);
  assert.ok(Math.abs(missing.b3.recall - (1 / 2 + 1 / 2 + 1) / 3) < 1e-12);
  assert.equal(missing.n_clusters_predicted, 3);
});

test('scorer reference points on dev: all singletons F1 0.158, all in one 0.032', { skip: noShared }, async () => {
  const gold = await readJsonl<ClusteringRecord>(sharedPath('bench', 'clustering', 'dev.jsonl'));
  const singletons = scoreClustering(
    gold,
    gold.map((r) => ({ id: r.id, cluster: r.id })),
  );
  assert.equal(singletons.b3.precision, 1);
  // Recall is (number of gold clusters) / (number of documents) = 66/772 = 0.0855 (the README rounds it to 0.086).
  assert.ok(Math.abs(singletons.b3.recall - 66 / 772) < 1e-12);
  assert.equal(Number(singletons.b3.f1.toFixed(3)), 0.158);
  assert.equal(singletons.n_clusters_predicted, 772);
  assert.equal(singletons.n_clusters_gold, 66);
  const oneCluster = scoreClustering(
    gold,
    gold.map((r) => ({ id: r.id, cluster: 'all' })),
  );
  assert.equal(Number(oneCluster.b3.precision.toFixed(3)), 0.016);
  assert.equal(oneCluster.b3.recall, 1);
  assert.equal(Number(oneCluster.b3.f1.toFixed(3)), 0.032);
});

test('the task hands the system only id, text and source', () => {
  const task = createClusteringTask();
  assert.deepEqual(task.inputOf({ id: 'x', text: 't', label: 'secret' }), { id: 'x', text: 't' });
  assert.deepEqual(task.inputOf({ id: 'x', text: 't', source: 'AP', label: 'secret' }), {
    id: 'x',
    text: 't',
    source: 'AP',
  });
});

test('clustering on dev stays at or above the pinned floor', { skip: noShared }, async () => {
  const floor = JSON.parse(readFileSync(join(projectRoot, 'test', 'floors', 'clustering.json'), 'utf8')).dev;
  const result = (await runEval(
    createClusteringTask(),
    sharedPath('bench', 'clustering', 'dev.jsonl'),
  )) as unknown as ReturnType<typeof scoreClustering>;
  assert.ok(result.b3.f1 >= floor.b3_f1, `B3 F1 ${result.b3.f1} < floor ${floor.b3_f1}`);
  assert.ok(result.b3.precision >= floor.b3_precision, `B3 P ${result.b3.precision} < ${floor.b3_precision}`);
  assert.ok(result.b3.recall >= floor.b3_recall, `B3 R ${result.b3.recall} < ${floor.b3_recall}`);
});

test('the eval harness calls finish when a task has one, and is unchanged for tasks without', async () => {
  const { writeFileSync } = await import('node:fs');
  const dir = tempDir('eval');
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, '{"id":"a","text":"x","label":"1"}\n{"id":"b","text":"y","label":"1"}\n');
  const base = {
    name: 'toy',
    inputOf: (r: ClusteringRecord) => ({ id: r.id, text: r.text }),
    predict: (x: { id: string }) => ({ id: x.id, cluster: x.id }),
    score: (gold: ClusteringRecord[], p: Array<{ id: string; cluster: string }>) => ({ ...scoreClustering(gold, p) }),
  };
  const plain = (await runEval(base, input)) as unknown as ReturnType<typeof scoreClustering>;
  assert.equal(plain.n_clusters_predicted, 2);
  const finished = (await runEval(
    { ...base, finish: (p: Array<{ id: string }>) => p.map((x) => ({ id: x.id, cluster: 'one' })) },
    input,
  )) as unknown as ReturnType<typeof scoreClustering>;
  assert.equal(finished.n_clusters_predicted, 1);
  assert.equal(finished.b3.f1, 1);
});
