/**
 * `triangulate worker`: run ingest jobs from the shared queue, `concurrency` at a time, until stopped (or, with
 * `idleExit`, until the queue is empty). Any number of workers, in any number of processes, on one PostgreSQL store.
 *
 * Story assignment is the one step that cannot run in parallel: it reads the clustering state, assigns, and writes
 * it back. So workers store and analyse documents without clustering them, and one worker — the first to take the
 * role (`JobQueue.hold`), until it exits or dies — places everything stored but not yet placed, its own documents and
 * every other worker's, after each of its jobs and while it is idle (see `clusterPending`). See docs/SCALING.md for
 * the measurement behind this choice.
 *
 * The consumer places documents behind a watermark: only those of finished jobs up to the oldest job still queued or
 * running, one job per pass, in job order and, within a job, in input order. So the documents reach the clusterer in
 * the same order and the same passes whatever the number of workers and however their jobs interleave, and the
 * stories come out the same as with one worker; the price is that a slow job holds back the placing of every later
 * job until it finishes, and that passes are not batched across jobs.
 *
 * The consumer keeps its clusterer in memory between passes (`ResidentClusterer`) and reloads the active window from
 * the store only when the clustering state's revision is not the one its own last save left: another process wrote
 * the state since (a consumer before it that exited or died, an analyst's merge or split, a recluster).
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { assignStories, clusterInputOf, prepareDocuments } from '../cluster/assign.ts';
import type { ClusterInput } from '../cluster/fingerprint.ts';
import type { StoryClusterer } from '../cluster/stories.ts';
import type { Config } from '../config.ts';
import { ingest } from '../ingest/ingest.ts';
import type { ClusteringWatermark, Held, IngestJobResult, Job, JobQueue } from '../store/jobs.ts';
import { type Store, updateClusterState } from '../store/store.ts';

export interface WorkerOptions {
  store: Store;
  queue: JobQueue;
  config: Readonly<Config>;
  concurrency?: number;
  /** How long a job is leased; renewed every third of it while the job runs. */
  leaseMs?: number;
  /** How long to wait when the queue is empty. */
  pollMs?: number;
  /** Stop once no job is queued or running in any worker (a running job may come back when its worker dies). */
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
  const consumer = new ClusteringConsumer();

  const slot = async (index: number) => {
    const worker = `${name}#${index}`;
    while (!options.stop?.aborted) {
      const [job] = await options.queue.claim(worker, leaseMs, 1);
      if (!job) {
        // Idle exit waits for the jobs other workers hold: one of them may die and its job come back.
        if (options.idleExit && (await unfinished(options.queue)) === 0) return;
        // The consumer places other workers' finished jobs while it has none of its own.
        summary.clusteringPasses += await clusterPending(options, consumer);
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
        const result: IngestJobResult = {
          counts: report.counts,
          // Every document of the job's inputs, stored now or by an earlier attempt or job (`unchanged`).
          documents: report.items.flatMap((item) => (item.status !== 'failed' && item.id ? [item.id] : [])),
        };
        const kept = await options.queue.complete(job.id, worker, result);
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
      summary.clusteringPasses += await clusterPending(options, consumer);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, i) => slot(i + 1)));
    // Whatever is still unplaced (a last job's documents) is clustered before this worker ends.
    summary.clusteringPasses += await clusterPending(options, consumer);
  } finally {
    await consumer.release();
  }
  return summary;
}

/** Jobs queued or running, in any worker. */
async function unfinished(queue: JobQueue): Promise<number> {
  const counts = await queue.counts();
  return counts.queued + counts.running;
}

/**
 * This process's part in clustering: whether it holds the consumer's role (`JobQueue.hold`), the clusterer it keeps
 * between passes, and whether one of its slots is placing now.
 */
export class ClusteringConsumer {
  readonly resident: ResidentClusterer = { current: null };
  held: Held | null = null;
  busy = false;

  /** Give up the role (at exit), so that another worker takes it without waiting for this process to die. */
  async release(): Promise<void> {
    await this.held?.release();
    this.held = null;
    this.resident.current = null;
  }
}

