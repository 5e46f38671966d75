/**
 * Calendar arithmetic on plain dates and the resolution of a `TemporalAnchor` against a publication date.
 * The one place where relative expressions get concrete values, used by the tagger and by later stages alike.
 */
import type { TemporalAnchor } from '../../model.ts';
import { LEAN_FACTOR, SEASON_CODES } from './patterns.ts';

export interface Day {
  y: number;
  m: number;
  d: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2022-11-05`, `2022-11-05T13:33`, `2022-11-05T13:33:00Z` → the calendar day as written; null if not a date. */
export function parseDay(value: string | null | undefined): Day | null {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  if (!match) return null;
  const day = { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
  return day.m >= 1 && day.m <= 12 && day.d >= 1 && day.d <= 31 ? day : null;
}

function toUtc(day: Day): number {
  return Date.UTC(day.y, day.m - 1, day.d);
}

function fromUtc(ms: number): Day {
  const date = new Date(ms);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function addDays(day: Day, days: number): Day {
  return fromUtc(toUtc(day) + days * 86_400_000);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: Day): number {
  return ((new Date(toUtc(day)).getUTCDay() + 6) % 7) + 1;
}

/** ISO 8601 week: the week's year and number. */
export function isoWeek(day: Day): { year: number; week: number } {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const jan1 = Date.UTC(thursday.y, 0, 1);
  return { year: thursday.y, week: Math.floor((toUtc(thursday) - jan1) / 86_400_000 / 7) + 1 };
}

export const formatDay = (day: Day) => `${pad(day.y, 4)}-${pad(day.m)}-${pad(day.d)}`;
const formatWeek = (day: Day) => {
  const { year, week } = isoWeek(day);
  return `${pad(year, 4)}-W${pad(week)}`;
};

/** The fourth Thursday of November (US Thanksgiving). */
function thanksgiving(year: number): Day {
  const first = { y: year, m: 11, d: 1 };
  const firstThursday = 1 + ((4 - isoWeekday(first) + 7) % 7);
  return { y: year, m: 11, d: firstThursday + 21 };
}

/** Symbolic values for an anchor that cannot be resolved (no publication date). */
export function symbolicValue(anchor: TemporalAnchor): string {
  const field = anchor.amount ?? 0;
  const base: Record<string, string> = {
    day: 'XXXX-XX-XX',
    week: 'XXXX-WXX',
    month: 'XXXX-XX',
    quarter: 'XXXX-QX',
    half: 'XXXX-HX',
    year: 'XXXX',
    decade: 'XXX',
    century: 'XX',
    weekday: `XXXX-WXX-${field}`,
    'month-of-year': `XXXX-${pad(field)}`,
    'day-of-year': `XXXX-${pad(Math.floor(field / 100))}-${pad(field % 100)}`,
    'quarter-of-year': `XXXX-Q${field}`,
    'half-of-year': `XXXX-H${field}`,
    season: `XXXX-${SEASON_CODES[field] ?? 'XX'}`,
    thanksgiving: 'XXXX-11-XX',
    weekend: 'XXXX-WXX-WE',
    'reporting-quarter-in-year': `${pad(field, 4)}-QX`,
  };
  return (base[anchor.unit] ?? 'XXXX-XX-XX') + (anchor.suffix ?? '');
}

/** Position of the anchor day within its year for a calendar-field unit, and the year that field belongs to. */
function fieldPosition(unit: string, day: Day): { year: number; position: number } {
  switch (unit) {
    case 'month-of-year':
      return { year: day.y, position: day.m };
    case 'day-of-year':
      return { year: day.y, position: day.m * 100 + day.d };
    case 'quarter-of-year':
      return { year: day.y, position: Math.floor((day.m - 1) / 3) + 1 };
    case 'half-of-year':
      return { year: day.y, position: day.m <= 6 ? 1 : 2 };
    case 'season':
      // Winter runs from December into the next year and carries December's year.
      if (day.m <= 2) return { year: day.y - 1, position: 4 };
      return { year: day.y, position: Math.min(4, Math.floor(day.m / 3)) };
    case 'thanksgiving': {
      const t = thanksgiving(day.y);
      return { year: day.y, position: day.m * 100 + day.d >= t.m * 100 + t.d ? 1 : 0 };
    }
    default:
      return { year: day.y, position: 0 };
  }
}

function formatField(unit: string, year: number, field: number): string {
  switch (unit) {
    case 'month-of-year':
      return `${pad(year, 4)}-${pad(field)}`;
    case 'day-of-year':
      return `${pad(year, 4)}-${pad(Math.floor(field / 100))}-${pad(field % 100)}`;
    case 'quarter-of-year':
      return `${pad(year, 4)}-Q${field}`;
    case 'half-of-year':
      return `${pad(year, 4)}-H${field}`;
    case 'season':
      return `${pad(year, 4)}-${SEASON_CODES[field]}`;
    case 'thanksgiving':
      return formatDay(thanksgiving(year));
    default:
      return pad(year, 4);
  }
}

/** The occurrence of a day or month of the year closest to the anchor day (see `TemporalAnchor.nearest`). */
function nearestField(anchor: TemporalAnchor, day: Day): string {
  const field = anchor.amount ?? 1;
  const anchorMs = toUtc(day);
  let best = { year: day.y, cost: Number.POSITIVE_INFINITY };
  for (const year of [day.y - 1, day.y, day.y + 1]) {
    const target =
      anchor.unit === 'day-of-year'
        ? toUtc({ y: year, m: Math.floor(field / 100), d: field % 100 })
        : (toUtc({ y: year, m: field, d: 1 }) + toUtc({ y: year, m: field, d: 28 })) / 2;
    const distance = Math.abs(target - anchorMs) / 86_400_000;
    const opposite = (target > anchorMs && anchor.lean === 'past') || (target < anchorMs && anchor.lean === 'future');
    const cost = opposite ? distance * LEAN_FACTOR : distance;
    if (cost < best.cost) best = { year, cost };
  }
  return formatField(anchor.unit, best.year, field);
}

const CALENDAR_UNITS = new Set(['day', 'week', 'month', 'quarter', 'half', 'year', 'decade', 'century']);

/** The TIMEX3 value of an anchored expression, given the publication day. */
export function resolveAnchor(anchor: TemporalAnchor, day: Day): string {
  // Calendar units count `amount` units away; calendar fields are `amount`, in the period `shift` away.
  const amount = anchor.amount ?? 0;
  const field = amount;
  const shift = anchor.relation !== 'offset' ? 0 : CALENDAR_UNITS.has(anchor.unit) ? amount : (anchor.shift ?? 0);
  let value: string;
  switch (anchor.unit) {
    case 'day':
      value = formatDay(addDays(day, shift));
      break;
    case 'week':
      value = formatWeek(addDays(day, 7 * shift));
      break;
    case 'month': {
      const index = day.y * 12 + day.m - 1 + shift;
      value = `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
      break;
    }
    case 'quarter': {
      const index = day.y * 4 + Math.floor((day.m - 1) / 3) + shift;
      value = `${pad(Math.floor(index / 4), 4)}-Q${(index % 4) + 1}`;
      break;
    }
    case 'half': {
      const index = day.y * 2 + (day.m <= 6 ? 0 : 1) + shift;
      value = `${pad(Math.floor(index / 2), 4)}-H${(index % 2) + 1}`;
      break;
    }
    case 'year':
      value = pad(day.y + shift, 4);
      break;
    case 'decade':
      value = pad(Math.floor(day.y / 10) + shift, 3);
      break;
    case 'century':
      value = pad(Math.floor(day.y / 100) + shift, 2);
      break;
    case 'weekend': {
      // A weekend is named by the ISO week of its Saturday.
      const today = isoWeekday(day);
      let delta = 6 - today; // this week's Saturday
      if (anchor.relation === 'before' && (delta > 0 || (anchor.strict && today >= 6))) delta -= 7;
      // On a Sunday the weekend under way is this week's, unless "next weekend" (strict) is asked for.
      if (
        anchor.relation === 'after' &&
        ((delta < 0 && (anchor.strict || today !== 7)) || (anchor.strict && today === 6))
      )
        delta += 7;
      value = `${formatWeek(addDays(day, delta))}-WE`;
      break;
    }
    case 'reporting-quarter-in-year': {
      // "the 1988 quarter": the quarter being reported (the one before the anchor's) in the year named.
      const quarter = ((day.y * 4 + Math.floor((day.m - 1) / 3) - 1) % 4) + 1;
      value = `${pad(field, 4)}-Q${quarter}`;
      break;
    }
    case 'weekday': {
      const today = isoWeekday(day);
      let delta: number;
      if (anchor.relation === 'before') {
        delta = -((today - field + 7) % 7);
        if (delta === 0 && anchor.strict) delta = -7;
      } else if (anchor.relation === 'after') {
        delta = (field - today + 7) % 7;
        if (delta === 0 && anchor.strict) delta = 7;
      } else {
        delta = field - today + 7 * shift;
      }
      value = formatDay(addDays(day, delta));
      break;
    }
    default: {
      if (anchor.relation === 'nearest' && (anchor.unit === 'day-of-year' || anchor.unit === 'month-of-year')) {
        value = nearestField(anchor, day);
        break;
      }
      const { year, position } = fieldPosition(anchor.unit, day);
      // Thanksgiving compares by whether this year's has passed (position 1) rather than by a field value.
      const target = anchor.unit === 'thanksgiving' ? 0.5 : field;
      let targetYear = year + shift;
      if (anchor.relation === 'before') {
        if (target > position || (anchor.strict && target === position)) targetYear = year - 1;
      } else if (anchor.relation === 'after') {
        if (target < position || (anchor.strict && target === position)) targetYear = year + 1;
      }
      value = formatField(anchor.unit, targetYear, field);
    }
  }
  return value + (anchor.suffix ?? '');
}
