/**
 * `npm run bench:pg -- --docs N --workers 1,2 [--batch 100] [--requests 200] [--cpu-prof DIR] [--hold]`: N generated documents through ingest,
 * analysis and clustering into a throw-away PostgreSQL (test/postgres.ts) by 1, then 2 (…) `triangulate worker`
 * processes, each count on a fresh database. JSON on stdout; progress lines on stderr.
 *
 * Per run: documents/s end to end (from starting the workers until every document is placed in a story and the
 * workers have exited), the cost per document around each checkpoint of 10k / 100k / 1M documents and at each tenth
 * of the run (seconds per document over the tenth that ends there: flat means it does not grow with the store), for
 * documents stored (ingest + analysis) and documents placed (clustering), and the database size. After each run, the
 * product's server on that database: p50/p95 of real HTTP requests to the story page's API and to search.
 * `npm run bench:pg -- --db postgres://… [--requests 200]` measures only the API, on an existing database, which it
 * only reads (no brief is fused or kept).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { defaultConfig } from '../src/config.ts';
import { startServer } from '../src/server/serve.ts';
import { openJobQueue } from '../src/store/jobs.ts';
import { PostgresStore } from '../src/store/postgres.ts';
import { startPostgres } from '../test/postgres.ts';
import { projectRoot } from '../test/support.ts';
import { streamReports } from './clustering.ts';
import { writeTextCorpus } from './corpus.ts';
import { jsonGetter, measure, QUERIES } from './server.ts';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    workers: { type: 'string', default: '1,2' },
    batch: { type: 'string', default: '100' },
    requests: { type: 'string', default: '200' },
    // The generated reports: `stream` (default) as the clustering bench streams them — stories of a few days, 20
    // outlets, one report in 30 an edited copy of an older one; `templates`: the earlier corpus of one template in
    // 8 places over 28 days, which grows stories without end (its near-identical reports all join a few of them).
    corpus: { type: 'string', default: 'stream' },
    // Write a CPU profile of each worker process into this directory (node --cpu-prof).
    'cpu-prof': { type: 'string' },
    // Print the N statements that took the server longest (pg_stat_statements), per run.
    statements: { type: 'string', default: '0' },
    // Keep the server and the last run's database up after the figures (its URL on stderr) until stopped with
    // Ctrl-C: a database of a million documents takes more than an hour to fill, and the API is worth measuring
    // again on it after a change.
    hold: { type: 'boolean', default: false },
    // Measure only the API, on an existing database (e.g. one a `--hold` run keeps up): nothing is filled, no brief
    // is fused or kept (the server's background refresher is off), so the database is only read.
    db: { type: 'string' },
  },
});
const docs = Number(values.docs);
const workerCounts = values.workers.split(',').map(Number);
const batch = Number(values.batch);
const requests = Number(values.requests);
const statements = Number(values.statements);
if (values.corpus !== 'stream' && values.corpus !== 'templates') throw new Error('--corpus is stream or templates');
if (!(docs > 0) || workerCounts.some((n) => !(n > 0)) || !(batch > 0)) {
  throw new Error('--docs, --workers (comma-separated) and --batch take positive numbers');
}

const CHECKPOINTS = [10_000, 100_000, 1_000_000].filter((c) => c <= docs);
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const progress = (line: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(line)}\n`);

/**
 * The clustering bench's stream of reports (`streamReports`) as text files an outlet would publish: front matter
 * with the outlet, the article's URL and its publication time, then the title and the text in paragraphs.
 */
function writeStreamCorpus(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  let i = 0;
  for (const report of streamReports(n)) {
    const sentences = report.text.split(/(?<=\.) /);
    const paragraphs = [sentences.slice(0, 3), sentences.slice(3, 6), sentences.slice(6)].map((p) => p.join(' '));
    const source = report.sourceId ?? 'outlet-0';
    const outlet = source.replace('outlet-', 'Outlet ');
    const front = [
      '---',
      `source: ${outlet}`,
      `url: https://${source}.example/news/${i}`,
      `published: ${report.publishedAt}`,
      '---',
    ];
    const body = [...front, report.title, '', ...paragraphs.flatMap((p) => [p, ''])];
    writeFileSync(join(dir, `${String(i).padStart(7, '0')}.txt`), body.join('\n'));
    i++;
  }
}

