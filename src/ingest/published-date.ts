/**
 * Publication dates as ingest finds them: a date line in the text ("5 November 2022, 01:33 PM", "Nov. 5, 2022",
 * "Published: …", ISO 8601) or a metadata value. chrono-node does the parsing; this module decides whether a line
 * *is* a date line, and how precise the value is (chrono fills unknown fields from the reference date, so precision
 * comes from what it marks as certain).
 */
import * as chrono from 'chrono-node';
import type { DateOrigin, DatePrecision, PublishedAt } from '../model.ts';

export const UNKNOWN_DATE: PublishedAt = Object.freeze({ value: null, precision: null, origin: 'unknown' });

const DATE_LINE_PREFIX =
  /^(?:(?:published|posted|updated|last updated|first published|date|dated|created)(?: on| at)?\s*[:\-–—]?\s*)/i;
/** A date line is short; longer lines that contain a date are sentences. */
const DATE_LINE_MAX_CHARS = 80;
/** Share of the line's letters and digits that the parsed date must cover. */
const DATE_LINE_MIN_COVERAGE = 0.7;

/** If the whole line states a date (and perhaps a time), return it; otherwise null. */
export function parseDateLine(line: string, origin: DateOrigin = 'stated'): PublishedAt | null {
  const trimmed = line.trim();
  // A date line states a year, so it has a digit: most header lines are ruled out before the parser runs.
  if (trimmed.length === 0 || trimmed.length > DATE_LINE_MAX_CHARS || !/\d/.test(trimmed)) return null;
  const rest = trimmed.replace(DATE_LINE_PREFIX, '');
  const results = parserFor(rest).parse(rest, undefined, { forwardDate: false });
  const first = results[0];
  if (!first?.start.isCertain('year') || !first.start.isCertain('month')) return null;
  const covered = results.reduce((n, r) => n + significantLength(r.text), 0);
  if (
    covered / Math.max(1, significantLength(rest.replace(/\b(?:[A-Z]{2,4}|GMT|UTC)\b/g, ''))) <
    DATE_LINE_MIN_COVERAGE
  )
    return null;
  return { ...fromChrono(first.start), origin, evidence: trimmed };
}

/** A metadata date (ISO 8601 or any form chrono reads), with the precision the value carries. */
export function parseMetadataDate(value: string, evidence: string): PublishedAt | null {
  const results = parserFor(value).parse(value.trim(), undefined, { forwardDate: false });
  const first = results[0];
  if (!first?.start.isCertain('year')) return null;
  return { ...fromChrono(first.start), origin: 'metadata', evidence };
}

/** Dotted numeric dates ("12.03.2024") are day-first wherever they are written; chrono's default reads month-first. */
function parserFor(text: string): chrono.Chrono {
  return /\b\d{1,2}\.\d{1,2}\.\d{2,4}\b/.test(text) ? chrono.en.GB : chrono.casual;
}

function significantLength(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length;
}

const PRECISION_ORDER: [DatePrecision, chrono.Component][] = [
  ['second', 'second'],
  ['minute', 'minute'],
  ['hour', 'hour'],
  ['day', 'day'],
  ['month', 'month'],
  ['year', 'year'],
];

/**
 * Value and precision from chrono's components. A stated time without a zone stays wall-clock local
 * (`2022-11-05T13:33`); with a zone it is converted to UTC and marked `Z`.
 */
function fromChrono(components: chrono.ParsedComponents): { value: string; precision: DatePrecision } {
  const precision = PRECISION_ORDER.find(([, c]) => components.isCertain(c))?.[0] ?? 'year';
  const zoned = components.isCertain('timezoneOffset') && ['hour', 'minute', 'second'].includes(precision);
  const parts = zoned ? utcParts(components.date()) : localParts(components);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  let value = pad(parts.year, 4);
  if (precision !== 'year') value += `-${pad(parts.month)}`;
  if (['day', 'hour', 'minute', 'second'].includes(precision)) value += `-${pad(parts.day)}`;
  if (precision === 'hour') value += `T${pad(parts.hour)}`;
  if (precision === 'minute' || precision === 'second') value += `T${pad(parts.hour)}:${pad(parts.minute)}`;
  if (precision === 'second') value += `:${pad(parts.second)}`;
  return { value: zoned ? `${value}Z` : value, precision };
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(c: chrono.ParsedComponents): DateParts {
  return {
    year: c.get('year') ?? 0,
    month: c.get('month') ?? 1,
    day: c.get('day') ?? 1,
    hour: c.get('hour') ?? 0,
    minute: c.get('minute') ?? 0,
    second: c.get('second') ?? 0,
  };
}

function utcParts(d: Date): DateParts {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
