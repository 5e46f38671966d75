/**
 * The job queue many workers share: ingest jobs leased for a while, renewed while they run, taken over by another
 * worker when a lease expires (a worker killed mid-job), retried a few times, then failed.
 *
 * On PostgreSQL a claim is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`: workers never wait on each
 * other's rows and never take the same job. On SQLite (one file, one writer at a time) a claim is an immediate
 * transaction; fine for the workers of one process or a few on one machine.
 *
 * Times are ISO strings from the workers' clocks, like every other time in the store: keep them in sync (NTP) and the
 * lease well above the skew.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { PostgresStore } from './postgres.ts';
import { advisoryKey, numbered } from './sql.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface IngestJob {
  inputs: string[];
  source?: string;
  follow?: boolean;
}

export interface Job {
  id: string;
  /** Enqueue order: jobs are claimed, and their documents clustered, in this order. */
  seq: number;
  kind: 'ingest';
  payload: IngestJob;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  /** Not run before this time (retry backoff). */
  runAfter: string;
  leasedBy: string | null;
  leaseUntil: string | null;
  createdAt: string;
  finishedAt: string | null;
  result: unknown;
  error: string | null;
  /** When the clustering consumer placed the job's documents (see `clusterable`). */
  clusteredAt: string | null;
}

/** What a worker records of a finished ingest job: the counts, and the documents of its inputs in input order. */
export interface IngestJobResult {
  counts: Record<string, number>;
  documents: string[];
}

/** The jobs whose documents the clustering consumer may place now, and whether the queue has run dry. */
export interface ClusteringWatermark {
  /** Finished (done or failed) jobs not yet clustered that come before the oldest unfinished job, in order. */
  jobs: Job[];
  /** No job is queued or running: documents stored outside any finished job may be placed too. */
  drained: boolean;
}

export interface JobQueue {
  enqueue(payload: IngestJob, options?: { maxAttempts?: number; now?: string }): Promise<Job>;
  /**
   * Lease up to `limit` runnable jobs to `worker` until `now + leaseMs`: queued ones that are due, and running ones
   * whose lease expired (their worker died) and that have attempts left; those without are marked failed.
   */
  claim(worker: string, leaseMs: number, limit: number, now?: string): Promise<Job[]>;
  /** Extend a lease; false when the worker lost it (it expired and another worker took the job). */
  renew(id: string, worker: string, leaseMs: number, now?: string): Promise<boolean>;
  complete(id: string, worker: string, result: unknown, now?: string): Promise<boolean>;
  /** Back to the queue after `retryMs`, or failed for good when out of attempts. */
  fail(id: string, worker: string, error: string, retryMs: number, now?: string): Promise<boolean>;
  list(state?: JobState): Promise<Job[]>;
  counts(): Promise<Record<JobState, number>>;
  /**
   * The clustering watermark: finished jobs not yet clustered, up to (not including) the oldest job still queued or
   * running, at most `limit` of them. Placing only these, in job order, makes the order in which documents reach the
   * clusterer the same whatever the number of workers and however their jobs interleave.
   */
  clusterable(limit?: number): Promise<ClusteringWatermark>;
  /** Record that the documents of these jobs were placed. */
  markClustered(ids: string[], now?: string): Promise<void>;
  /**
   * Run `work` unless another worker (of any process, on PostgreSQL) is running work of the same name: true when it
   * ran, false when it was taken. How the workers elect one clustering consumer.
   */
  exclusive(name: string, work: () => Promise<void>): Promise<boolean>;
  /**
   * Take the role `name` unless another worker (of any process, on PostgreSQL) has it, and keep it until released
   * or until this process dies: null when it is taken. How one worker stays the clustering consumer.
   */
  hold(name: string): Promise<Held | null>;
  close(): Promise<void>;
}

/** A role held by this process (see `JobQueue.hold`). */
export interface Held {
  release(): Promise<void>;
}