/**
 * CPU seconds a process has used (user + system), with those of its children it has waited for: from /proc (Linux),
 * so that the workers' and the database server's time can be told apart. Null when unreadable (gone, not Linux).
 */
function cpuSecondsOf(pid: number, withChildren = false): number | null {
  try {
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = [11, 12, ...(withChildren ? [13, 14] : [])].reduce((sum, i) => sum + Number(fields[i]), 0);
    return ticks / CLOCK_TICKS;
  } catch {
    return null;
  }
}
// USER_HZ: 100 on every Linux this runs on.
const CLOCK_TICKS = 100;

/** The database server's CPU: the postmaster with its exited children, plus its live ones (the backends). */
function serverCpuSeconds(postmaster: number): number | null {
  const own = cpuSecondsOf(postmaster, true);
  if (own === null) return null;
  let live = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(stat[1]) === postmaster) live += cpuSecondsOf(Number(entry)) ?? 0;
    } catch {}
  }
  return own + live;
}

interface Sample {
  seconds: number;
  stored: number;
  placed: number;
  dbBytes: number;
}

/** When a count reached `mark`: interpolated between the samples around it (taken every couple of seconds). */
function timeAt(samples: Sample[], key: 'stored' | 'placed', mark: number): number | null {
  const after = samples.findIndex((s) => s[key] >= mark);
  if (after < 0) return null;
  const b = samples[after]!;
  const a = samples[after - 1];
  if (!a || b[key] === a[key]) return b.seconds;
  return a.seconds + ((b.seconds - a.seconds) * (mark - a[key])) / (b[key] - a[key]);
}

/** Milliseconds per document over the window (from, to] of the count. */
function costPerDocument(samples: Sample[], key: 'stored' | 'placed', from: number, to: number): number | null {
  const start = from === 0 ? 0 : timeAt(samples, key, from);
  const end = timeAt(samples, key, to);
  if (start === null || end === null) return null;
  return round(((end - start) * 1000) / (to - from), 2);
}

function runWorker(db: string): { child: ChildProcess; done: Promise<{ code: number | null; summary: unknown }> } {
  const child = spawn(
    process.execPath,
    [
      ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []),
      '--import',
      'tsx',
      join(projectRoot, 'src', 'cli', 'main.ts'),
      'worker',
      '--idle-exit',
      '--json',
      '--db',
      db,
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TRIANGULATE_DB: undefined } },
  );
  children.add(child);
  child.on('close', () => children.delete(child));
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  const done = new Promise<{ code: number | null; summary: unknown }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let summary: unknown = null;
      try {
        summary = (JSON.parse(last) as { summary?: unknown }).summary ?? null;
      } catch {}
      resolve({ code, summary });
    });
  });
  return { child, done };
}

