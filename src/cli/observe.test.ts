import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../test/cli.ts';
import { noShared, sharedPath, tempDir } from '../../test/support.ts';

interface BriefItem {
  statement: string;
  status: string;
  reason: string;
}

test('a sighting is matched to its story and turns the single-origin train fact into a corroborated one', {
  skip: noShared,
}, async () => {
  const dir = tempDir('observe');
  const db = join(dir, 'o.db');
  await runCli(['ingest', sharedPath('seeds'), '--db', db]);
  const { stories } = JSON.parse((await runCli(['stories', '--json', '--db', db])).stdout);
  const story = stories[0].id;
  const trainFact = (brief: Record<string, BriefItem[]>) =>
    ['corroborated', 'singleOrigin', 'disputed', 'contradicted', 'openQuestions']
      .flatMap((k) => brief[k] ?? [])
      .find((f) => /only land link/.test(f.statement))!;

  const before = JSON.parse((await runCli(['brief', story, '--json', '--db', db])).stdout);
  assert.equal(trainFact(before).status, 'single-origin');

  const sighting = join(dir, 'sighting.json');
  writeFileSync(
    sighting,
    JSON.stringify({
      place: 'Tumangang–Khasan rail bridge, North Korea–Russia border',
      lat: 42.42,
      lon: 130.64,
      observedAt: '2022-11-04T14:00:00Z',
      description: 'Commercial satellite image shows a train crossing the rail bridge from North Korea into Russia',
      imageRef: 'sat/2022-11-04-khasan.png',
      analyst: 'ana',
      confidence: 0.8,
    }),
  );
  const added = JSON.parse((await runCli(['observe', 'add', sighting, '--json', '--db', db])).stdout);
  assert.equal(added.items[0].storyId, story, 'matched to the story by place, time and description');

  const after = JSON.parse((await runCli(['brief', story, '--json', '--db', db])).stdout);
  const train = trainFact(after);
  assert.equal(train.status, 'corroborated');
  assert.match(train.reason, /38 North/);
  assert.match(train.reason, /observation/);
  const horses = [...after.singleOrigin, ...after.corroborated].find((f: BriefItem) => /30 horses/.test(f.statement));
  assert.notEqual(horses?.status, 'corroborated', 'a sighting of a train on 4 November does not back the horses');

  const bad = await runCli(['observe', 'add', sighting, '--story', 'nope', '--db', db]);
  assert.equal(bad.code, 2);
});