/** The queue kept in the same database as `store`. */
export function openJobQueue(store: Store): JobQueue {
  if (store instanceof PostgresStore) return new PostgresJobQueue(store);
  if (store instanceof SqliteStore) return new SqliteJobQueue(store.path);
  throw new Error('this store keeps no job queue');
}

const later = (now: string, ms: number) => new Date(Date.parse(now) + ms).toISOString();
const clock = () => new Date().toISOString();

interface JobRow {
  id: string;
  seq?: number | null;
  kind: string;
  payload_json: string;
  state: string;
  attempts: number;
  max_attempts: number;
  run_after: string;
  leased_by: string | null;
  lease_until: string | null;
  created_at: string;
  finished_at: string | null;
  result_json: string | null;
  error: string | null;
  clustered_at?: string | null;
}

function jobFromRow(row: JobRow): Job {
  return {
    id: row.id,
    seq: Number(row.seq),
    kind: row.kind as Job['kind'],
    payload: JSON.parse(row.payload_json),
    state: row.state as JobState,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAfter: row.run_after,
    leasedBy: row.leased_by,
    leaseUntil: row.lease_until,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    result: row.result_json ? JSON.parse(row.result_json) : null,
    error: row.error,
    clusteredAt: row.clustered_at ?? null,
  };
}

function newJobRow(payload: IngestJob, maxAttempts: number, now: string): JobRow {
  return {
    id: randomUUID(),
    kind: 'ingest',
    payload_json: JSON.stringify(payload),
    state: 'queued',
    attempts: 0,
    max_attempts: maxAttempts,
    run_after: now,
    leased_by: null,
    lease_until: null,
    created_at: now,
    finished_at: null,
    result_json: null,
    error: null,
  };
}

const COLUMNS = Object.keys(newJobRow({ inputs: [] }, 1, '')) as (keyof JobRow)[];
const emptyCounts = (): Record<JobState, number> => ({ queued: 0, running: 0, done: 0, failed: 0 });

// Shared SQL with ? placeholders; the PostgreSQL queue numbers them.

// The oldest unfinished job bounds what may be clustered (`clusterable`); none unfinished: everything finished.
const CLUSTERABLE = `SELECT * FROM jobs WHERE clustered_at IS NULL AND state IN ('done', 'failed')
  AND seq < COALESCE((SELECT MIN(seq) FROM jobs WHERE state IN ('queued', 'running')), ?) ORDER BY seq LIMIT ?`;
const UNFINISHED = `SELECT 1 FROM jobs WHERE state IN ('queued', 'running') LIMIT 1`;
const MARK_CLUSTERED = 'UPDATE jobs SET clustered_at = ? WHERE id = ?';
const NO_BOUND = Number.MAX_SAFE_INTEGER;
const CLUSTERABLE_LIMIT = 1000;

const EXPIRE = `UPDATE jobs SET state = 'failed', finished_at = ?, error = 'lease expired on the last attempt'
  WHERE state = 'running' AND lease_until < ? AND attempts >= max_attempts`;
const RUNNABLE = `(state = 'queued' AND run_after <= ?)
  OR (state = 'running' AND lease_until < ? AND attempts < max_attempts)`;
const RENEW = `UPDATE jobs SET lease_until = ? WHERE id = ? AND leased_by = ? AND state = 'running'`;
const COMPLETE = `UPDATE jobs SET state = 'done', finished_at = ?, result_json = ?, lease_until = NULL
  WHERE id = ? AND leased_by = ? AND state = 'running'`;
const FAIL = `UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
  finished_at = CASE WHEN attempts >= max_attempts THEN ? ELSE NULL END, run_after = ?, error = ?, lease_until = NULL
  WHERE id = ? AND leased_by = ? AND state = 'running'`;

class PostgresJobQueue implements JobQueue {
  private readonly pool: pg.Pool;
  constructor(private readonly store: PostgresStore) {
    this.pool = store.pool;
  }

  private async query(sql: string, params: unknown[]): Promise<pg.QueryResult<JobRow>> {
    await this.store.open();
    return this.pool.query<JobRow>(numbered(sql), params);
  }

