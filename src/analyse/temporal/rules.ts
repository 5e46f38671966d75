/**
 * The rules of the temporal tagger: one regular expression (patterns.ts) and one builder each. A builder turns a
 * match into a candidate with an absolute value, an anchor on the publication date, or a reference to the date the
 * text last named (`refer`). Order matters only for equal spans (earlier wins); otherwise the longest span wins.
 */
import type { TemporalAnchor, TimexType } from '../../model.ts';
import { durationValue, lower, pad, parseAmount, unitName } from './amounts.ts';
import { byTense, inQuarterContext, tenseAt } from './context.ts';
import {
  CONTEXT,
  FREQUENCY_WORDS,
  HOLIDAYS,
  MONTHS,
  ORDINALS,
  PARTS_OF_DAY,
  RX,
  SEASON_CODES,
  SEASONS,
  WEEKDAYS,
} from './patterns.ts';

/** A rule's finding before resolution: an absolute value, or an anchor to resolve. */
export interface Candidate {
  start: number;
  end: number;
  type: TimexType;
  value?: string;
  anchor?: TemporalAnchor;
  /** Anaphoric expressions: the unit and step from the date the text last named ("the following year": year, +1). */
  refer?: { unit: string; amount: number; suffix?: string };
  rule: string;
  priority: number;
}

export type Groups = Record<string, string | undefined>;
type Build = (m: RegExpExecArray, g: Groups, text: string) => Omit<Candidate, 'start' | 'end' | 'priority'> | null;

const RELATIVE_UNITS: Record<string, string> = {
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  // "the latest period" of an earnings report is its quarter.
  period: 'quarter',
  year: 'year',
  decade: 'decade',
  century: 'century',
};

/** "N units ago": the calendar unit to count back in, and how many of it one unit is ("six weeks ago" in days). */
const AGO_UNITS: Record<string, [string, number]> = {
  day: ['day', 1],
  week: ['day', 7],
  fortnight: ['day', 14],
  month: ['month', 1],
  quarter: ['quarter', 1],
  year: ['year', 1],
  decade: ['year', 10],
  century: ['year', 100],
};