async function run(db: string, files: string[], workers: number) {
  const store = await new PostgresStore(db).open();
  const queue = openJobQueue(store);
  for (let i = 0; i < files.length; i += batch) await queue.enqueue({ inputs: files.slice(i, i + batch) });
  await store.close();

  const client = new pg.Client({ connectionString: db });
  await client.connect();
  if (statements > 0) {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT pg_stat_statements_reset()');
  }
  const postmaster = Number(
    readFileSync(
      `/proc/${(await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid}/stat`,
      'utf8',
    )
      .split(') ')[1]!
      .split(' ')[1],
  );
  const serverCpuAtStart = serverCpuSeconds(postmaster);
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async () => {
    const { rows } = await client.query<{ stored: string; placed: string; bytes: string }>(
      `SELECT (SELECT count(*) FROM documents) AS stored, (SELECT count(*) FROM cluster_docs) AS placed,
        pg_database_size(current_database()) AS bytes`,
    );
    const row = rows[0]!;
    samples.push({
      seconds: (performance.now() - started) / 1000,
      stored: Number(row.stored),
      placed: Number(row.placed),
      dbBytes: Number(row.bytes),
    });
  };
  await sample();
  const processes = Array.from({ length: workers }, () => runWorker(db));
  // Each worker's CPU as last read (every sample, and as late as the sampling allows).
  const workerCpu = processes.map(() => 0);
  const readWorkerCpu = () =>
    processes.forEach((p, i) => {
      workerCpu[i] = cpuSecondsOf(p.child.pid ?? -1) ?? workerCpu[i]!;
    });
  let finished = false;
  const ends = Promise.all(processes.map((p) => p.done)).finally(() => {
    finished = true;
  });
  let lastReport = 0;
  // Counting the stored rows is itself a query on a growing table: less often in large runs.
  const every = docs > 20_000 ? 5000 : 2000;
  while (!finished) {
    readWorkerCpu();
    await Promise.race([ends, new Promise((resolve) => setTimeout(resolve, every))]);
    await sample();
    const last = samples.at(-1)!;
    if (last.seconds - lastReport >= 30) {
      lastReport = last.seconds;
      progress({ workers, seconds: round(last.seconds), stored: last.stored, placed: last.placed, load: loadavg()[0] });
    }
  }
  const results = await ends;
  const top = statements > 0 ? await topStatements(client) : undefined;
  const serverCpu = (serverCpuSeconds(postmaster) ?? Number.NaN) - (serverCpuAtStart ?? Number.NaN);
  const stories = await storySignature(client);
  await client.end();
  const wallSeconds = (performance.now() - started) / 1000;
  const last = samples.at(-1)!;
  const failed = results.filter((r) => r.code !== 0);
  if (failed.length > 0) throw new Error(`${failed.length} worker(s) failed`);
  // Marks over what was stored: the stream has a few exact copies, stored once (`unchanged`).
  const tenths = Array.from({ length: 10 }, (_, i) => Math.round(((i + 1) * last.stored) / 10));
  return {
    workers,
    documents: docs,
    stored: last.stored,
    placed: last.placed,
    wallSeconds: round(wallSeconds),
    documentsPerSecond: round(docs / wallSeconds),
    // CPU per document through the whole run (storing and placing), in the workers (read every sample: the last
    // seconds before each exits are missing) and in the database server (its sampling queries included).
    cpuMsPerDocument: {
      workers: round((workerCpu.reduce((a, b) => a + b, 0) * 1000) / docs, 2),
      postgres: round((serverCpu * 1000) / docs, 2),
    },
    checkpoints: CHECKPOINTS.map((checkpoint) => Math.min(checkpoint, last.stored)).map((c) => ({
      documents: c,
      // Over the tenth before the checkpoint (9k–10k, 90k–100k, 900k–1M).
      storedMsPerDocument: costPerDocument(samples, 'stored', Math.round(c * 0.9), c),
      placedMsPerDocument: costPerDocument(samples, 'placed', Math.round(c * 0.9), c),
      dbMB: round((samples.find((s) => s.placed >= c)?.dbBytes ?? last.dbBytes) / 2 ** 20),
    })),
    tenths: tenths.map((mark, i) => ({
      documents: mark,
      storedMsPerDocument: costPerDocument(samples, 'stored', i === 0 ? 0 : tenths[i - 1]!, mark),
      placedMsPerDocument: costPerDocument(samples, 'placed', i === 0 ? 0 : tenths[i - 1]!, mark),
    })),
    dbMB: round(last.dbBytes / 2 ** 20),
    stories,
    ...(top ? { statements: top } : {}),
    workerSummaries: results.map((r) => r.summary),
  };
}

