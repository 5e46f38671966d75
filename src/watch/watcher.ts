/**
 * The scheduler: polls due sources (next-due times live in the store, so a restart resumes where it stopped), one
 * request at a time per host and a bounded number overall, until stopped. `once` polls every source due at the
 * start once and returns.
 *
 * Stopping (the signal) starts no new poll; polls waiting for their host's turn or for a response are abandoned
 * (nothing recorded, the source stays due); polls already storing items finish, one transaction per item.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { WatchSource } from '../store/watch.ts';
import { HostGate } from './politeness.ts';
import { type PollReport, type PollSettings, pollSource } from './poller.ts';
import { WATCH_DEFAULTS } from './settings.ts';
import { AFTER_INGEST_STEPS, type AfterIngestStep } from './steps.ts';

export interface WatcherSettings extends PollSettings {
  hostIntervalMs: number;
  concurrency: number;
  idleCheckMs: number;
}

export interface WatcherOptions {
  store: Store;
  config: Readonly<Config>;
  settings?: Partial<WatcherSettings>;
  steps?: readonly AfterIngestStep[];
  now?: () => Date;
  log?: (line: string) => void;
  /** Called after every poll (for progress output and tests). */
  onPoll?: (report: PollReport) => void;
  /** Called on every turn of the loop (the daily digest hangs here); errors are logged. */
  onTick?: (now: Date) => Promise<void>;
}

export interface WatchRunSummary {
  polls: number;
  newDocuments: number;
  errors: number;
  abandoned: number;
}

export class Watcher {
  readonly settings: WatcherSettings;
  private readonly gate: HostGate;
  private readonly now: () => Date;
  private readonly log: (line: string) => void;

  constructor(private readonly options: WatcherOptions) {
    this.settings = { ...WATCH_DEFAULTS, ...options.settings };
    this.now = options.now ?? (() => new Date());
    this.gate = new HostGate(this.settings.hostIntervalMs, () => this.now().getTime());
    this.log = options.log ?? (() => {});
  }

  /** Poll until `signal` is aborted (or, with `once`, until every source due at the start was polled once). */
  async run({ signal, once = false }: { signal?: AbortSignal; once?: boolean } = {}): Promise<WatchRunSummary> {
    const summary: WatchRunSummary = { polls: 0, newDocuments: 0, errors: 0, abandoned: 0 };
    const inFlight = new Map<number, Promise<void>>();
    const busyHosts = new Set<string>();
    const polled = new Set<number>();
    let wake: () => void = () => {};
    let roundDue: Set<number> | null = null;

    while (!signal?.aborted) {
      // Before any poll starts, so that one finishing at once still wakes the loop.
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const due = await this.options.store.dueWatchSources(this.now().toISOString(), 1000);
      if (once && !roundDue) roundDue = new Set(due.map((s) => s.id));
      for (const source of due) {
        if (inFlight.size >= this.settings.concurrency) break;
        if (inFlight.has(source.id) || (once && (polled.has(source.id) || !roundDue?.has(source.id)))) continue;
        const host = HostGate.hostOf(source.url);
        if (busyHosts.has(host)) continue;
        busyHosts.add(host);
        polled.add(source.id);
        const poll = this.pollOne(source, signal, summary).finally(() => {
          inFlight.delete(source.id);
          busyHosts.delete(host);
          wake();
        });
        inFlight.set(source.id, poll);
      }
      if (once && inFlight.size === 0) {
        const stillDue = new Set(due.map((s) => s.id));
        if ([...(roundDue ?? [])].every((id) => polled.has(id) || !stillDue.has(id))) break;
      }
      await this.tick();
      await Promise.race([woken, sleep(this.settings.idleCheckMs, undefined, { signal }).catch(() => {})]);
    }
    await Promise.allSettled(inFlight.values());
    return summary;
  }

  private async pollOne(source: WatchSource, signal: AbortSignal | undefined, summary: WatchRunSummary) {
    try {
      const report = await pollSource(source, {
        store: this.options.store,
        config: this.options.config,
        settings: this.settings,
        gate: this.gate,
        steps: this.options.steps ?? AFTER_INGEST_STEPS,
        now: this.now,
        signal,
        log: this.log,
      });
      summary.polls++;
      summary.newDocuments += report.newDocuments.length;
      if (report.status === 'error') summary.errors++;
      if (report.status === 'abandoned') summary.abandoned++;
      this.options.onPoll?.(report);
    } catch (err) {
      // A fault of the store or a bug: say so and keep watching the other sources.
      summary.errors++;
      this.log(`${source.url}: poll failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async tick(): Promise<void> {
    if (!this.options.onTick) return;
    try {
      await this.options.onTick(this.now());
    } catch (err) {
      this.log(`scheduled task failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