  async enqueue(payload: IngestJob, options: { maxAttempts?: number; now?: string } = {}): Promise<Job> {
    const row = newJobRow(payload, options.maxAttempts ?? 3, options.now ?? clock());
    const { rows } = await this.query(
      `INSERT INTO jobs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}) RETURNING seq`,
      COLUMNS.map((c) => row[c]),
    );
    return jobFromRow({ ...row, seq: rows[0]!.seq });
  }

  async claim(worker: string, leaseMs: number, limit: number, now = clock()): Promise<Job[]> {
    await this.query(EXPIRE, [now, now]);
    const { rows } = await this.query(
      `WITH next AS (SELECT id FROM jobs WHERE ${RUNNABLE} ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
       UPDATE jobs SET state = 'running', attempts = attempts + 1, leased_by = ?, lease_until = ?
       FROM next WHERE jobs.id = next.id RETURNING jobs.*`,
      [now, now, limit, worker, later(now, leaseMs)],
    );
    return rows.map(jobFromRow).sort((a, b) => a.seq - b.seq);
  }

  async renew(id: string, worker: string, leaseMs: number, now = clock()): Promise<boolean> {
    return Boolean((await this.query(RENEW, [later(now, leaseMs), id, worker])).rowCount);
  }

  async complete(id: string, worker: string, result: unknown, now = clock()): Promise<boolean> {
    return Boolean((await this.query(COMPLETE, [now, JSON.stringify(result), id, worker])).rowCount);
  }

  async fail(id: string, worker: string, error: string, retryMs: number, now = clock()): Promise<boolean> {
    return Boolean((await this.query(FAIL, [now, later(now, retryMs), error, id, worker])).rowCount);
  }

  async list(state?: JobState): Promise<Job[]> {
    const { rows } = state
      ? await this.query('SELECT * FROM jobs WHERE state = ? ORDER BY seq', [state])
      : await this.query('SELECT * FROM jobs ORDER BY seq', []);
    return rows.map(jobFromRow);
  }

  async counts(): Promise<Record<JobState, number>> {
    const { rows } = await this.query('SELECT state, count(*)::int AS n FROM jobs GROUP BY state', []);
    const counts = emptyCounts();
    for (const row of rows as unknown as { state: JobState; n: number }[]) counts[row.state] = row.n;
    return counts;
  }

  async clusterable(limit = CLUSTERABLE_LIMIT): Promise<ClusteringWatermark> {
    const { rows } = await this.query(CLUSTERABLE, [NO_BOUND, limit]);
    const unfinished = await this.query(UNFINISHED, []);
    return { jobs: rows.map(jobFromRow), drained: unfinished.rowCount === 0 };
  }

  async markClustered(ids: string[], now = clock()): Promise<void> {
    if (ids.length > 0) await this.query('UPDATE jobs SET clustered_at = ? WHERE id = ANY(?)', [now, ids]);
  }

  async exclusive(name: string, work: () => Promise<void>): Promise<boolean> {
    await this.store.open();
    // A session lock on a connection held for the whole work: released when the work ends or the worker dies.
    const client = await this.pool.connect();
    const key = advisoryKey(`triangulate:exclusive:${name}`);
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
      if (!rows[0]?.ok) return false;
      try {
        await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
      return true;
    } finally {
      client.release();
    }
  }

  async hold(name: string): Promise<Held | null> {
    await this.store.open();
    // A session lock on a connection kept until released: a dead process's connection closes and frees it.
    const client = await this.pool.connect();
    const key = advisoryKey(`triangulate:exclusive:${name}`);
    let ok = false;
    try {
      ok = Boolean((await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows[0]?.ok);
    } finally {
      if (!ok) client.release();
    }
    if (!ok) return null;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        try {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        } finally {
          client.release();
        }
      },
    };
  }

  async close(): Promise<void> {
    // The pool belongs to the store, which the caller closes.
  }
}