/** The statements that took the server longest in this database: where the storing path's database time goes. */
async function topStatements(client: pg.Client) {
  const { rows } = await client.query<{ query: string; calls: string; total: number; mean: number; rows: string }>(
    `SELECT query, calls, total_exec_time AS total, mean_exec_time AS mean, rows FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC LIMIT $1`,
    [statements],
  );
  return rows.map((r) => ({
    query: r.query.replace(/\s+/g, ' ').slice(0, 160),
    calls: Number(r.calls),
    totalMs: round(r.total),
    meanMs: round(r.mean, 3),
    msPerDocument: round(r.total / docs, 3),
  }));
}

/**
 * The stories made, independent of their ids: how many, the largest, and a hash of every story's sorted documents
 * (runs with any number of workers must make the same stories: docs/SCALING.md).
 */
async function storySignature(client: pg.Client) {
  const { rows } = await client.query<{ members: string; size: number }>(
    `SELECT string_agg(document_id, ',' ORDER BY document_id) AS members, count(*)::int AS size
       FROM cluster_docs GROUP BY story_id`,
  );
  const hash = createHash('sha256');
  for (const members of rows.map((r) => r.members).sort()) hash.update(`${members}\n`);
  return {
    count: rows.length,
    // Not Math.max(...sizes): 170,000 stories are more arguments than a call takes.
    largest: rows.reduce((max, r) => Math.max(max, r.size), 0),
    membershipSha256: hash.digest('hex').slice(0, 16),
  };
}

/**
 * What an analyst would type into the stream corpus (bench/clustering.ts): its reports mix story names with common
 * news words, each in most reports, so these are broad queries — the search's worst case. The template corpus has
 * its own (QUERIES).
 */
const STREAM_QUERIES = [
  'police',
  'election vote',
  'quake OR storm',
  'rescu*',
  'border train investigation',
  'minister warned',
  'Kalo*',
  'government officials',
];

/**
 * The server the product runs, on the PostgreSQL store: the requests of the web's pages — the stories list and a
 * story page, search (with and without a date filter), a story's places (the map), the documents list (the ingest
 * page) — and, unless `readOnly`, the story brief (fused and kept on first request). `documents` is how many the
 * database holds (the date filter keeps the later half of the stream).
 */
async function api(db: string, documents: number, readOnly = false) {
  const store = await new PostgresStore(db).open();
  const server = await startServer({
    store,
    config: defaultConfig,
    port: 0,
    host: '127.0.0.1',
    db,
    // Read-only: no background fusion, and no story fused (and kept) on the request path either.
    refreshBriefs: !readOnly,
    ...(readOnly ? { inlineFusionUpTo: 0 } : {}),
  });
  try {
    const get = jsonGetter(server.url);
    const stories = (await get('/api/stories')).stories as { id: string; size: number }[];
    const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;
    const ids = stories.map((s) => s.id);
    const queries = values.corpus === 'stream' ? STREAM_QUERIES : QUERIES;
    // A date filter that keeps the later half of the corpus (the stream runs 5,000 reports a day from 2024-01-01).
    const from =
      values.corpus === 'stream'
        ? new Date(Date.parse('2024-01-01') + (documents / 2 / 5000) * 86_400_000).toISOString().slice(0, 10)
        : '2024-03-10';
    // Each figure is also printed as it is taken: a brief over a story of thousands of documents takes seconds.
    const timed = async (name: string, n: number, request: (i: number) => Promise<unknown>) => {
      const figures = await measure(n, request);
      progress({ api: name, ...figures });
      return figures;
    };
    return {
      requests,
      storyCount: stories.length,
      largestStory: stories.reduce((max, s) => Math.max(max, s.size), 0),
      stories: await timed('stories', requests, (i) => get(`/api/stories?limit=${i % 2 ? 200 : 50}`)),
      story: await timed('story', requests, (i) => get(`/api/stories/${pick(ids, i)}`)),
      // How many documents each query matches (and whether the total is a lower bound): the figures below mean
      // little if the queries found nothing.
      matches: Object.fromEntries(
        await Promise.all(
          queries.map(async (q) => {
            const answer = await get(`/api/search?q=${encodeURIComponent(q)}`);
            return [q, `${answer.total}${answer.totalIsLowerBound ? '+' : ''}`];
          }),
        ),
      ),
      search: await timed('search', requests, (i) => get(`/api/search?q=${encodeURIComponent(pick(queries, i))}`)),
      searchFiltered: await timed('searchFiltered', requests, (i) =>
        get(`/api/search?q=${encodeURIComponent(pick(queries, i))}&from=${from}`),
      ),
      places: await timed('places', Math.min(requests, 50), (i) => get(`/api/stories/${pick(ids, i)}/places`)),
      documents: await timed('documents', Math.min(requests, 50), () => get('/api/documents?limit=8')),
      ...(readOnly
        ? {}
        : {
            storyBrief: await timed('storyBrief', Math.min(requests, 20), (i) =>
              get(`/api/stories/${pick(ids, i)}/brief`),
            ),
          }),
    };
  } finally {
    await server.close();
    await store.close();
  }
}

