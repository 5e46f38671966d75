import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../test/cli.ts';
import { noShared, sharedPath, tempDir } from '../../test/support.ts';

const json = async (args: string[]) => {
  const result = await runCli([...args, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
};

test('stories: ingest clusters; merge and split are kept, audited, explained and survive recluster', {
  skip: noShared,
}, async () => {
  const dir = tempDir('stories');
  const db = join(dir, 'stories.db');
  const other = join(dir, 'other.txt');
  writeFileSync(
    other,
    'Bakers strike over flour prices in Lisbon\n\nBakers in Lisbon stopped work on Tuesday over the price of flour, the union said, and 40 bakeries stayed shut.\n',
  );
  await json(['ingest', sharedPath('seeds'), other, '--db', db]);
  const { stories } = await json(['stories', '--db', db]);
  const seedStory = stories.find((s: { title: string }) => /train|railway/i.test(s.title));
  assert.equal(seedStory.size, 2, 'the two seed reports are one story');
  const bakers = stories.find((s: { title: string }) => /Bakers/.test(s.title));
  assert.equal(bakers.size, 1, 'an unrelated report is a story of its own');

  const detail = await json(['story', seedStory.id, '--db', db]);
  assert.equal(detail.documents.length, 2);
  assert.ok(
    detail.relations.some((r: { type: string }) => r.type === 'rewrite'),
    'the rewrite relation is shown',
  );

  const merged = await json(['story', 'merge', seedStory.id, bakers.id, '--analyst', 'ana', '--db', db]);
  assert.equal(merged.size, 3);
  assert.equal(merged.audit.at(-1).analyst, 'ana');
  assert.equal(merged.audit.at(-1).action, 'merge');
  const bakersDoc = merged.documents.find((d: { title: string }) => /Bakers/.test(d.title)).id;
  const why = await json(['story', merged.id, '--why', bakersDoc, '--db', db]);
  assert.equal(why.why.decidedBy, 'analyst');

  await json(['recluster', '--db', db]);
  const afterRecluster = (await json(['stories', '--db', db])).stories;
  assert.ok(
    afterRecluster.some((s: { size: number }) => s.size === 3),
    'the analyst merge survives recluster',
  );

  const split = await json(['story', 'split', merged.id, bakersDoc, '--db', db]);
  assert.deepEqual(
    split.documents.map((d: { id: string }) => d.id),
    [bakersDoc],
  );
  const bad = await runCli(['story', 'merge', merged.id, 'nope', '--db', db]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /no story "nope"/);
});
