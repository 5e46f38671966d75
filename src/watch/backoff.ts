/**
 * When to poll a source next: its interval after a success; after failures, exponential backoff (the interval, at
 * least a floor, doubled per failure in a row, capped); a server's `Retry-After` wins when it asks for longer.
 * Pure: the scheduler passes the clock in.
 */
import { WATCH_DEFAULTS } from './settings.ts';

export interface BackoffSettings {
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  maxRetryAfterSeconds: number;
}

export function nextDueAfterSuccess(now: Date, everySeconds: number): Date {
  return new Date(now.getTime() + everySeconds * 1000);
}

/** `failures` counts this one: 1 after the first failure. */
export function backoffSeconds(
  failures: number,
  everySeconds: number,
  settings: BackoffSettings = WATCH_DEFAULTS,
): number {
  const base = Math.max(settings.backoffBaseSeconds, Math.min(everySeconds, settings.backoffMaxSeconds));
  return Math.min(settings.backoffMaxSeconds, base * 2 ** Math.max(0, failures - 1));
}

export function nextDueAfterFailure(
  now: Date,
  failures: number,
  everySeconds: number,
  retryAfterSeconds: number | null,
  settings: BackoffSettings = WATCH_DEFAULTS,
): Date {
  let wait = backoffSeconds(failures, everySeconds, settings);
  if (retryAfterSeconds !== null) wait = Math.max(wait, Math.min(retryAfterSeconds, settings.maxRetryAfterSeconds));
  return new Date(now.getTime() + wait * 1000);
}

/** `Retry-After` is seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