if (values.db) {
  const store = await new PostgresStore(values.db).open();
  const documents = await store.countDocuments();
  await store.close();
  const loadAtStart = loadavg().map((n) => round(n, 2));
  const figures = await api(values.db, documents, true);
  process.stdout.write(
    `${JSON.stringify({ node: process.version, cpus: cpus().length, loadAtStart, loadAtEnd: loadavg().map((n) => round(n, 2)), documents, api: figures }, null, 2)}\n`,
  );
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'triangulate-bench-pg-'));
// A server sized like a small production one rather than a test's (16 MB of buffers, a checkpoint every 64 MB of
// WAL): the figures should be the store's, not those of a starved server. Still no fsync: the data is thrown away.
const cluster = await startPostgres({
  shared_buffers: '256MB',
  max_wal_size: '1GB',
  checkpoint_timeout: '15min',
  ...(statements > 0 ? { shared_preload_libraries: 'pg_stat_statements' } : {}),
});
const children = new Set<ChildProcess>();
// Stopped early (Ctrl-C, SIGTERM): the workers and the throw-away server go too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    void cluster.stop().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  });
}
/**
 * Never returns: the signal handlers above stop the server and exit. A timer keeps the process alive — a promise that
 * never settles does not, and the process (and with it the held server) went as soon as the figures were printed.
 */
function holdUntilStopped(): Promise<never> {
  setInterval(() => {}, 1 << 30);
  return new Promise<never>(() => {});
}

let lastDb = '';
try {
  const corpus = join(dir, 'corpus');
  if (values.corpus === 'templates') writeTextCorpus(corpus, docs);
  else writeStreamCorpus(corpus, docs);
  const files = readdirSync(corpus)
    .sort()
    .map((name) => join(corpus, name));
  const loadAtStart = loadavg().map((n) => round(n, 2));
  const runs = [];
  for (const workers of workerCounts) {
    const db = await cluster.createDatabase();
    lastDb = db;
    const figures = await run(db, files, workers);
    progress({ done: figures });
    // The API on each run's database: a run cut short still leaves the figures of those before it.
    // `--requests 0` skips the API figures (the server fuses every story's brief first: minutes on large stories).
    runs.push({ ...figures, api: requests > 0 ? await api(db, docs) : null });
  }
  const result = {
    node: process.version,
    cpus: cpus().length,
    loadAtStart,
    loadAtEnd: loadavg().map((n) => round(n, 2)),
    documents: docs,
    batch,
    runs,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (values.hold) {
    progress({ holding: lastDb, stop: 'Ctrl-C or SIGTERM' });
    await holdUntilStopped();
  }
} catch (err) {
  // An hour's database is not thrown away for a failure after it was filled: with --hold it stays up to be looked at.
  if (values.hold && lastDb) {
    progress({ failed: String(err), holding: lastDb, stop: 'Ctrl-C or SIGTERM' });
    await holdUntilStopped();
  }
  throw err;
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
