import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import { mailDigest, type SmtpFlags, type SmtpSettings, smtpSettings } from '../../watch/digest/mail.ts';
import { DIGEST_NAME, dailyDigestDue, localDay, prepareDigest } from '../../watch/digest/run.ts';
import { parseClockTime, parseDuration } from '../../watch/duration.ts';
import type { PollReport } from '../../watch/poller.ts';
import { WATCH_DEFAULTS } from '../../watch/settings.ts';
import { Watcher } from '../../watch/watcher.ts';
import { withStore } from '../context.ts';
import { EXIT } from '../exit.ts';
import { addSmtpOptions } from './digest.ts';

export function register(program: Command): void {
  const watch = program
    .command('watch')
    .description('poll the watched sources in the foreground until Ctrl-C (or once, with --once)')
    .option('--once', 'poll every due source once and exit (for cron and tests)')
    .option('--host-interval <duration>', 'minimum time between two requests to one host', '2s')
    .option(
      '--concurrency <n>',
      'requests in flight at once (one per host at most)',
      String(WATCH_DEFAULTS.concurrency),
    )
    .option('--max-items <n>', 'items taken from one fetch of a feed', String(WATCH_DEFAULTS.maxItemsPerFetch))
    .option('--json', 'print one JSON line per poll')
    .option('--digest-at <HH:MM>', 'mail the digest daily at this local time (SMTP flags as for `digest --send`)');
  addSmtpOptions(watch).action(
    async (
      opts: SmtpFlags & {
        once?: boolean;
        hostInterval: string;
        concurrency: string;
        maxItems: string;
        json?: boolean;
        digestAt?: string;
      },
      command: Command,
    ) => {
      const settings = {
        hostIntervalMs: hostIntervalMs(opts.hostInterval),
        concurrency: positive(opts.concurrency, '--concurrency'),
        maxItemsPerFetch: positive(opts.maxItems, '--max-items'),
      };
      const digestAt = opts.digestAt ? parseClockTime(opts.digestAt) : null;
      const smtp = digestAt === null ? null : smtpSettings(opts);
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) return;
        process.stderr.write('watch: stopping (the poll in progress finishes or is abandoned)…\n');
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await withStore(command, async (store, config) => {
          const watcher = new Watcher({
            store,
            config,
            settings,
            log: (line) => process.stderr.write(`watch: ${line}\n`),
            onPoll: (report) => printPoll(report, Boolean(opts.json)),
            onTick: digestAt === null ? undefined : dailyDigest(store, digestAt, smtp!),
          });
          if (!opts.once) process.stderr.write('watch: polling; Ctrl-C to stop\n');
          return watcher.run({ signal: stop.signal, once: Boolean(opts.once) });
        });
        process.stderr.write(
          `watch: ${summary.polls} polls, ${summary.newDocuments} new documents, ${summary.errors} errors` +
            `${summary.abandoned ? `, ${summary.abandoned} abandoned` : ''}\n`,
        );
        process.exitCode = opts.once && summary.errors > 0 ? EXIT.someFailed : EXIT.ok;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    },
  );
}

/**
 * The daily digest, checked on every turn of the watcher's loop: sent when its time has come and it was not sent
 * today (the day is stored, so a restart does not send it twice); after a failure, tried again 5 minutes later.
 */
function dailyDigest(store: Store, atMinutes: number, smtp: SmtpSettings) {
  let notBefore = 0;
  return async (now: Date) => {
    if (now.getTime() < notBefore) return;
    const state = await store.getDigestState(DIGEST_NAME);
    if (!dailyDigestDue(now, atMinutes, state?.lastSentDay ?? null)) return;
    try {
      const prepared = await prepareDigest(store, { now });
      const sent = await mailDigest(prepared.digest, smtp);
      await prepared.commit({ sentDay: localDay(now) });
      process.stderr.write(`watch: digest sent to ${sent.accepted.join(', ')}\n`);
    } catch (err) {
      notBefore = now.getTime() + 5 * 60_000;
      throw new Error(`the daily digest was not sent (next try in 5 minutes): ${(err as Error).message}`);
    }
  };
}

function printPoll(report: PollReport, json: boolean): void {
  if (json) {
    const { items: _items, ...rest } = report;
    process.stdout.write(`${JSON.stringify(rest)}\n`);
    return;
  }
  const what =
    report.status === 'error'
      ? `error: ${report.error}`
      : `${report.status}, ${report.newDocuments.length} new${report.alerts ? `, ${report.alerts} alerts` : ''}`;
  process.stdout.write(`${new Date().toISOString()}  ${report.url}  ${what}\n`);
}

function hostIntervalMs(text: string): number {
  if (/^\d+ms$/.test(text.trim())) return Number(text.trim().slice(0, -2));
  return parseDuration(text, '--host-interval') * 1000;
}

function positive(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive whole number`);
  return n;
}
