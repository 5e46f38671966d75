/**
 * One poll of one watched source, read top to bottom: wait for the host's turn → conditional GET (validators from the
 * store's fetch state) → ingest the bytes through the ingest orchestrator (capped items, one transaction each) →
 * remember the validators → run the after-ingest steps (alerts; clustering once it lands) → record the outcome and
 * the next due time.
 *
 * The validators are written only after the items are stored: a poll stopped half-way fetches the whole feed again
 * next time rather than getting a 304 and missing the rest.
 */
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { type FetchResult, fetchOptionsFrom, fetchUrl } from '../ingest/fetch.ts';
import { type IngestItem, ingestFetched } from '../ingest/ingest.ts';
import type { Store } from '../store/store.ts';
import type { PollStatus, WatchSource } from '../store/watch.ts';
import { type BackoffSettings, nextDueAfterFailure, nextDueAfterSuccess, parseRetryAfter } from './backoff.ts';
import { HostGate } from './politeness.ts';
import type { AfterIngestStep } from './steps.ts';

export interface PollSettings extends BackoffSettings {
  maxItemsPerFetch: number;
  webhookTimeoutMs: number;
}

export interface PollContext {
  store: Store;
  config: Readonly<Config>;
  settings: PollSettings;
  gate: HostGate;
  steps: readonly AfterIngestStep[];
  now: () => Date;
  /** Aborted when the watcher stops: a request not yet answered is abandoned, nothing is recorded. */
  signal?: AbortSignal;
  log: (line: string) => void;
}

export interface PollReport {
  sourceId: number;
  url: string;
  /** `abandoned`: stopped before the response came; the source stays due and is polled on the next start. */
  status: PollStatus | 'abandoned';
  /** Documents stored by this poll (added, or new versions of a URL). */
  newDocuments: string[];
  items: IngestItem[];
  /** Items over the per-fetch cap. */
  skipped: number;
  alerts: number;
  error: string | null;
  retryAfterSeconds: number | null;
  nextDueAt: string | null;
}

const RETRY_AFTER_STATUSES = new Set([429, 503]);

export async function pollSource(source: WatchSource, context: PollContext): Promise<PollReport> {
  const { store, settings } = context;
  const report: PollReport = {
    sourceId: source.id,
    url: source.url,
    status: 'ok',
    newDocuments: [],
    items: [],
    skipped: 0,
    alerts: 0,
    error: null,
    retryAfterSeconds: null,
    nextDueAt: null,
  };
  const host = HostGate.hostOf(source.url);
  let retryAfter: string | null = null;
  let fetched: FetchResult;
  try {
    fetched = await context.gate.run(
      host,
      async () => {
        const previous = await store.getFetchState(source.url);
        return fetchUrl(source.url, {
          ...fetchOptionsFrom(context.config),
          etag: previous?.etag,
          lastModified: previous?.lastModified,
          fetchImpl: async (input, init) => {
            const signal =
              context.signal && init?.signal ? AbortSignal.any([init.signal, context.signal]) : init?.signal;
            const response = await fetch(input, { ...init, signal });
            if (RETRY_AFTER_STATUSES.has(response.status)) retryAfter = response.headers.get('retry-after');
            return response;
          },
        });
      },
      context.signal,
    );
  } catch (err) {
    if (context.signal?.aborted) return { ...report, status: 'abandoned' };
    const retryAfterSeconds = parseRetryAfter(retryAfter, context.now());
    if (retryAfterSeconds !== null) {
      context.gate.pauseUntil(host, context.now().getTime() + retryAfterSeconds * 1000);
    }
    return fail(source, report, messageOf(err), retryAfterSeconds, context);
  }

  if (fetched.status === 'not-modified') return succeed(source, { ...report, status: 'not-modified' }, context);

  const nowIso = context.now().toISOString();
  const ingested = await ingestFetched(
    { url: source.url, bytes: fetched.bytes, contentType: fetched.contentType },
    {
      store,
      config: context.config,
      sourceName: source.name ?? undefined,
      maxItems: settings.maxItemsPerFetch,
      now: () => nowIso,
    },
  );
  report.items = ingested.items;
  report.skipped = ingested.skipped;
  // The input as a whole could not be read (malformed XML, not a feed, binary): a failure of the source.
  const unreadable = ingested.items.find((i) => i.status === 'failed' && i.input === source.url);
  if (unreadable) return fail(source, report, unreadable.error ?? 'unreadable', null, context);

  await store.putFetchState({
    url: source.url,
    etag: fetched.etag,
    lastModified: fetched.lastModified,
    fetchedAt: nowIso,
  });
  report.newDocuments = ingested.items
    .filter((i) => (i.status === 'added' || i.status === 'new-version') && i.kind === 'document' && i.id)
    .map((i) => i.id!);
  if (report.newDocuments.length) report.alerts = await runSteps(report.newDocuments, context);
  return succeed(source, report, context);
}

async function runSteps(documentIds: string[], context: PollContext): Promise<number> {
  let alerts = 0;
  for (const step of context.steps) {
    try {
      const result = await step.run(documentIds, {
        store: context.store,
        config: context.config,
        now: context.now,
        webhookTimeoutMs: context.settings.webhookTimeoutMs,
        log: context.log,
      });
      alerts += result?.alerts ?? 0;
    } catch (err) {
      context.log(`step ${step.name} failed: ${messageOf(err)}`);
    }
  }
  return alerts;
}

async function succeed(source: WatchSource, report: PollReport, context: PollContext): Promise<PollReport> {
  const now = context.now();
  const nextDueAt = nextDueAfterSuccess(now, source.everySeconds).toISOString();
  await context.store.recordPoll(source.id, {
    polledAt: now.toISOString(),
    nextDueAt,
    status: report.status as PollStatus,
    error: null,
    failures: 0,
    newItems: report.newDocuments.length,
  });
  return { ...report, nextDueAt };
}

async function fail(
  source: WatchSource,
  report: PollReport,
  error: string,
  retryAfterSeconds: number | null,
  context: PollContext,
): Promise<PollReport> {
  const now = context.now();
  const failures = source.failures + 1;
  const nextDueAt = nextDueAfterFailure(
    now,
    failures,
    source.everySeconds,
    retryAfterSeconds,
    context.settings,
  ).toISOString();
  await context.store.recordPoll(source.id, {
    polledAt: now.toISOString(),
    nextDueAt,
    status: 'error',
    error,
    failures,
    newItems: 0,
  });
  context.log(`${source.url}: ${error} (failure ${failures}; next attempt ${nextDueAt})`);
  return { ...report, status: 'error', error, retryAfterSeconds, nextDueAt };
}

function messageOf(err: unknown): string {
  if (err instanceof InputError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
