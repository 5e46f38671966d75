/**
 * Temporal expressions: find time expressions in news text and normalise them to TIMEX3 (TimeML) values.
 *
 * Every rule yields either an absolute value ("Sept. 2022" → `2022-09`, "nearly three years" → `P3Y`) or an
 * anchor relative to the publication date ("said Friday" → the latest Friday at or before it). Anchored
 * expressions go through `resolveTemporalExpression`, the same function a later stage calls once it has inferred a
 * publication date, so the anchored and the unanchored case share one code path.
 *
 * Pipeline: every rule (rules.ts, patterns in patterns.ts) proposes candidates; the longest non-overlapping ones are
 * kept; anaphoric ones ("later that year") take the date the text last named; clock times without a day take the
 * narrative's day; anchors are resolved on the publication date (calendar.ts).
 */
import type { TemporalExpression } from '../../model.ts';
import { type Day, parseDay, resolveAnchor, symbolicValue } from './calendar.ts';
import { CONTEXT, WINDOWS } from './patterns.ts';
import { type Candidate, type Groups, rules } from './rules.ts';

export { durationValue } from './amounts.ts';

export interface TemporalOptions {
  /** Publication date (`2022-11-05`, `2022-11-05T13:33` …) or null when unknown. */
  publishedAt: string | null;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Run every rule over the text: all candidates, overlapping ones included. */
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
  // `chosen` stays sorted by start and free of overlaps, so only the neighbours of the insertion point can overlap.
  const chosen: Candidate[] = [];
  for (const c of sorted) {
    let lo = 0;
    let hi = chosen.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (chosen[mid]!.start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const previous = chosen[lo - 1];
    const next = chosen[lo];
    if ((previous && previous.end > c.start) || (next && next.start < c.end)) continue;
    chosen.splice(lo, 0, c);
  }
  return chosen;
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
