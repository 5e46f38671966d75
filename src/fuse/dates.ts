/**
 * Dates across documents: the calendar range a TIMEX3 value covers, and the publication date of an undated document
 * inferred from its relative dates aligned with the dated facts of other documents.
 */
import { addDays, formatDay, isoWeekday, parseDay } from '../analyse/temporal/calendar.ts';
import { resolveTemporalExpression } from '../analyse/temporal/index.ts';
import { PARTS_OF_DAY } from '../analyse/temporal/patterns.ts';
import type { TemporalExpression } from '../model.ts';
import type { EventDate, EventPrecision } from './types.ts';

const pad = (n: number) => String(n).padStart(2, '0');

const PART_OF_DAY_WORD = new Map(Object.entries(PARTS_OF_DAY).map(([word, code]) => [code, word]));

/** A TIMEX3 value as a reader writes it where they differ: "2024-03-10TMO" → "2024-03-10 morning". */
export function readableDate(value: string): string {
  const part = /^(\d{4}-\d\d-\d\d)T(MO|AF|EV|NI)$/.exec(value);
  return part ? `${part[1]} ${PART_OF_DAY_WORD.get(`T${part[2]}`)}` : value;
}

function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Monday of ISO week `w` of year `y`. */
function isoWeekMonday(y: number, w: number): string {
  const jan4 = { y, m: 1, d: 4 };
  const monday1 = addDays(jan4, 1 - isoWeekday(jan4));
  return formatDay(addDays(monday1, (w - 1) * 7));
}

/** Words that narrow a month to its first days ("the beginning of November", "early November"). */
const EARLY = /\b(?:beginning|start|early|first days)\b/i;

/**
 * The calendar range of a resolved TIMEX3 date value, or null for durations, sets and symbolic values.
 * `text` refines it: "the beginning of November" is early November, not the whole month.
 */
export function dateRange(value: string, text = ''): { start: string; end: string; precision: EventPrecision } | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})(T.*)?$/.exec(value);
  if (m) {
    const day = `${m[1]}-${m[2]}-${m[3]}`;
    const suffix = m[4];
    const precision: EventPrecision = !suffix ? 'day' : /^T\d/.test(suffix) ? 'time' : 'part-of-day';
    return { start: day, end: day, precision };
  }
  m = /^(\d{4})-W(\d{2})(-WE)?$/.exec(value);
  if (m) {
    const monday = isoWeekMonday(Number(m[1]), Number(m[2]));
    const day = parseDay(monday)!;
    if (m[3]) return { start: formatDay(addDays(day, 5)), end: formatDay(addDays(day, 6)), precision: 'weekend' };
    return { start: monday, end: formatDay(addDays(day, 6)), precision: 'week' };
  }
  m = /^(\d{4})-(\d{2})$/.exec(value);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (EARLY.test(text)) return { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-10`, precision: 'early-month' };
    return { start: `${m[1]}-${m[2]}-01`, end: `${m[1]}-${m[2]}-${pad(lastDayOfMonth(y, mo))}`, precision: 'month' };
  }
  m = /^(\d{4})$/.exec(value);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31`, precision: 'year' };
  return null;
}

/** An expression's event date, when its value is a resolved calendar date. */
export function eventDate(expr: TemporalExpression, documentId: string): EventDate | null {
  if (expr.type !== 'DATE' && expr.type !== 'TIME') return null;
  const range = dateRange(expr.value, expr.text);
  return range ? { value: expr.value, ...range, text: expr.text, documentId } : null;
}

/** Whether two date ranges share a day. */
export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** Whether an expression's anchor is one a publication date pins to a day (weekdays, "today", "yesterday"). */
export function isDayAnchored(expr: TemporalExpression): boolean {
  const unit = expr.anchor?.unit;
  return unit === 'weekday' || unit === 'day' || unit === 'day-of-year';
}

/**
 * The publication days (within `searchDays` of `target`) at which the relative expression `expr` resolves to a
 * value covering the day `target`.
 */
export function anchorsResolvingTo(expr: TemporalExpression, target: string, searchDays: number): string[] {
  const day = parseDay(target);
  if (!day || !expr.anchor) return [];
  const out: string[] = [];
  for (let offset = -searchDays; offset <= searchDays; offset++) {
    const anchor = formatDay(addDays(day, offset));
    const range = dateRange(resolveTemporalExpression(expr, anchor).value, expr.text);
    if (range && range.start <= target && target <= range.end) out.push(anchor);
  }
  return out;
}

/** Every day from `start` to `end`, inclusive. */
export function daysBetween(start: string, end: string): string[] {
  const out: string[] = [];
  let day = parseDay(start);
  while (day && formatDay(day) <= end) {
    out.push(formatDay(day));
    day = addDays(day, 1);
  }
  return out;
}

export { addDays, formatDay, parseDay };