class SqliteJobQueue implements JobQueue {
  private readonly db: Database.Database;
  private readonly running = new Set<string>();

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('busy_timeout = 5000');
  }

  async enqueue(payload: IngestJob, options: { maxAttempts?: number; now?: string } = {}): Promise<Job> {
    const row = newJobRow(payload, options.maxAttempts ?? 3, options.now ?? clock());
    // One writer at a time: the next number cannot be taken twice.
    const { seq } = this.db
      .prepare(
        `INSERT INTO jobs (${COLUMNS.join(', ')}, seq) VALUES (${COLUMNS.map(() => '?').join(', ')},
          (SELECT COALESCE(MAX(seq), 0) + 1 FROM jobs)) RETURNING seq`,
      )
      .get(...COLUMNS.map((c) => row[c])) as { seq: number };
    return jobFromRow({ ...row, seq });
  }

  async claim(worker: string, leaseMs: number, limit: number, now = clock()): Promise<Job[]> {
    return this.db
      .transaction(() => {
        this.db.prepare(EXPIRE).run(now, now);
        const ids = (
          this.db.prepare(`SELECT id FROM jobs WHERE ${RUNNABLE} ORDER BY seq LIMIT ?`).all(now, now, limit) as {
            id: string;
          }[]
        ).map((r) => r.id);
        const take = this.db.prepare(
          `UPDATE jobs SET state = 'running', attempts = attempts + 1, leased_by = ?, lease_until = ? WHERE id = ?`,
        );
        for (const id of ids) take.run(worker, later(now, leaseMs), id);
        const get = this.db.prepare('SELECT * FROM jobs WHERE id = ?');
        return ids.map((id) => jobFromRow(get.get(id) as JobRow));
      })
      .immediate();
  }

  async renew(id: string, worker: string, leaseMs: number, now = clock()): Promise<boolean> {
    return this.db.prepare(RENEW).run(later(now, leaseMs), id, worker).changes > 0;
  }

  async complete(id: string, worker: string, result: unknown, now = clock()): Promise<boolean> {
    return this.db.prepare(COMPLETE).run(now, JSON.stringify(result), id, worker).changes > 0;
  }

  async fail(id: string, worker: string, error: string, retryMs: number, now = clock()): Promise<boolean> {
    return this.db.prepare(FAIL).run(now, later(now, retryMs), error, id, worker).changes > 0;
  }

  async list(state?: JobState): Promise<Job[]> {
    const rows = state
      ? this.db.prepare('SELECT * FROM jobs WHERE state = ? ORDER BY seq').all(state)
      : this.db.prepare('SELECT * FROM jobs ORDER BY seq').all();
    return (rows as JobRow[]).map(jobFromRow);
  }

  async counts(): Promise<Record<JobState, number>> {
    const counts = emptyCounts();
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all() as {
      state: JobState;
      n: number;
    }[];
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  async clusterable(limit = CLUSTERABLE_LIMIT): Promise<ClusteringWatermark> {
    const rows = this.db.prepare(CLUSTERABLE).all(NO_BOUND, limit) as JobRow[];
    return { jobs: rows.map(jobFromRow), drained: !this.db.prepare(UNFINISHED).get() };
  }

  async markClustered(ids: string[], now = clock()): Promise<void> {
    const mark = this.db.prepare(MARK_CLUSTERED);
    this.db.transaction(() => {
      for (const id of ids) mark.run(now, id);
    })();
  }

  /** Within this process only: SQLite workers are meant to share one process. */
  async exclusive(name: string, work: () => Promise<void>): Promise<boolean> {
    if (this.running.has(name)) return false;
    this.running.add(name);
    try {
      await work();
      return true;
    } finally {
      this.running.delete(name);
    }
  }

  /** Within this process only, like `exclusive`. */
  async hold(name: string): Promise<Held | null> {
    if (this.running.has(name)) return null;
    this.running.add(name);
    let released = false;
    return {
      release: async () => {
        if (!released) this.running.delete(name);
        released = true;
      },
    };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
