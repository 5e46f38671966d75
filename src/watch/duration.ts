/** Durations as people type them: `90s`, `15m`, `2h`, `1d`, `1h30m`; a bare number is seconds. */
import { UsageError } from '../errors.ts';

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

export function parseDuration(text: string, what = 'duration'): number {
  const trimmed = text.trim().toLowerCase();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([smhdw])/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (!parts.length || consumed !== trimmed.replace(/\s+/g, '')) {
    throw new UsageError(`${what} "${text}" is not a duration (like 90s, 15m, 2h, 1d)`);
  }
  return Math.round(parts.reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_SECONDS[unit!]!, 0));
}

export function formatDuration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** `HH:MM` (24-hour) → minutes after midnight. */
export function parseClockTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) {
    throw new UsageError(`"${text}" is not a time of day (like 09:00)`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}
