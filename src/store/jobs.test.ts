import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { noPostgres, startPostgres, type TestCluster } from '../../test/postgres.ts';
import { tempDir } from '../../test/support.ts';
import { resolveConfig } from '../config.ts';
import { runWorker } from '../worker/worker.ts';
import { type JobQueue, openJobQueue } from './jobs.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

const T0 = '2024-03-12T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function queueSuite(name: string, open: () => Promise<Store>) {
  describe(`job queue: ${name}`, () => {
    test('jobs are leased once, renewed, taken over when a lease expires, and failed after the last attempt', async () => {
      const store = await open();
      const queue = openJobQueue(store);
      try {
        const a = await queue.enqueue({ inputs: ['a.txt'] }, { maxAttempts: 2, now: T0 });
        const b = await queue.enqueue({ inputs: ['b.txt'] }, { now: at(1) });
        const [first] = await queue.claim('w1', 60_000, 1, at(2));
        assert.equal(first!.id, a.id, 'oldest first');
        assert.equal(first!.attempts, 1);
        const [second] = await queue.claim('w2', 60_000, 5, at(2));
        assert.equal(second!.id, b.id, 'a leased job is not handed out again');
        assert.deepEqual(await queue.claim('w3', 60_000, 5, at(3)), []);
        assert.equal(await queue.renew(a.id, 'w1', 60_000, at(50)), true);
        assert.equal(await queue.renew(a.id, 'w2', 60_000, at(50)), false, 'only the lease holder renews');
        assert.equal(await queue.complete(b.id, 'w2', { added: 1 }, at(40)), true);
        assert.deepEqual(await queue.claim('w3', 60_000, 5, at(100)), [], 'renewed until 110 s');
        // w1 dies: its lease runs out and w3 takes the job over, on its second and last attempt.
        const [taken] = await queue.claim('w3', 60_000, 5, at(111));
        assert.equal(taken!.id, a.id);
        assert.equal(taken!.attempts, 2);
        assert.equal(await queue.complete(a.id, 'w1', {}, at(112)), false, 'the old holder lost it');
        // w3 dies too: out of attempts, the job fails instead of running a third time.
        assert.deepEqual(await queue.claim('w4', 60_000, 5, at(200)), []);
        const [failed] = await queue.list('failed');
        assert.equal(failed!.id, a.id);
        assert.match(failed!.error!, /lease expired/);
        assert.deepEqual(await queue.counts(), { queued: 0, running: 0, done: 1, failed: 1 });
        const [done] = await queue.list('done');
        assert.deepEqual(done!.result, { added: 1 });
      } finally {
        await queue.close();
        await store.close();
      }
    });

    test('a failed job is retried after the wait, then failed for good', async () => {
      const store = await open();
      const queue = openJobQueue(store);
      try {
        const job = await queue.enqueue({ inputs: ['x'] }, { maxAttempts: 2, now: T0 });
        await queue.claim('w', 60_000, 1, at(1));
        assert.equal(await queue.fail(job.id, 'w', 'boom', 10_000, at(2)), true);
        assert.deepEqual(await queue.claim('w', 60_000, 1, at(5)), [], 'not before the retry wait');
        assert.equal((await queue.claim('w', 60_000, 1, at(13)))[0]!.attempts, 2);
        await queue.fail(job.id, 'w', 'boom again', 10_000, at(14));
        const [failed] = await queue.list('failed');
        assert.equal(failed!.error, 'boom again');
      } finally {
        await queue.close();
        await store.close();
      }
    });

    test('the clustering watermark: finished jobs in enqueue order, up to the oldest unfinished one', async () => {
      const store = await open();
      const queue = openJobQueue(store);
      try {
        // Same creation time: the order is the enqueue order all the same.
        const [a, b, c] = [
          await queue.enqueue({ inputs: ['a'] }, { now: T0 }),
          await queue.enqueue({ inputs: ['b'] }, { now: T0 }),
          await queue.enqueue({ inputs: ['c'] }, { maxAttempts: 1, now: T0 }),
        ];
        assert.ok(a!.seq < b!.seq && b!.seq < c!.seq, 'numbered in enqueue order');
        const ids = (jobs: { id: string }[]) => jobs.map((j) => j.id);
        await queue.claim('w1', 60_000, 1, at(1));
        await queue.claim('w2', 60_000, 1, at(1));
        await queue.complete(b!.id, 'w2', { counts: {}, documents: ['d2'] }, at(2));
        assert.deepEqual(await queue.clusterable(), { jobs: [], drained: false }, 'b waits behind a, still running');
        await queue.complete(a!.id, 'w1', { counts: {}, documents: ['d1'] }, at(3));
        const both = await queue.clusterable();
        assert.deepEqual(ids(both.jobs), [a!.id, b!.id]);
        assert.deepEqual(
          both.jobs.map((j) => (j.result as { documents: string[] }).documents),
          [['d1'], ['d2']],
        );
        assert.equal(both.drained, false, 'c is queued');
        assert.deepEqual(ids((await queue.clusterable(1)).jobs), [a!.id], 'at most the limit');
        await queue.markClustered(ids(both.jobs), at(4));
        assert.deepEqual((await queue.clusterable()).jobs, []);
        await queue.claim('w1', 60_000, 1, at(5));
        await queue.fail(c!.id, 'w1', 'boom', 1_000, at(6));
        const last = await queue.clusterable();
        assert.deepEqual(ids(last.jobs), [c!.id], 'a job failed for good is finished too');
        assert.equal(last.drained, true);
      } finally {
        await queue.close();
        await store.close();
      }
    });

    test('workers run every job once and the documents all end up in stories', async () => {
      const store = await open();
      const queue = openJobQueue(store);
      try {
        const dir = tempDir('jobs');
        const files = Array.from({ length: 12 }, (_, i) => {
          const file = join(dir, `r${i}.txt`);
          const topic = i % 2 ? 'Ferry service resumes in the harbour' : 'Bakers strike over flour prices';
          writeFileSync(file, `${topic} (${i})\n\n${topic}, report number ${i} said on Monday.\n`);
          return file;
        });
        for (let i = 0; i < files.length; i += 3) await queue.enqueue({ inputs: files.slice(i, i + 3) });
        const config = resolveConfig({ db: 'unused' });
        const summaries = await Promise.all(
          [1, 2].map((n) => runWorker({ store, queue, config, concurrency: 2, idleExit: true, name: `w${n}` })),
        );
        assert.equal(
          summaries.reduce((sum, s) => sum + s.done, 0),
          4,
        );
        assert.deepEqual(await queue.counts(), { queued: 0, running: 0, done: 4, failed: 0 });
        assert.equal(await store.countDocuments(), 12);
        assert.deepEqual(await store.unclusteredDocumentIds(), []);
        const placed = (await store.listStories()).flatMap((s) => s.docIds);
        assert.equal(new Set(placed).size, 12, 'every document in exactly one story');
        assert.equal(placed.length, 12);
      } finally {
        await queue.close();
        await store.close();
      }
    });
  });
}

queueSuite('sqlite', async () => new SqliteStore(join(tempDir('jobs'), 'jobs.db')));

describe('postgres', { skip: noPostgres }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster?.stop();
  });
  queueSuite('postgres', async () => new PostgresStore(await cluster.createDatabase(), { maxConnections: 8 }).open());

  test('postgres: concurrent claims never hand one job to two workers', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all([1, 2, 3, 4].map(() => new PostgresStore(url).open()));
    const queues: JobQueue[] = stores.map(openJobQueue);
    try {
      for (let i = 0; i < 40; i++) await queues[0]!.enqueue({ inputs: [`f${i}`] });
      const claimed = (
        await Promise.all(queues.flatMap((q, w) => [1, 2, 3].map((k) => q.claim(`w${w}.${k}`, 60_000, 4))))
      ).flat();
      assert.equal(claimed.length, 40);
      assert.equal(new Set(claimed.map((j) => j.id)).size, 40);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