export const rules: { name: string; re: RegExp; build: Build }[] = [
  {
    name: 'iso-date',
    re: RX.isoDate,
    build: (m) => {
      const date = numericDate(m[1]!, Number(m[2]), Number(m[3]), 'iso-date');
      if (!date || !m[4]) return date;
      return { ...date, type: 'TIME', value: `${date.value}T${m[4]}:${m[5]}` };
    },
  },
  {
    name: 'slash-date',
    re: RX.slashDate,
    build: (m) => {
      // Month first, as in US news, unless the first number cannot be a month (25/12/2022).
      const [first, second] = [Number(m[1]), Number(m[2])];
      const [month, day] = first > 12 ? [second, first] : [first, second];
      return numericDate(m[3]!, month, day, 'slash-date');
    },
  },
  {
    name: 'dotted-date',
    re: RX.dottedDate,
    build: (m) => numericDate(m[3]!, Number(m[2]), Number(m[1]), 'dotted-date'),
  },
  {
    name: 'month-day',
    re: RX.monthDay,
    build: (m, g, text) => monthDay(m, g, text),
  },
  {
    name: 'day-month',
    re: RX.dayMonth,
    build: (m, g, text) => monthDay(m, g, text),
  },
  {
    name: 'quarter',
    re: RX.quarter,
    build: (_m, g) => {
      const ord = lower(g.ord);
      const isHalf = lower(g.unit) === 'half';
      const year = g.year ?? g.qyear;
      if (ord === 'last' && !year) return null;
      let field = ORDINALS[ord] ?? 0;
      if (isHalf) field = field >= 2 ? 2 : 1;
      const unit = isHalf ? 'half-of-year' : 'quarter-of-year';
      const code = isHalf ? 'H' : 'Q';
      if (year) return { type: 'DATE', value: `${year}-${code}${field}`, rule: 'quarter' };
      const det = lower(g.det);
      const yrel = lower(g.yrel) || (det.endsWith("year's") ? det.split(' ')[0] : '');
      if (yrel) {
        const amount = yrel === 'last' ? -1 : yrel === 'next' ? 1 : 0;
        return { type: 'DATE', anchor: { relation: 'offset', unit, amount: field, shift: amount }, rule: 'quarter' };
      }
      // Business news reports the latest such quarter: "the fourth quarter" is last year's in January.
      return { type: 'DATE', anchor: { relation: 'before', unit, amount: field }, rule: 'quarter' };
    },
  },
  {
    name: 'year-ago-adjective',
    re: RX.yearAgo,
    build: (m, g, text) => {
      const what = lower(g.what);
      if (what === 'nine months') return { type: 'DURATION', value: 'P9M', rule: 'year-ago-adjective' };
      if (what === 'six months') return { type: 'DURATION', value: 'P6M', rule: 'year-ago-adjective' };
      if (what === 'quarter' || what === 'period' || inQuarterContext(text, m.index))
        return {
          type: 'DATE',
          anchor: { relation: 'offset', unit: 'quarter', amount: -5 },
          rule: 'year-ago-adjective',
        };
      return { type: 'DATE', anchor: { relation: 'offset', unit: 'year', amount: -1 }, rule: 'year-ago-adjective' };
    },
  },
  {
    name: 'month',
    re: RX.month,
    build: (m, g, text) => {
      const month = MONTHS[lower(g.month)];
      if (!month) return null;
      if (g.year) return { type: 'DATE', value: `${g.year}-${pad(month)}`, rule: 'month-year' };
      // "May" alone is mostly the modal verb: only a date with a preposition or qualifier before it.
      if (
        g.month === 'May' &&
        !g.edge &&
        !g.rel &&
        !g.yrel &&
        !CONTEXT.beforeMonthAlone.test(text.slice(Math.max(0, m.index - 12), m.index))
      )
        return null;
      const yrel = lower(g.yrel);
      if (yrel) {
        const amount = yrel === 'last' ? -1 : yrel === 'next' ? 1 : 0;
        return {
          type: 'DATE',
          anchor: { relation: 'offset', unit: 'month-of-year', amount: month, shift: amount },
          rule: 'month',
        };
      }
      const rel = lower(g.rel);
      if (rel === 'this')
        return { type: 'DATE', anchor: { relation: 'same', unit: 'month-of-year', amount: month }, rule: 'month' };
      if (rel === 'last' || rel === 'past' || rel === 'this past')
        return {
          type: 'DATE',
          anchor: { relation: 'before', unit: 'month-of-year', amount: month, strict: true },
          rule: 'month',
        };
      if (rel)
        return {
          type: 'DATE',
          anchor: { relation: 'after', unit: 'month-of-year', amount: month, strict: true },
          rule: 'month',
        };
      return {
        type: 'DATE',
        anchor: { relation: byTense(text, m), unit: 'month-of-year', amount: month },
        rule: 'month',
      };
    },
  },
  {
    name: 'decade',
    re: RX.decade,
    build: (_m, g) => ({
      type: 'DATE',
      value: g.c ? `${g.c}${g.d}` : `19${g.d2}`,
      rule: 'decade',
    }),
  },
  {
    name: 'century',
    re: RX.century,
    build: (_m, g) => {
      if (g.n) return { type: 'DATE', value: pad(Number(g.n) - 1), rule: 'century' };
      const rel = lower(g.rel);
      if (!rel) return null;
      if (rel.startsWith('the ')) return { type: 'DURATION', value: 'P100Y', rule: 'century' };
      const amount = rel === 'last' ? -1 : rel === 'next' ? 1 : 0;
      return { type: 'DATE', anchor: { relation: 'offset', unit: 'century', amount }, rule: 'century' };
    },
  },
  {
    name: 'year',
    re: RX.year,
    build: (m, g, text) => {
      // "2000 people" is a count; "the 2008 crisis", "2012 elections" are years (news writes counts as "2,000").
      if (!g.edge && !g.fiscal && Number(g.year) % 100 === 0) {
        const next = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
        if (/^\s+(?:[a-z]+s|people|of\s+(?:the|them))\b/.test(next) && !/^\s+(?:was|has|as|is|its|plus)\b/.test(next))
          return null;
      }
      return { type: 'DATE', value: g.year!, rule: g.fiscal ? 'fiscal-year' : 'year' };
    },
  },
  {
    name: 'spelled-year',
    re: RX.spelledYear,
    build: (_m, g) => {
      let year: number;
      if (g.k) year = 2000 + (parseAmount(g.kunit) ?? 0);
      else {
        const tens = lower(g.tens);
        year = (lower(g.century) === 'nineteen' ? 1900 : 2000) + (tens === 'hundred' ? 0 : (parseAmount(tens) ?? 0));
        if (g.unit) year += parseAmount(g.unit) ?? 0;
      }
      return { type: 'DATE', value: String(year), rule: 'spelled-year' };
    },
  },
  {
    name: 'spelled-decade',
    re: RX.spelledDecade,
    build: (_m, g) => {
      const decade = parseAmount(lower(g.tens).replace(/ies$/, 'y'));
      return decade ? { type: 'DATE', value: `19${decade / 10}`, rule: 'spelled-decade' } : null;
    },
  },
  {
    name: 'holiday',
    re: RX.holiday,
    build: (m, g, text) => {
      const code = HOLIDAYS[lower(g.name).replace(/’/g, "'")];
      if (code === undefined) return null;
      const unit = code < 0 ? 'thanksgiving' : 'day-of-year';
      const field = code < 0 ? undefined : code;
      if (g.year)
        return unit === 'day-of-year'
          ? { type: 'DATE', value: `${g.year}-${pad(Math.floor(code / 100))}-${pad(code % 100)}`, rule: 'holiday' }
          : { type: 'DATE', anchor: { relation: 'offset', unit, amount: 0 }, rule: 'holiday' };
      const rel = lower(g.rel);
      const relation =
        rel === 'last' ? 'before' : rel === 'next' ? 'after' : rel === 'this' ? 'same' : byTense(text, m);
      return {
        type: 'DATE',
        anchor: { relation, unit, amount: field, strict: rel === 'last' || rel === 'next' },
        rule: 'holiday',
      };
    },
  },
  {
    name: 'deictic-day',
    re: RX.deictic,
    build: (m, g, text) => {
      // "USA Today", "Ukraine Today": a capitalised Today after a capitalised word is a name.
      if (g.word === 'Today' && CONTEXT.nameBeforeToday.test(text.slice(Math.max(0, m.index - 20), m.index)))
        return null;
      const word = lower(g.word);
      let amount = word === 'yesterday' ? -1 : word === 'tomorrow' ? 1 : 0;
      if (g.ba) amount += lower(g.ba) === 'before' ? -1 : 1;
      const pod = lower(g.pod || g.pod1).replace(/^mid-?/, '');
      const suffix = PARTS_OF_DAY[pod];
      return {
        type: suffix ? 'TIME' : 'DATE',
        anchor: { relation: amount === 0 ? 'same' : 'offset', unit: 'day', amount, suffix },
        rule: 'deictic-day',
      };
    },
  },
  {
    name: 'this-part-of-day',
    re: RX.thisPartOfDay,
    build: (_m, g) => {
      const pod = lower(g.pod);
      const last = lower(g.rel) === 'last';
      return {
        type: 'TIME',
        anchor: {
          relation: last ? 'offset' : 'same',
          unit: 'day',
          amount: last && pod === 'night' ? -1 : 0,
          suffix: PARTS_OF_DAY[pod],
        },
        rule: 'this-part-of-day',
      };
    },
  },
  {
    name: 'weekday',
    re: RX.weekday,
    build: (m, g, text) => {
      const field = WEEKDAYS[lower(g.wd)];
      if (!field) return null;
      // Names that contain a weekday: "the Sunday Times", "Monday Night Football", "Good Friday", "Super Tuesday".
      const end = m.index + m[0].length;
      if (!g.rel && !g.pod && CONTEXT.nameAfterWeekday.test(text.slice(end, end + 20))) return null;
      if (!g.rel && CONTEXT.nameBeforeWeekday.test(text.slice(Math.max(0, m.index - 10), m.index))) return null;
      const suffix = PARTS_OF_DAY[lower(g.pod)];
      const rel = lower(g.rel);
      let anchor: TemporalAnchor;
      if (rel === 'this') anchor = { relation: 'same', unit: 'weekday', amount: field };
      else if (['last', 'past', 'this past', 'the previous'].includes(rel))
        anchor = { relation: 'before', unit: 'weekday', amount: field, strict: true };
      else if (rel && rel !== 'the same') anchor = { relation: 'after', unit: 'weekday', amount: field, strict: true };
      else if (text.startsWith("'s", m.index + m[0].length))
        // "Wednesday's ruling": a possessive names an event already reported.
        anchor = { relation: 'before', unit: 'weekday', amount: field };
      else anchor = { relation: byTense(text, m), unit: 'weekday', amount: field };
      if (suffix) anchor.suffix = suffix;
      return { type: suffix ? 'TIME' : 'DATE', anchor, rule: 'weekday' };
    },
  },
  {
    name: 'weekday-set',
    re: RX.weekdaySet,
    build: (_m, g) => {
      const day = lower(g.wd1 || g.wd2 || g.wd3).replace(/s$/, '');
      const field = WEEKDAYS[day];
      const pod = PARTS_OF_DAY[lower(g.pod1 || g.pod3).replace(/s$/, '')] ?? '';
      return field ? { type: 'SET', value: `XXXX-WXX-${field}${pod}`, rule: 'weekday-set' } : null;
    },
  },
  {
    name: 'clock',
    re: RX.clock,
    build: (m, g, text) => {
      let hour: number;
      let minute = 0;
      if (g.noon) {
        hour = lower(g.noon) === 'midnight' ? 24 : 12;
      } else if (g.hm) {
        hour = Number(g.hm) + (lower(g.hpod) === 'morning' ? 0 : 12);
      } else if (g.h24) {
        hour = Number(g.h24);
        minute = Number(g.min24);
      } else {
        hour = Number(g.h);
        minute = Number(g.min ?? 0);
        const pm = lower(g.ap).startsWith('p');
        if (hour > 12 || hour === 0) return null;
        if (pm && hour < 12) hour += 12;
        if (!pm && hour === 12) hour = 0;
      }
      const suffix = `T${pad(hour)}:${pad(minute)}`;
      let anchor: TemporalAnchor;
      if (g.wd) anchor = { relation: byTense(text, m), unit: 'weekday', amount: WEEKDAYS[lower(g.wd)]! };
      else if (g.deictic) {
        const word = lower(g.deictic);
        anchor = { relation: 'offset', unit: 'day', amount: word === 'yesterday' ? -1 : word === 'tomorrow' ? 1 : 0 };
      } else if (g.month) {
        const month = MONTHS[lower(g.month)]!;
        const field = month * 100 + Number.parseInt(g.day!, 10);
        anchor = {
          relation: 'nearest',
          unit: 'day-of-year',
          amount: field,
          lean: tenseAt(text, m.index, m.index + m[0].length) ?? 'past',
        };
      } else {
        // "at 10:35 a.m. (0735 GMT) Friday": the day may follow a parenthesis.
        const following = CONTEXT.clockDayAfter.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 40));
        const field = following ? WEEKDAYS[lower(following[1])] : undefined;
        anchor = field
          ? { relation: byTense(text, m), unit: 'weekday', amount: field }
          : { relation: 'same', unit: 'day' };
      }
      anchor.suffix = suffix;
      return { type: 'TIME', anchor, rule: 'clock' };
    },
  },
  {
    name: 'year-end',
    re: RX.yearEnd,
    build: () => ({ type: 'DATE', anchor: { relation: 'same', unit: 'year' }, rule: 'year-end' }),
  },
  {
    name: 'anaphoric',
    re: RX.anaphoric,
    build: (_m, g) => {
      const rel = lower(g.rel);
      const word = lower(g.unit);
      const suffix = PARTS_OF_DAY[word];
      const amount = rel === 'the following' ? 1 : rel === 'the previous' || rel === 'the preceding' ? -1 : 0;
      return {
        type: suffix ? 'TIME' : 'DATE',
        refer: { unit: suffix ? 'day' : word, amount, ...(suffix ? { suffix } : {}) },
        rule: 'anaphoric',
      };
    },
  },
  {
    name: 'relative-unit',
    re: RX.relativeUnit,
    build: (m, g, text) => relativeUnit(m, g, text),
  },
  {
    name: 'year-quarter',
    re: RX.yearQuarter,
    build: (_m, g) => ({
      type: 'DATE',
      anchor: { relation: 'same', unit: 'reporting-quarter-in-year', amount: Number(g.year) },
      rule: 'year-quarter',
    }),
  },
  {
    name: 'year-ago',
    re: RX.ago,
    build: (m, g, text) => {
      const amount = g.num ? parseAmount(g.num) : null;
      if (amount === undefined) return null;
      const unit = unitName(g.unit!);
      const dir = lower(g.dir);
      const ago = dir === 'ago' || dir === 'earlier';
      if (amount === null) {
        // "years ago" is the vague past; "a few days earlier" is left to the duration rule.
        if (dir !== 'ago' || (!g.num && !/s$/i.test(g.unit!))) return null;
        return { type: 'DATE', value: 'PAST_REF', rule: 'vague-ago' };
      }
      const sign = ago ? -1 : 1;
      if (dir !== 'ago' && dir !== 'from now' && dir !== 'hence' && unit !== 'year') {
        const value = durationValue(amount, unit);
        return value ? { type: 'DURATION', value, rule: 'relative-duration' } : null;
      }
      if (unit === 'year' && amount === 1 && inQuarterContext(text, m.index))
        return { type: 'DATE', anchor: { relation: 'offset', unit: 'quarter', amount: ago ? -5 : 3 }, rule: 'ago' };
      const whole = Math.round(amount);
      // "two years earlier" counts back from the date the narrative last named, if any (see resolveAnaphora).
      if (dir === 'earlier' && unit === 'year' && whole === amount)
        return { type: 'DATE', refer: { unit: 'year', amount: -whole }, rule: 'earlier' };
      const target = AGO_UNITS[unit];
      if (!target || whole !== amount) return null;
      return {
        type: 'DATE',
        anchor: { relation: 'offset', unit: target[0], amount: sign * whole * target[1] },
        rule: 'ago',
      };
    },
  },
  {
    name: 'set-after-amount',
    re: RX.aUnitAfterAmount,
    build: (_m, g) => ({ type: 'SET', value: durationValue(1, g.unit!)!, rule: 'set-after-amount' }),
  },
  {
    name: 'duration',
    re: RX.duration,
    build: (m, g, text) => {
      let amount = parseAmount(g.num);
      if (amount === undefined) return null;
      const unit = unitName(g.unit!);
      const numWord = lower(g.num);
      // "a second attack", "a quarter of", "a half-hour": ordinals and fractions, not durations.
      if (unit === 'second' && /^(?:a|an|one)$/.test(numWord)) return null;
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 4);
      if ((unit === 'quarter' || unit === 'half') && /^\s+of/.test(after)) return null;
      if (lower(g.old) === '-old' || /^\s+old\b/.test(after)) return null;
      if (g.num2) amount = null;
      else if (g.half && typeof amount === 'number') amount += 0.5;
      const value = durationValue(amount, unit);
      return value ? { type: 'DURATION', value, rule: 'duration' } : null;
    },
  },
  {
    name: 'unit-period',
    re: RX.unitPeriod,
    build: (_m, g) => {
      const unitWord = g.unit ?? g.unit2!;
      if (!/s$/i.test(unitWord)) return null;
      const rel = lower(g.rel);
      if (rel === 'recent' && /^(?:years|days)$/i.test(unitWord))
        return { type: 'DATE', value: 'PAST_REF', rule: 'recent-units' };
      const value = durationValue(null, unitName(unitWord));
      return value ? { type: 'DURATION', value, rule: 'unit-period' } : null;
    },
  },
  {
    name: 'bare-plural',
    re: RX.barePlural,
    build: (_m, g) => {
      const value = durationValue(null, unitName(g.unit ?? g.unit2!));
      return value ? { type: 'DURATION', value, rule: 'bare-plural' } : null;
    },
  },
  {
    name: 'every',
    re: RX.everyUnit,
    build: (_m, g) => {
      const word = lower(g.unit);
      const month = MONTHS[word];
      if (month) return { type: 'SET', value: `XXXX-${pad(month)}`, rule: 'every' };
      const season = SEASONS[word];
      if (season) return { type: 'SET', value: `XXXX-${SEASON_CODES[season]}`, rule: 'every' };
      const pod = PARTS_OF_DAY[word];
      if (pod) return { type: 'SET', value: `XXXX-XX-XX${pod}`, rule: 'every' };
      const num = lower(g.num);
      const amount = num === 'other' ? 2 : num ? parseAmount(num) : 1;
      if (typeof amount !== 'number') return null;
      const value = durationValue(amount, unitName(word));
      return value ? { type: 'SET', value, rule: 'every' } : null;
    },
  },
  {
    name: 'frequency',
    re: RX.frequency,
    build: (_m, g) => ({ type: 'SET', value: FREQUENCY_WORDS[lower(g.word)]!, rule: 'frequency' }),
  },
  {
    name: 'present-ref',
    re: RX.presentRef,
    build: () => ({ type: 'DATE', value: 'PRESENT_REF', rule: 'present-ref' }),
  },
  {
    name: 'past-ref',
    re: RX.pastRef,
    build: () => ({ type: 'DATE', value: 'PAST_REF', rule: 'past-ref' }),
  },
  {
    name: 'future-ref',
    re: RX.futureRef,
    build: () => ({ type: 'DATE', value: 'FUTURE_REF', rule: 'future-ref' }),
  },
];

