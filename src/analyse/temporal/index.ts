/**
 * Temporal expressions: find time expressions in news text and normalise them to TIMEX3 (TimeML) values.
 *
 * Every rule yields either an absolute value ("Sept. 2022" → `2022-09`, "nearly three years" → `P3Y`) or an
 * anchor relative to the publication date ("said Friday" → the latest Friday at or before it). Anchored
 * expressions go through `resolveTemporalExpression`, the same function a later stage calls once it has inferred a
 * publication date, so the anchored and the unanchored case share one code path.
 */
import type { TemporalAnchor, TemporalExpression, TimexType } from '../../model.ts';
import { type Day, parseDay, resolveAnchor, symbolicValue } from './calendar.ts';
import {
  CONTEXT,
  DURATION_UNITS,
  FREQUENCY_WORDS,
  FUTURE_CUES,
  HOLIDAYS,
  MONTHS,
  NUMBER_WORDS,
  ORDINALS,
  PARTS_OF_DAY,
  PAST_CUES,
  RX,
  SEASON_CODES,
  SEASONS,
  VAGUE_AMOUNTS,
  WEEKDAYS,
  WINDOWS,
} from './patterns.ts';

export interface TemporalOptions {
  /** Publication date (`2022-11-05`, `2022-11-05T13:33` …) or null when unknown. */
  publishedAt: string | null;
}

/** A rule's finding before resolution: an absolute value, or an anchor to resolve. */
interface Candidate {
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

type Groups = Record<string, string | undefined>;
type Build = (m: RegExpExecArray, g: Groups, text: string) => Omit<Candidate, 'start' | 'end' | 'priority'> | null;

const lower = (s: string | undefined) => (s ?? '').toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

// -------------------------------------------------------------------------------------------------------------------
// Context: tense of the clause and whether the text is talking about fiscal quarters.

/**
 * Past or future clause around `[start, end)`. The nearest tense cue before the expression in its sentence decides
 * (news puts the verb before the time: "said Friday", "will meet Friday"); failing that, the first cue after it
 * ("On Friday, the ministry said"); null when the sentence has no cue.
 */
function tenseAt(text: string, start: number, end: number): 'past' | 'future' | null {
  const before = text.slice(Math.max(0, start - WINDOWS.tenseBefore), start);
  const sentenceStart = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('? '));
  const leftText = sentenceStart >= 0 ? before.slice(sentenceStart + 1) : before;
  let lastFuture: { at: number; end: number } | null = null;
  for (const m of leftText.matchAll(FUTURE_CUES)) lastFuture = { at: m.index, end: m.index + m[0].length };
  let lastPast = -1;
  for (const m of leftText.matchAll(PAST_CUES)) lastPast = m.index;
  if (lastFuture && lastFuture.at >= lastPast) return 'future';
  if (lastPast >= 0) {
    // "will be held", "is expected to have met": a participle governed by a future auxiliary.
    if (lastFuture && CONTEXT.futureAuxiliaryGap.test(leftText.slice(lastFuture.end, lastPast))) return 'future';
    return 'past';
  }
  const after = text.slice(end, end + WINDOWS.tenseAfter);
  const stop = after.search(/[.?!]\s|\n/);
  const rightText = stop >= 0 ? after.slice(0, stop) : after;
  const future = rightText.search(FUTURE_CUES);
  const past = rightText.search(PAST_CUES);
  if (future >= 0 && (past < 0 || future <= past)) return 'future';
  return past >= 0 ? 'past' : null;
}

/** Business news compares a reporting quarter with "a year ago"/"year-earlier": then those mean a quarter. */
function inQuarterContext(text: string, start: number): boolean {
  return CONTEXT.quarter.test(text.slice(Math.max(0, start - WINDOWS.quarterBefore), start + WINDOWS.quarterAfter));
}

/** Past clause: the latest at or before the anchor; future clause: the earliest at or after it. Without a cue,
 * past, as most news reports what happened. */
function byTense(text: string, m: RegExpExecArray): 'before' | 'after' {
  return tenseAt(text, m.index, m.index + m[0].length) === 'future' ? 'after' : 'before';
}

// -------------------------------------------------------------------------------------------------------------------
// Numbers and durations.

/** "three" → 3, "2 1/2" → 2.5, "twenty-five" → 25, "several" → null (vague). */
function parseAmount(raw: string | undefined): number | null | undefined {
  if (!raw) return undefined;
  const s = lower(raw);
  if (VAGUE_AMOUNTS.includes(s)) return null;
  if (s === 'a couple of' || s === 'couple of' || s === 'a couple') return 2;
  const fraction = /^(\d+)\s+(\d)\/(\d)$/.exec(s);
  if (fraction) return Number(fraction[1]) + Number(fraction[2]) / Number(fraction[3]);
  if (/^[\d,.]+$/.test(s)) return Number(s.replace(/,/g, ''));
  if (/^half an?$/.test(s)) return 0.5;
  let value = 0;
  let rest = s;
  const andHalf = rest.endsWith(' and a half');
  if (andHalf) rest = rest.slice(0, -' and a half'.length);
  for (const part of rest.split(/[\s-]+/)) {
    const n = NUMBER_WORDS[part];
    if (n === undefined) return undefined;
    value = n === 100 && value > 0 ? value * 100 : value + n;
  }
  return value + (andHalf ? 0.5 : 0);
}

