/**
 * Many `triangulate worker` processes on one PostgreSQL store: the same stories and facts as one worker, and a worker
 * killed mid-job loses and duplicates nothing. Real processes (the CLI), a real server (test/postgres.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeTextCorpus } from '../../bench/corpus.ts';
import { exited, startCli } from '../../test/cli.ts';
import { noPostgres, startPostgres, type TestCluster } from '../../test/postgres.ts';
import { projectRoot, tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import { fuseStory } from '../fuse/fuse.ts';
import { fuseInputFrom } from '../fuse/load.ts';
import { exportJson } from '../fuse/render.ts';
import { readInput } from '../ingest/ingest.ts';
import type { Document } from '../model.ts';
import { openJobQueue } from '../store/jobs.ts';
import { PostgresStore } from '../store/postgres.ts';

const demo = join(projectRoot, 'examples', 'demo');
const demoInputs = readdirSync(demo)
  .filter((name) => /\.(txt|html|xml)$/.test(name))
  .map((name) => join(demo, name));

/**
 * Inputs grouped by the outlet of their documents, in first-seen order. Ingest learns an outlet's recurring lines
 * (boilerplate) from the outlet's documents already stored, so a document's cleaned text depends on which of its
 * outlet's documents came before it: one outlet's documents go in one job, as a polled feed does (docs/SCALING.md).
 */
async function byOutlet(inputs: string[]): Promise<string[][]> {
  const groups = new Map<string, string[]>();
  for (const input of inputs) {
    const outlet = (await readInput(input, defaultConfig)).drafts[0]?.source.id ?? input;
    groups.set(outlet, [...(groups.get(outlet) ?? []), input]);
  }
  return [...groups.values()];
}

/** Queue ingest jobs of `batch` inputs each, as `triangulate enqueue` does (in this process: it is not under test). */
async function enqueue(db: string, inputs: string[], batch: number): Promise<void> {
  const store = await new PostgresStore(db).open();
  try {
    const queue = openJobQueue(store);
    for (let i = 0; i < inputs.length; i += batch) await queue.enqueue({ inputs: inputs.slice(i, i + batch) });
  } finally {
    await store.close();
  }
}

/** What the store holds, independent of story ids: each story's documents and the facts fused from them. */
async function outcome(db: string) {
  const store = await new PostgresStore(db).open();
  try {
    const stories = [];
    for (const story of await store.listStories({ limit: 100_000 })) {
      const ids = [...story.docIds].sort();
      const documents: Document[] = [];
      for (const id of ids) documents.push((await store.getDocument(id))!);
      const { facts } = exportJson(fuseStory(await fuseInputFrom(store, documents, [])));
      stories.push({ documents: ids, facts });
    }
    stories.sort((a, b) => (a.documents[0]! < b.documents[0]! ? -1 : 1));
    const documents = (await store.listDocuments({ limit: 100_000 })).map((d) => d.id).sort();
    const queue = openJobQueue(store);
    const workers = new Set((await queue.list('done')).map((job) => job.leasedBy?.split('#')[0]));
    return { documents, stories, workers: workers.size, counts: await queue.counts() };
  } finally {
    await store.close();
  }
}

describe('workers on one PostgreSQL store', { skip: noPostgres }, () => {
  let cluster: TestCluster;
  let corpus: string;
  before(async () => {
    cluster = await startPostgres();
    corpus = tempDir('workers');
    writeTextCorpus(corpus, 36);
  });
  after(async () => {
    await cluster?.stop();
    if (corpus) rmSync(corpus, { recursive: true, force: true });
  });

  test('two and four worker processes make the same stories and facts as one', async () => {
    const generated = readdirSync(corpus)
      .sort()
      .map((name) => join(corpus, name));
    const groups = await byOutlet(demoInputs);
    const jobs = groups.length + Math.ceil(generated.length / 2);
    const runs = new Map<number, Awaited<ReturnType<typeof outcome>>>();
    for (const workers of [1, 2, 4]) {
      const db = await cluster.createDatabase();
      for (const group of groups) await enqueue(db, group, group.length);
      await enqueue(db, generated, 2);
      const ends = await Promise.all(
        Array.from({ length: workers }, () => exited(startCli(['worker', '--idle-exit', '--json', '--db', db]))),
      );
      for (const end of ends) assert.equal(end.code, 0, end.stderr);
      runs.set(workers, await outcome(db));
    }
    const one = runs.get(1)!;
    assert.ok(one.stories.length >= 4, `several stories (${one.stories.length})`);
    assert.ok(
      one.stories.some((s) => s.facts.length > 0),
      'facts were fused',
    );
    assert.equal(one.counts.done, jobs);
    for (const workers of [2, 4]) {
      const run = runs.get(workers)!;
      assert.ok(run.workers > 1, `${workers} workers shared the jobs (${run.workers} did any)`);
      assert.deepEqual(run.counts, one.counts);
      assert.deepEqual(run.documents, one.documents, `${workers} workers: the same documents`);
      assert.deepEqual(
        run.stories.map((s) => s.documents),
        one.stories.map((s) => s.documents),
        `${workers} workers: the same story memberships`,
      );
      assert.deepEqual(run.stories, one.stories, `${workers} workers: the same facts in each story`);
    }
  });

  test('a worker killed mid-job loses no document and duplicates none: another takes the job when its lease expires', async () => {
    const db = await cluster.createDatabase();
    const inputs = readdirSync(corpus)
      .sort()
      .map((name) => join(corpus, name));
    const batch = 12;
    await enqueue(db, inputs, batch);
    const store = await new PostgresStore(db).open();
    try {
      // The victim runs with a 2 s lease; it is killed once it has stored part of a job, not all of it.
      const victim = startCli(['worker', '--lease', '2', '--db', db], { stdio: 'ignore' });
      const victimEnd = exited(victim);
      let stored = 0;
      for (let waited = 0; ; waited += 20) {
        assert.ok(waited < 120_000, 'the victim stored no document within two minutes');
        stored = (await store.listDocuments({ limit: 100_000 })).length;
        if (stored % batch !== 0) break;
        await sleep(20);
      }
      victim.kill('SIGKILL');
      assert.equal((await victimEnd).code, null, 'killed, not exited');
      const queue = openJobQueue(store);
      const [interrupted] = await queue.list('running');
      assert.ok(interrupted, 'the job it was running is still leased to it');
      const storedAtKill = (await store.listDocuments({ limit: 100_000 })).length;
      assert.ok(storedAtKill % batch !== 0, `killed mid-job (${storedAtKill} documents stored)`);

      // A second worker waits for the lease to run out, runs the job again and the rest, then places everything.
      const rescuer = await exited(startCli(['worker', '--idle-exit', '--json', '--lease', '2', '--db', db]));
      assert.equal(rescuer.code, 0, rescuer.stderr);
      const retried = (await queue.list('done')).find((job) => job.id === interrupted.id);
      assert.equal(retried?.attempts, 2, 'the interrupted job ran a second time');
      assert.deepEqual(await queue.counts(), { queued: 0, running: 0, done: inputs.length / batch, failed: 0 });
      const documents = await store.listDocuments({ limit: 100_000 });
      const locations = [];
      for (const { id } of documents) locations.push((await store.getDocument(id))!.raw.location);
      assert.deepEqual(locations.sort(), [...inputs].sort(), 'every input stored exactly once');
      const placed = (await store.listStories({ limit: 100_000 })).flatMap((story) => story.docIds);
      assert.deepEqual([...placed].sort(), documents.map((d) => d.id).sort(), 'every document in exactly one story');
    } finally {
      await store.close();
    }
  });
});