/** A numeric date, or null when the month or day is out of range. Two-digit years: 31–99 → 19xx, else 20xx. */
function numericDate(
  yearText: string,
  month: number,
  day: number,
  rule: string,
): Omit<Candidate, 'start' | 'end' | 'priority'> | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const year = yearText.length === 2 ? (Number(yearText) > 30 ? `19${yearText}` : `20${yearText}`) : yearText;
  return { type: 'DATE', value: `${year}-${pad(month)}-${pad(day)}`, rule };
}

function monthDay(m: RegExpExecArray, g: Groups, text: string): Omit<Candidate, 'start' | 'end' | 'priority'> | null {
  const month = MONTHS[lower(g.month)];
  const day = Number.parseInt(g.day ?? '', 10);
  if (!month || !day || day > 31) return null;
  if (g.year) return { type: 'DATE', value: `${g.year}-${pad(month)}-${pad(day)}`, rule: 'month-day-year' };
  // Without a year: the occurrence nearest to the publication date, leaning to the clause's tense.
  return {
    type: 'DATE',
    anchor: {
      relation: 'nearest',
      unit: 'day-of-year',
      amount: month * 100 + day,
      lean: tenseAt(text, m.index, m.index + m[0].length) ?? 'past',
    },
    rule: 'month-day',
  };
}