const SMALLER: Record<string, [string, number, boolean]> = {
  'Y:false': ['M', 12, false],
  'M:false': ['D', 30, false],
  'W:false': ['D', 7, false],
  'D:false': ['H', 24, true],
  'H:true': ['M', 60, true],
  'M:true': ['S', 60, true],
};

/** TIMEX3 duration value: `P3Y`, `PT5H30M`, `P2Y6M`, `PXM` for a vague amount. */
export function durationValue(amount: number | null, unitWord: string): string | null {
  const unit = DURATION_UNITS[unitWord.toLowerCase().replace(/s$/, '')];
  if (!unit) return null;
  const prefix = unit.time ? 'PT' : 'P';
  // TimeML writes vague decades and centuries with the unit letters E and C ("decades" → PXE).
  if (amount === null) return `${prefix}X${unit.factor >= 10 ? (unit.factor === 10 ? 'E' : 'C') : unit.code}`;
  const total = amount * unit.factor;
  const whole = Math.floor(total);
  const fraction = total - whole;
  if (fraction === 0) return `${prefix}${whole}${unit.code}`;
  const smaller = SMALLER[`${unit.code}:${unit.time}`];
  if (!smaller) return `${prefix}${total}${unit.code}`;
  const [code, per, time] = smaller;
  const part = Math.round(fraction * per);
  if (whole === 0) return `${time ? 'PT' : 'P'}${part}${code}`;
  if (time && !unit.time) return `P${whole}${unit.code}T${part}${code}`;
  return `${prefix}${whole}${unit.code}${part}${code}`;
}

const unitName = (word: string) => {
  const w = word.toLowerCase();
  return w === 'centuries' ? 'century' : w.replace(/s$/, '');
};

// -------------------------------------------------------------------------------------------------------------------
// Rules. Order matters only for equal spans (earlier wins); otherwise the longest span wins.

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

const rules: { name: string; re: RegExp; build: Build }[] = [
  {
    name: 'iso-date',
    re: RX.isoDate,
    build: (m) => ({
      type: m[4] ? 'TIME' : 'DATE',
      value: `${m[1]}-${m[2]}-${m[3]}${m[4] ? `T${m[4]}:${m[5]}` : ''}`,
      rule: 'iso-date',
    }),
  },
  {
    name: 'slash-date',
    re: RX.slashDate,
    build: (m) => {
      const year = m[3]!.length === 2 ? (Number(m[3]) > 30 ? `19${m[3]}` : `20${m[3]}`) : m[3]!;
      return { type: 'DATE', value: `${year}-${pad(Number(m[1]))}-${pad(Number(m[2]))}`, rule: 'slash-date' };
    },
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

// -------------------------------------------------------------------------------------------------------------------

const WORD_CHAR = /[\p{L}\p{N}]/u;

function collect(text: string): Candidate[] {
  const found: Candidate[] = [];
  rules.forEach((rule, priority) => {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      if (m[0].length === 0) {
        rule.re.lastIndex++;
        continue;
      }
      const start = m.index;
      let end = m.index + m[0].length;
      // Keep extents on word boundaries ("newsYears ago" is not an expression) and without trailing spaces/commas.
      while (end > start && /[\s,]/.test(text[end - 1]!)) end--;
      // A rejected match is retried one character later, so "extra seven-day" still finds "seven-day".
      if ((start > 0 && WORD_CHAR.test(text[start - 1]!)) || (end < text.length && WORD_CHAR.test(text[end]!))) {
        rule.re.lastIndex = m.index + 1;
        continue;
      }
      const built = rule.build(m, (m.groups ?? {}) as Groups, text);
      if (!built) {
        rule.re.lastIndex = m.index + 1;
        continue;
      }
      const trimmed = trimExtent(text, start, end, built.rule);
      found.push({ ...built, start: trimmed.start, end: trimmed.end, priority });
    }
  });
  return found;
}

/**
 * TimeML extents: a determiner or possessive before an adjectival expression is not part of it ("a two-year",
 * "its third-quarter", "the year-ago" → without the determiner), nor "over" before "the past …", nor vague
 * approximators such as "about" and "only" (TimeML keeps those in a `mod` attribute, not in the extent).
 */
function trimExtent(text: string, start: number, end: number, rule: string): { start: number; end: number } {
  const extent = text.slice(start, end);
  let cut = 0;
  const lead = CONTEXT.leadingApproximator.exec(extent);
  if (lead) cut = lead[0].length;
  const rest = extent.slice(cut);
  const det = CONTEXT.leadingDeterminer.exec(rest);
  if (det) {
    const after = rest.slice(det[0].length);
    const adjectival = /^[\w']+-[\w-]+$/.test(after);
    if (/^its\s/i.test(det[0]) || (adjectival && rule !== 'relative-unit')) cut += det[0].length;
  }
  return { start: start + cut, end };
}

/** Longest match first; among equal spans the earlier rule; no overlaps. */
function select(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.priority - b.priority,
  );
  const chosen: Candidate[] = [];
  for (const c of sorted) {
    if (chosen.some((o) => o.start < c.end && c.start < o.end)) continue;
    chosen.push(c);
  }
  return chosen.sort((a, b) => a.start - b.start);
}

const DAY_UNITS = new Set(['day', 'weekday', 'day-of-year']);
const PRECISION: Record<string, number> = { year: 1, quarter: 2, month: 2, week: 3, day: 3 };

/** An absolute DATE value as a day and its precision (1 year, 2 month, 3 day): `1998-06` → 1 June 1998, month. */
function absoluteDay(value: string | undefined): { day: Day; precision: number } | null {
  const m = value ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-[QHW]\d+)?$/.exec(value) : null;
  if (!m) return null;
  const day = { y: Number(m[1]), m: Number(m[2] ?? 1), d: Number(m[3] ?? 1) };
  return { day, precision: m[3] ? 3 : m[2] ? 2 : 1 };
}