/**
 * Place the documents of the jobs behind the clustering watermark (`JobQueue.clusterable`) in stories, if this process
 * is the clustering consumer or can become it. The role is kept once taken, so that one process places every job
 * with the clusterer it keeps in memory: had the role changed hands between passes, the next holder would rebuild the
 * clusterer from the store, and a rebuilt clusterer can place a document differently from the one that lived through
 * the passes (it reweighs every vector with the final term frequencies), so the stories would depend on which worker
 * won when. Another worker's finished job is placed by the holder after its own next job or while it is idle.
 * Returns the passes run here.
 */
export async function clusterPending(
  options: Pick<WorkerOptions, 'store' | 'queue' | 'config'>,
  consumer?: ClusteringConsumer,
): Promise<number> {
  const own = consumer ?? new ClusteringConsumer();
  try {
    let passes = 0;
    for (;;) {
      // Another slot of this process is placing: it looks again after it stops, and our job was completed before.
      if (own.busy) return passes;
      own.busy = true;
      try {
        own.held ??= await options.queue.hold('cluster');
        if (!own.held) return passes;
        // One job per pass: each pass ends with a recluster, so the pass boundaries shape the stories as much as the
        // order does; job by job they fall in the same places whatever the number of workers.
        for (;;) {
          const watermark = await options.queue.clusterable(1);
          if (watermark.jobs.length === 0 && !watermark.drained) break;
          const ids = await behindWatermark(options.store, watermark);
          if (ids.length > 0) {
            await place(options.store, ids, own.resident);
            passes++;
          }
          await options.queue.markClustered(watermark.jobs.map((job) => job.id));
          if (watermark.jobs.length === 0) break;
        }
      } finally {
        own.busy = false;
      }
      // A job another slot completed while this one was placing (that slot saw `busy` and left it to us).
      if ((await options.queue.clusterable(1)).jobs.length === 0) return passes;
    }
  } finally {
    if (!consumer) await own.release();
  }
}

/**
 * The documents the clustering pass places: of the unplaced documents, those of the watermark's jobs in job and input
 * order (a document in two jobs counts in the first); once the queue has run dry and every job is placed, any other
 * unplaced document (a failed job's, or one stored without the queue), in the store's order.
 */
async function behindWatermark(store: Store, watermark: ClusteringWatermark): Promise<string[]> {
  // Only the jobs' own documents are looked up: reading every unplaced one would cost a pass O(corpus).
  if (watermark.jobs.length > 0) {
    const ids = watermark.jobs.flatMap((job) => (job.result as IngestJobResult | null)?.documents ?? []);
    return store.unclusteredDocumentIds([...new Set(ids)]);
  }
  return watermark.drained ? store.unclusteredDocumentIds() : [];
}

/**
 * The elected consumer's clusterer between passes, and the revision of the clustering state it matches (the one its
 * last save left). Null until the first pass, and after any pass whose save another writer came between.
 */
export interface ResidentClusterer {
  current: { clusterer: StoryClusterer; revision: number } | null;
}

/**
 * One clustering pass over these documents, as `triangulate ingest` runs it (the active window, the archived stories
 * the documents' LSH bands or exact texts point at, only the changed rows written), but with the window from the
 * resident clusterer when no other process has written the clustering state since this one's last save: loading it
 * (≤ 10,000 fingerprints as JSON) and rebuilding its indexes cost more than placing a job's documents.
 */
export async function place(store: Store, ids: string[], resident: ResidentClusterer): Promise<void> {
  const inputs: ClusterInput[] = [];
  for (const id of ids) {
    const document = await store.getDocument(id);
    if (document) inputs.push(clusterInputOf(document, await store.getAnalysis(id)));
  }
  if (inputs.length === 0) return;
  const prepared = prepareDocuments(inputs);
  // Optimistic: an analyst's merge or split saved while the pass ran refuses the pass's save, and the pass starts
  // over from the stored state (which holds the analyst's change).
  await updateClusterState(store, async (revision) => {
    const kept = resident.current?.revision === revision ? resident.current.clusterer : undefined;
    // The pass changes the clusterer in place: it stands for the stored state again only once the save went through.
    resident.current = null;
    const previous = kept ? null : await store.loadClusterSnapshot();
    const archived = kept || previous ? await store.loadArchivedStories(prepared.bands, prepared.exact) : null;
    const plan = assignStories(previous, prepared, archived, { clusterer: kept });
    await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed, { expectRevision: revision });
    resident.current = { clusterer: plan.clusterer, revision: revision + 1 };
  });
}
