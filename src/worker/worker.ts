/**
 * `triangulate worker`: run ingest jobs from the shared queue, `concurrency` at a time, until stopped (or, with
 * `idleExit`, until the queue is empty). Any number of workers, in any number of processes, on one PostgreSQL store.
 *
 * Story assignment is the one step that cannot run in parallel: it reads the whole clustering state, assigns, and
 * writes it back. So workers store and analyse documents without clustering them, and after each job the worker
 * that wins an election (`JobQueue.exclusive`) clusters everything stored but not yet placed — its own documents and
 * every other worker's. A worker that loses the election leaves its documents to the winner, which looks again after
 * it lets go (see `clusterPending`). See docs/SCALING.md for the measurement behind this choice.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import { ingest } from '../ingest/ingest.ts';
import type { Job, JobQueue } from '../store/jobs.ts';
import type { Store } from '../store/store.ts';

export interface WorkerOptions {
  store: Store;
  queue: JobQueue;
  config: Readonly<Config>;
  concurrency?: number;
  /** How long a job is leased; renewed every third of it while the job runs. */
  leaseMs?: number;
  /** How long to wait when the queue is empty. */
  pollMs?: number;
  /** Stop when no job is runnable (and none of ours runs). */
  idleExit?: boolean;
  /** Wait before a failed job is retried. */
  retryMs?: number;
  /** Resolves when the worker should stop taking jobs (SIGTERM). */
  stop?: AbortSignal;
  name?: string;
  onJob?: (event: { job: Job; outcome: 'done' | 'failed' | 'lease-lost'; ms: number; error?: string }) => void;
}

export interface WorkerSummary {
  worker: string;
  done: number;
  failed: number;
  leaseLost: number;
  clusteringPasses: number;
}

export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const summary: WorkerSummary = { worker: name, done: 0, failed: 0, leaseLost: 0, clusteringPasses: 0 };

  const slot = async (index: number) => {
    const worker = `${name}#${index}`;
    while (!options.stop?.aborted) {
      const [job] = await options.queue.claim(worker, leaseMs, 1);
      if (!job) {
        if (options.idleExit) return;
        await sleep(pollMs, undefined, { signal: options.stop }).catch(() => {});
        continue;
      }
      const started = Date.now();
      const renewal = setInterval(() => {
        options.queue.renew(job.id, worker, leaseMs).catch(() => {});
      }, leaseMs / 3);
      try {
        const report = await ingest(job.payload.inputs, {
          store: options.store,
          config: options.config,
          sourceName: job.payload.source,
          follow: job.payload.follow,
          cluster: false,
        });
        clearInterval(renewal);
        const kept = await options.queue.complete(job.id, worker, report.counts);
        if (kept) summary.done++;
        else summary.leaseLost++;
        options.onJob?.({ job, outcome: kept ? 'done' : 'lease-lost', ms: Date.now() - started });
      } catch (err) {
        clearInterval(renewal);
        const message = err instanceof Error ? err.message : String(err);
        await options.queue.fail(job.id, worker, message, options.retryMs ?? 10_000);
        summary.failed++;
        options.onJob?.({ job, outcome: 'failed', ms: Date.now() - started, error: message });
      }
      summary.clusteringPasses += await clusterPending(options);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => slot(i + 1)));
  // Whatever is still unplaced (a last job's documents) is clustered before this worker ends.
  summary.clusteringPasses += await clusterPending(options);
  return summary;
}

/**
 * Place every stored but unclustered document in a story, unless another worker is doing so: then that worker will
 * see ours, because it looks again after letting go and our documents were committed before we tried. Returns the
 * passes run here.
 */
export async function clusterPending(options: Pick<WorkerOptions, 'store' | 'queue' | 'config'>): Promise<number> {
  let passes = 0;
  // Bounded: a document that no pass can place must not keep a worker here for ever.
  while (passes < 10) {
    const ran = await options.queue.exclusive('cluster', async () => {
      // An ingest of nothing is exactly a clustering pass over the unclustered documents.
      await ingest([], { store: options.store, config: options.config, analyse: false });
    });
    if (!ran) return passes;
    passes++;
    if ((await options.store.unclusteredDocumentIds()).length === 0) return passes;
  }
  return passes;
}
