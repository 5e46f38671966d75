/**
 * Feed dates to ISO 8601, keeping the offset the feed wrote. `Date` would turn every value into UTC and lose the
 * publisher's local time (which the document model keeps), so RFC 822 and RFC 3339 are read by hand; anything else
 * falls back to `Date.parse`.
 */

/** RFC 822 zone names (and the few common non-standard ones feeds use) as offsets. */
const ZONE_OFFSETS: Readonly<Record<string, string>> = {
  GMT: 'Z',
  UT: 'Z',
  UTC: 'Z',
  Z: 'Z',
  EST: '-05:00',
  EDT: '-04:00',
  CST: '-06:00',
  CDT: '-05:00',
  MST: '-07:00',
  MDT: '-06:00',
  PST: '-08:00',
  PDT: '-07:00',
  CET: '+01:00',
  CEST: '+02:00',
  EET: '+02:00',
  EEST: '+03:00',
  MSK: '+03:00',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;
const RFC822 =
  /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2})?)?$/;

/** A feed date as ISO 8601 (see `FeedItem.publishedAt`), or null. */
export function parseFeedDate(value: string | null | undefined): string | null {
  const input = value?.trim();
  if (!input) return null;

  const iso = RFC3339.exec(input);
  if (iso) {
    const [, y, mo, d, h, mi, s, zone] = iso;
    return compose(Number(y), Number(mo), Number(d), h, mi, s, zone ? isoOffset(zone) : '');
  }

  const rfc = RFC822.exec(input);
  if (rfc) {
    const [, d, mon, y, h, mi, s, zone] = rfc;
    const month = MONTHS.indexOf(mon!.toLowerCase()) + 1;
    if (month === 0) return null;
    let year = Number(y);
    if (y!.length === 2) year += year < 50 ? 2000 : 1900;
    const offset = zone === undefined ? '' : rfc822Offset(zone);
    return compose(year, month, Number(d), h, mi, s, offset ?? '');
  }

  const time = Date.parse(input);
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  // Date.parse reads a value without a zone as local time, so the local fields give back what was written.
  if (!/\b(?:GMT|UTC?|Z)\b|[+-]\d{2}:?\d{2}\s*$|\b[ECMP][SD]T\b/.test(input)) {
    return compose(
      date.getFullYear(),
      date.getMonth() + 1,
      date.getDate(),
      String(date.getHours()),
      String(date.getMinutes()),
      String(date.getSeconds()),
      '',
    );
  }
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

function compose(
  year: number,
  month: number,
  day: number,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  offset: string,
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (hour === undefined || minute === undefined) return date;
  const h = Number(hour);
  const m = Number(minute);
  const s = second === undefined ? 0 : Number(second);
  if (h > 24 || m > 59 || s > 60 || (h === 24 && (m > 0 || s > 0))) return null;
  return `${date}T${pad(h)}:${pad(m)}:${pad(Math.min(s, 59))}${offset}`;
}

function isoOffset(zone: string): string {
  if (zone === 'Z' || zone === 'z') return 'Z';
  const digits = zone.replace(':', '');
  const offset = `${digits.slice(0, 3)}:${digits.slice(3, 5) || '00'}`;
  return offset === '+00:00' || offset === '-00:00' ? 'Z' : offset;
}

function rfc822Offset(zone: string): string | null {
  if (/^[+-]\d{2}:?\d{2}$/.test(zone)) return isoOffset(zone);
  return ZONE_OFFSETS[zone.toUpperCase()] ?? null;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
