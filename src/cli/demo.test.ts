import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../test/cli.ts';
import { tempDir } from '../../test/support.ts';

interface StoryJson {
  id: string;
  documents: { title: string }[];
}

test('demo: the example corpus ingests cleanly and clusters as its ground truth says', async () => {
  const db = join(tempDir('demo'), 'demo.db');
  const demo = await runCli(['demo', '--json', '--db', db]);
  assert.equal(demo.code, 0, demo.stderr);
  const summary = JSON.parse(demo.stdout);
  assert.deepEqual(summary.failures, []);
  assert.equal(summary.documents.length, 18);
  assert.equal(summary.observations.length, 2);

  const { stories } = JSON.parse((await runCli(['stories', '--json', '--db', db])).stdout);
  const details: StoryJson[] = [];
  for (const s of stories) details.push(JSON.parse((await runCli(['story', s.id, '--json', '--db', db])).stdout));
  const storyOf = (title: RegExp) => details.find((s) => s.documents.some((d) => title.test(d.title)))!;

  // Main story (the Sellan Trader affair): 15 documents in the ground truth; one short feed summary may stand apart.
  const main = storyOf(/^Satellite images show cargo ship at Dravenian naval pier/);
  assert.ok(main.documents.length >= 13, `main story has ${main.documents.length} documents`);
  for (const title of [
    /^Mystery freighter caught on camera/,
    /^Dravenia refuses the weapons/,
    /^Kaldoria accuses Dravenia of shipping drones/,
  ]) {
    assert.equal(storyOf(title).id, main.id, `${title} is in the main story`);
  }
  // The rail strike is its own story, and the freight-rates item is in neither.
  const rail = storyOf(/^Kaldorian rail workers walk out/);
  assert.notEqual(rail.id, main.id);
  assert.equal(storyOf(/^Rail strike enters second day/).id, rail.id);
  const freight = storyOf(/^Container freight rates/);
  assert.ok(freight.id !== main.id && freight.id !== rail.id);
});
