/**
 * Story assignment under many workers, measured: `node --import tsx scripts/bench-workers.ts --db postgres://…
 * [--docs 240] [--batch 10] [--concurrency 4] [--mode elect|per-job]` on an empty database.
 *
 * - `elect`: what `triangulate worker` does — workers only store and analyse; whoever wins the advisory lock
 *   clusters everything unplaced, in one pass for many jobs.
 * - `per-job`: each job clusters its own documents right after storing them, waiting its turn on the same lock
 *   (without the lock, concurrent passes overwrite each other's stories).
 *
 * Prints one JSON line: wall time, clustering passes and the time spent in them, and whether every document ended
 * up in exactly one story.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/config.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { openJobQueue } from '../src/store/jobs.ts';
import { PostgresStore } from '../src/store/postgres.ts';
import { advisoryKey } from '../src/store/sql.ts';
import { clusterPending, runWorker } from '../src/worker/worker.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    docs: { type: 'string', default: '240' },
    batch: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '4' },
    mode: { type: 'string', default: 'elect' },
  },
});
if (!values.db) throw new Error('--db postgres://… (an empty database) is required');
const docs = Number(values.docs);
const batch = Number(values.batch);
const concurrency = Number(values.concurrency);

const PLACES = ['Lisbon', 'Porto', 'Odesa', 'Gdansk', 'Valletta', 'Tromso', 'Bilbao', 'Split', 'Varna', 'Riga'];
const EVENTS = ['ferry strike', 'bridge closure', 'harbour fire', 'grain shipment', 'power cut', 'flood warning'];
const dir = mkdtempSync(join(tmpdir(), 'triangulate-bench-workers-'));
const files = Array.from({ length: docs }, (_, i) => {
  const place = PLACES[i % PLACES.length]!;
  const event = EVENTS[Math.floor(i / PLACES.length) % EVENTS.length]!;
  const file = join(dir, `${String(i).padStart(5, '0')}.txt`);
  writeFileSync(
    file,
    `${event} in ${place}, report ${i}\n\nOfficials in ${place} said on Monday that the ${event} affected ${(i * 37) % 900} people. ` +
      `Witness ${i} described the ${event} near the port of ${place}.\n`,
  );
  return file;
});

const store = await new PostgresStore(values.db, { maxConnections: concurrency + 3 }).open();
const queue = openJobQueue(store);
const config = resolveConfig({ db: values.db });
for (let i = 0; i < files.length; i += batch) await queue.enqueue({ inputs: files.slice(i, i + batch) });

// Every clustering save bumps the store's revision by one: the passes are the revision at the end. A pass is timed
// from reading the revision (where `updateClusterState` begins) to its save's end, in both modes.
let clusteringMs = 0;
let passStarted = 0;
const timedStore: PostgresStore = Object.assign(Object.create(store), {
  clusterRevision: () => {
    passStarted = performance.now();
    return store.clusterRevision();
  },
  saveClusterSnapshot: async (...args: Parameters<PostgresStore['saveClusterSnapshot']>) => {
    await store.saveClusterSnapshot(...args);
    clusteringMs += performance.now() - passStarted;
  },
});
const started = performance.now();
if (values.mode === 'elect') {
  await runWorker({ store: timedStore, queue, config, concurrency, idleExit: true });
} else {
  const lock = advisoryKey('triangulate:bench:per-job');
  const slot = async (n: number) => {
    for (;;) {
      const [job] = await queue.claim(`bench#${n}`, 60_000, 1);
      if (!job) return;
      await ingest(job.payload.inputs, { store: timedStore, config, cluster: false });
      const client = await store.pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [lock]);
        await ingest([], { store: timedStore, config, analyse: false });
        await client.query('SELECT pg_advisory_unlock($1)', [lock]);
      } finally {
        client.release();
      }
      await queue.complete(job.id, `bench#${n}`, {});
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => slot(i)));
  await clusterPending({ store: timedStore, queue, config });
}
const passes = await store.clusterRevision();
const wallMs = performance.now() - started;
const placed = (await store.listStories()).flatMap((s) => s.docIds);
process.stdout.write(
  `${JSON.stringify({
    mode: values.mode,
    docs,
    batch,
    concurrency,
    jobs: Math.ceil(docs / batch),
    wallMs: Math.round(wallMs),
    clusteringPasses: passes,
    clusteringMs: Math.round(clusteringMs),
    stories: (await store.listStories()).length,
    everyDocumentPlacedOnce: placed.length === docs && new Set(placed).size === docs,
  })}\n`,
);
await store.close();
