/**
 * The digest job: window since the last digest (the watermark) or `--since`, load the current state, compare with
 * the last snapshot, and — once printed or sent — move the watermark and keep the new snapshot. The CLI's `digest`
 * and the watcher's daily digest both call this.
 */
import type { Store } from '../../store/store.ts';
import { WATCH_DEFAULTS } from '../settings.ts';
import { computeDigest, type Digest, type DigestSnapshot } from './digest.ts';
import { loadDigestInput } from './load.ts';

export const DIGEST_NAME = 'default';

export interface PreparedDigest {
  digest: Digest;
  /** Move the watermark to the digest's end and keep its snapshot (after printing, or after sending succeeded). */
  commit(options?: { sentDay?: string }): Promise<void>;
}

export async function prepareDigest(
  store: Store,
  options: { now: Date; sinceSeconds?: number; singleOriginHours?: number },
): Promise<PreparedDigest> {
  const state = await store.getDigestState(DIGEST_NAME);
  const until = options.now.toISOString();
  const since =
    options.sinceSeconds !== undefined
      ? new Date(options.now.getTime() - options.sinceSeconds * 1000).toISOString()
      : (state?.watermark ?? new Date(options.now.getTime() - 24 * 3_600_000).toISOString());
  const input = await loadDigestInput(store, since, until);
  const { digest, snapshot } = computeDigest((state?.snapshot as DigestSnapshot | undefined) ?? null, input, {
    singleOriginHours: options.singleOriginHours ?? WATCH_DEFAULTS.singleOriginHours,
  });
  return {
    digest,
    async commit({ sentDay } = {}) {
      await store.putDigestState({
        name: DIGEST_NAME,
        watermark: until,
        snapshot,
        lastSentDay: sentDay ?? state?.lastSentDay ?? null,
        updatedAt: new Date().toISOString(),
      });
    },
  };
}

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether the daily digest at `atMinutes` after local midnight is due: the time has come and not sent today. */
export function dailyDigestDue(now: Date, atMinutes: number, lastSentDay: string | null): boolean {
  return now.getHours() * 60 + now.getMinutes() >= atMinutes && lastSentDay !== localDay(now);
}
