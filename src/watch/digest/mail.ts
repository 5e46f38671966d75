/**
 * Mailing the digest over SMTP with nodemailer: settings from flags, then environment (`TRIANGULATE_SMTP_HOST`,
 * `_PORT`, `_USER`, `_FROM`, `_TO`); the password only from `TRIANGULATE_SMTP_PASSWORD`, never a flag (it would show
 * in the process list and shell history). STARTTLS is used whenever the server offers it; port 465 is TLS from the
 * start.
 */
import nodemailer from 'nodemailer';
import { UsageError } from '../../errors.ts';
import type { Digest } from './digest.ts';
import { digestSubject, renderHtml, renderMarkdown } from './render.ts';

export interface SmtpSettings {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
  /** Refuse to send without STARTTLS (`TRIANGULATE_SMTP_REQUIRE_TLS=1`). */
  requireTls: boolean;
}

export interface SmtpFlags {
  smtpHost?: string;
  smtpPort?: string;
  smtpUser?: string;
  from?: string;
  to?: string;
}

export function smtpSettings(flags: SmtpFlags, env: NodeJS.ProcessEnv = process.env): SmtpSettings {
  const host = flags.smtpHost ?? env.TRIANGULATE_SMTP_HOST;
  const from = flags.from ?? env.TRIANGULATE_SMTP_FROM;
  const to = (flags.to ?? env.TRIANGULATE_SMTP_TO ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const missing = [!host && '--smtp-host', !from && '--from', !to.length && '--to'].filter(Boolean);
  if (missing.length) {
    throw new UsageError(
      `sending the digest needs ${missing.join(', ')} (or TRIANGULATE_SMTP_HOST, TRIANGULATE_SMTP_FROM, TRIANGULATE_SMTP_TO)`,
    );
  }
  const port = Number(flags.smtpPort ?? env.TRIANGULATE_SMTP_PORT ?? 587);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`SMTP port "${port}" is not a port`);
  return {
    host: host!,
    port,
    user: flags.smtpUser ?? env.TRIANGULATE_SMTP_USER ?? null,
    password: env.TRIANGULATE_SMTP_PASSWORD ?? null,
    from: from!,
    to,
    requireTls: /^(1|true|yes)$/i.test(env.TRIANGULATE_SMTP_REQUIRE_TLS ?? ''),
  };
}

export async function mailDigest(
  digest: Digest,
  smtp: SmtpSettings,
  timeoutMs = 30_000,
): Promise<{ messageId: string; accepted: string[] }> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.port === 465,
    requireTLS: smtp.requireTls,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to: smtp.to,
      subject: digestSubject(digest),
      text: renderMarkdown(digest),
      html: renderHtml(digest),
    });
    return {
      messageId: info.messageId,
      accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === 'string' ? a : a.address)),
    };
  } finally {
    transport.close();
  }
}