function relativeUnit(
  m: RegExpExecArray,
  g: Groups,
  text: string,
): Omit<Candidate, 'start' | 'end' | 'priority'> | null {
  const rel = lower(g.rel);
  const unitWord = lower(g.unit);
  const edge = Boolean(g.edge);
  const rule = 'relative-unit';
  const season = SEASONS[unitWord];
  if (season) {
    if (rel === 'this' || rel === 'current' || rel === 'the current')
      return { type: 'DATE', anchor: { relation: 'same', unit: 'season', amount: season }, rule };
    if (['last', 'past', 'previous', 'this past', 'the past', 'the previous', 'the last'].includes(rel))
      return { type: 'DATE', anchor: { relation: 'before', unit: 'season', amount: season, strict: true }, rule };
    if (rel === 'the')
      return { type: 'DATE', anchor: { relation: byTense(text, m), unit: 'season', amount: season }, rule };
    return { type: 'DATE', anchor: { relation: 'after', unit: 'season', amount: season, strict: true }, rule };
  }
  if (unitWord === 'weekend') {
    // A weekend is the one of the last (past clause) or next (future clause) Saturday; "the past weekend" a duration.
    let relation: TemporalAnchor['relation'];
    if (['this', 'current', 'the current', 'the same'].includes(rel)) relation = 'same';
    else if (['last', 'past', 'previous', 'this past', 'the previous'].includes(rel)) relation = 'before';
    else if (['next', 'coming', 'following', 'the coming', 'the following'].includes(rel)) relation = 'after';
    else if (rel === 'the' || edge) relation = byTense(text, m);
    else return { type: 'DURATION', value: 'P2D', rule };
    const strict = relation !== 'same' && rel !== 'the' && !edge;
    return { type: 'DATE', anchor: { relation, unit: 'weekend', ...(strict ? { strict } : {}) }, rule };
  }
  const unit = RELATIVE_UNITS[unitWord];
  if (!unit) return null;
  const anchor = (relation: TemporalAnchor['relation'], amount = 0): Omit<Candidate, 'start' | 'end' | 'priority'> => ({
    type: 'DATE',
    anchor: { relation, unit, amount },
    rule,
  });
  switch (rel) {
    case 'this':
    case 'current':
    case 'the current':
    case 'the same':
      return anchor('same');
    case 'last':
    case 'past':
    case 'previous':
    case 'this past':
    case 'the previous':
      return anchor('offset', -1);
    case 'next':
    case 'coming':
    case 'following':
    case 'the coming':
    case 'the following':
      return anchor('offset', 1);
    case 'the past':
    case 'the last':
    case 'the next':
      if (edge) return anchor('offset', rel === 'the next' ? 1 : -1);
      return { type: 'DURATION', value: durationValue(1, unitWord)!, rule };
    case 'the latest':
      return unit === 'quarter' ? anchor('offset', -1) : anchor('same');
    default: {
      // Bare "the <unit>": the reporting quarter (the last completed one), this week or month.
      if (unit === 'quarter') return anchor('offset', -1);
      // "the (fiscal) year ended June 30" is a one-year period; "for the year", "earlier in the year" this year.
      if (
        unit === 'year' &&
        (lower(g.mod) === 'fiscal' || CONTEXT.periodEnding.test(text.slice(m.index + m[0].length)))
      )
        return { type: 'DURATION', value: 'P1Y', rule };
      return anchor('same');
    }
  }
}
