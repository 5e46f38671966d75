import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { mailDigest, type SmtpFlags, smtpSettings } from '../../watch/digest/mail.ts';
import { type DigestFormat, renderDigest } from '../../watch/digest/render.ts';
import { prepareDigest } from '../../watch/digest/run.ts';
import { parseDuration } from '../../watch/duration.ts';
import { withStore } from '../context.ts';

const FORMATS: readonly DigestFormat[] = ['md', 'html', 'json'];

export function register(program: Command): void {
  addSmtpOptions(
    program
      .command('digest')
      .description('what changed since the last digest, story by story (moves the digest watermark)')
      .option('--since <duration>', 'cover this long back instead of since the last digest (24h, 7d)')
      .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'md')
      .option('--preview', 'print without moving the watermark')
      .option('--send', 'mail it (HTML and plain-text parts) instead of printing'),
  ).action(async (opts: SmtpFlags & { since?: string; format: string; preview?: boolean; send?: boolean }, command) => {
    if (!FORMATS.includes(opts.format as DigestFormat)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    }
    const sinceSeconds = opts.since ? parseDuration(opts.since, '--since') : undefined;
    const smtp = opts.send ? smtpSettings(opts) : null;
    await withStore(command, async (store) => {
      const prepared = await prepareDigest(store, { now: new Date(), sinceSeconds });
      if (smtp) {
        const sent = await mailDigest(prepared.digest, smtp);
        if (!opts.preview) await prepared.commit();
        process.stdout.write(`digest sent to ${sent.accepted.join(', ')} (${sent.messageId})\n`);
        return;
      }
      process.stdout.write(renderDigest(prepared.digest, opts.format as DigestFormat));
      if (!opts.preview) await prepared.commit();
    });
  });
}

/** The SMTP flags `digest --send` and `watch --digest-at` share; the password comes only from the environment. */
export function addSmtpOptions(command: Command): Command {
  return command
    .option('--smtp-host <host>', 'SMTP server (env TRIANGULATE_SMTP_HOST)')
    .option('--smtp-port <port>', 'SMTP port, 587 by default; 465 is TLS from the start (env TRIANGULATE_SMTP_PORT)')
    .option('--smtp-user <user>', 'SMTP user; the password is read from env TRIANGULATE_SMTP_PASSWORD only')
    .option('--from <address>', 'sender (env TRIANGULATE_SMTP_FROM)')
    .option('--to <addresses>', 'recipients, comma-separated (env TRIANGULATE_SMTP_TO)');
}