/**
 * "that day", "later that year", "the following month" step from the date the text last named ("On May 22, 1995,
 * … the following year" → 1996). When that date is absolute the value is too; a named day that is itself relative
 * ("Friday … that same day") lends its anchor; otherwise they fall back to the publication date.
 */
function resolveAnaphora(chosen: Candidate[]): Candidate[] {
  const dated: Candidate[] = [];
  for (const c of chosen) {
    if (!c.refer) {
      if (c.type !== 'DURATION' && c.type !== 'SET' && (c.anchor || absoluteDay(c.value))) dated.push(c);
      continue;
    }
    const { unit, amount, suffix } = c.refer;
    c.refer = undefined;
    // The nearest earlier date precise enough for the unit ("the following month" needs a month).
    const needed = PRECISION[unit] ?? 3;
    let ref: { day: Day; precision: number } | null = null;
    let relative: Candidate | null = null;
    for (let i = dated.length - 1; i >= 0 && c.start - dated[i]!.end <= WINDOWS.anaphoraReach; i--) {
      const candidate = dated[i]!;
      const absolute = absoluteDay(candidate.value);
      if (absolute && absolute.precision >= needed) {
        ref = absolute;
        break;
      }
      if (!absolute && candidate.anchor && DAY_UNITS.has(candidate.anchor.unit)) {
        relative = candidate;
        break;
      }
    }
    if (ref) c.value = resolveAnchor({ relation: 'offset', unit, amount }, ref.day) + (suffix ?? '');
    else if (relative?.anchor && unit === 'day' && amount === 0) c.anchor = { ...relative.anchor, suffix };
    else c.anchor = { relation: amount === 0 ? 'same' : 'offset', unit, amount, ...(suffix ? { suffix } : {}) };
    dated.push(c);
  }
  return chosen;
}

/**
 * A clock time without a day ("at 10:35 a.m.") happened on the day the narrative is at: the last day named shortly
 * before it, or else the publication day.
 */
function inheritDays(chosen: Candidate[]): Candidate[] {
  let lastDay: Candidate | null = null;
  for (const c of chosen) {
    const bareClock = c.rule === 'clock' && c.anchor?.unit === 'day' && c.anchor.relation === 'same';
    if (bareClock && lastDay && c.start - lastDay.end <= WINDOWS.clockDayReach) {
      const suffix = c.anchor?.suffix;
      if (lastDay.anchor) c.anchor = { ...lastDay.anchor, suffix };
      else {
        c.value = `${lastDay.value}${suffix ?? ''}`;
        c.anchor = undefined;
      }
    } else if (
      c.rule !== 'clock' &&
      (c.anchor ? DAY_UNITS.has(c.anchor.unit) : /^\d{4}-\d{2}-\d{2}$/.test(c.value ?? ''))
    ) {
      lastDay = c;
    }
  }
  return chosen;
}

/**
 * Resolve an expression's anchor against a publication date: the concrete TIMEX3 value when the date is known, the
 * symbolic value otherwise. Absolute expressions come back unchanged.
 */
export function resolveTemporalExpression(expr: TemporalExpression, publishedAt: string | null): TemporalExpression {
  if (!expr.anchor) return expr;
  const day = parseDay(publishedAt);
  return { ...expr, value: day ? resolveAnchor(expr.anchor, day) : symbolicValue(expr.anchor) };
}

/** Find and normalise the temporal expressions of a text (TIMEX3 values, anchored on the publication date). */
export function findTemporalExpressions(text: string, options: TemporalOptions): TemporalExpression[] {
  return inheritDays(resolveAnaphora(select(collect(text)))).map((c) => {
    const expr: TemporalExpression = {
      start: c.start,
      end: c.end,
      text: text.slice(c.start, c.end),
      type: c.type,
      value: c.value ?? '',
      anchor: c.anchor ?? null,
      rule: c.rule,
    };
    return resolveTemporalExpression(expr, options.publishedAt);
  });
}
