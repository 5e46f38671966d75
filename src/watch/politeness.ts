/**
 * Per-host politeness: at most one request at a time to a host, a minimum interval between the end of one request
 * and the start of the next, and a pause until a time a server asked for (`Retry-After` on 429/503). Hand-written:
 * the queue libraries limit concurrency or rate, not "one at a time, then wait, per key, and obey the server".
 */
import { setTimeout as sleep } from 'node:timers/promises';

interface HostState {
  /** The last task queued for the host: the next one starts after it. */
  tail: Promise<unknown>;
  /** Epoch ms before which no request may start (end of the last request + interval, or Retry-After). */
  notBefore: number;
  /** Tasks queued or running. */
  pending: number;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly minIntervalMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The host a URL is polite to: the host name, whatever the port or scheme. */
  static hostOf(url: string): string {
    try {
      return new URL(url).hostname.toLowerCase();
    } catch {
      return url;
    }
  }

  /** Whether a request to the host is queued or running. */
  busy(host: string): boolean {
    return (this.hosts.get(host)?.pending ?? 0) > 0;
  }

  /** No request to the host starts before `epochMs`. */
  pauseUntil(host: string, epochMs: number): void {
    const state = this.state(host);
    state.notBefore = Math.max(state.notBefore, epochMs);
  }

  /**
   * Run `work` when the host is free and its interval has passed. With `signal` aborted before the turn comes,
   * `work` never runs and the promise rejects with the abort reason.
   */
  run<T>(host: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const state = this.state(host);
    state.pending++;
    const turn = state.tail.then(async () => {
      const wait = state.notBefore - this.clock();
      if (wait > 0) await sleep(wait, undefined, { signal });
      signal?.throwIfAborted();
      try {
        return await work();
      } finally {
        state.notBefore = Math.max(state.notBefore, this.clock() + this.minIntervalMs);
      }
    });
    const settled = turn.finally(() => {
      state.pending--;
      // Forget idle hosts whose interval has passed, so that the map does not grow with every host ever seen.
      if (state.pending === 0 && state.notBefore <= this.clock()) this.hosts.delete(host);
    });
    state.tail = settled.catch(() => {});
    return settled;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = { tail: Promise.resolve(), notBefore: 0, pending: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }
}
