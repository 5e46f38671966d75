/**
 * Quantities: a number with what it counts ("30 horses", "four short-range ballistic missiles"), money ("$5 million"),
 * percentages, and vague amounts ("a 'significant' amount of artillery shells"). Years, dates, clock times and
 * durations are temporal expressions, not quantities: spans the temporal tagger claims are left out.
 *
 * Hand-written because no maintained library reads counted noun phrases from English news: compromise and wink-nlp
 * give number tokens or CARDINAL entities, not what the number counts.
 */
import type { Quantity, Span } from '../../model.ts';
import { findTemporalExpressions } from '../temporal/index.ts';
import {
  APPROXIMATORS,
  CURRENCIES,
  IRREGULAR_PLURALS,
  MAX_UNIT_WORDS,
  NAME_BEFORE,
  NOT_COUNTS,
  NOT_NAMES,
  NUMBER_RX,
  NUMBER_WORDS,
  PLURAL_MODIFIERS,
  SCALES,
  STOP_WORDS,
  VAGUE,
  WORD_AFTER,
} from './patterns.ts';

/** "30" → 30, "1,500" → 1500, "twenty-five" → 25, "a dozen" → 12; NaN when not a number. */
function parseNumber(raw: string): number {
  const s = raw.toLowerCase().replace(/^a\s+/, '');
  if (/^[\d,.]+$/.test(s)) return Number(s.replace(/,/g, ''));
  return s.split('-').reduce((sum, part) => sum + (NUMBER_WORDS[part] ?? Number.NaN), 0);
}

const isPluralHead = (word: string) => {
  const w = word.toLowerCase();
  if (IRREGULAR_PLURALS.has(w)) return true;
  return w.length > 3 && /[^s']s$/.test(w) && !/(?:ss|us|is)$/.test(w);
};

/**
 * The counted noun phrase after a number: lowercase words (adjectives, hyphenated compounds) up to a stop word or
 * punctuation, ending on a plural noun: "short-range ballistic missiles into the sea" → "short-range ballistic
 * missiles". Returns the phrase and its end offset, or null.
 */
function countedPhrase(text: string, from: number): { unit: string; end: number } | null {
  let at = from;
  let best: { unit: string; end: number } | null = null;
  const words: string[] = [];
  for (let i = 0; i < MAX_UNIT_WORDS; i++) {
    const match = WORD_AFTER.exec(text.slice(at, at + 60));
    if (!match) break;
    const word = match[1]!;
    const lower = word.toLowerCase();
    if (STOP_WORDS.has(lower) || (i === 0 && word[0] !== word[0]!.toLowerCase())) break;
    words.push(word);
    at += match[0].length;
    // The first plural noun heads the phrase ("three democracies helps" counts democracies).
    if (isPluralHead(word) && !PLURAL_MODIFIERS.has(lower)) {
      best = { unit: words.join(' '), end: at };
      break;
    }
  }
  if (best && NOT_COUNTS.has(best.unit.split(' ').pop()!.toLowerCase())) return null;
  return best;
}

export interface QuantityOptions {
  /** Temporal expressions already found in the text (saves finding them again). */
  temporal?: Span[];
}

/** Find the quantities of a text, in text order. */
export function findQuantities(text: string, options: QuantityOptions = {}): Quantity[] {
  const temporal = options.temporal ?? findTemporalExpressions(text, { publishedAt: null });
  const taken = (start: number, end: number) => temporal.some((t) => t.start < end && start < t.end);
  const found: Quantity[] = [];

  NUMBER_RX.lastIndex = 0;
  for (let m = NUMBER_RX.exec(text); m; m = NUMBER_RX.exec(text)) {
    const g = m.groups ?? {};
    const numStart = m.index + m[0].indexOf(g.num!);
    let value = parseNumber(g.num!);
    if (!Number.isFinite(value)) continue;
    // Identifiers and ranks glued to the number: "F-16", "38th", "G7", "1990s".
    const after = text[m.index + m[0].length] ?? '';
    if (/[\w-]/.test(after) && !g.pct) continue;
    if (taken(numStart, numStart + g.num!.length)) continue;
    // A number right after a name is a designation, not a count: "Boeing 737 jets", "Resolution 1441", "Route 66".
    const before = NAME_BEFORE.exec(text.slice(Math.max(0, m.index - 30), m.index));
    if (before && !g.approx && !g.cur && !NOT_NAMES.has(before[1]!)) continue;
    if (g.scale) value *= SCALES[g.scale.toLowerCase()] ?? 1;
    const qualifier = g.approx ? (APPROXIMATORS[g.approx.toLowerCase().replace(/\s+/g, ' ')] ?? null) : null;
    let end = m.index + m[0].length;
    let unit: string | null = null;
    if (g.pct) unit = '%';
    else if (g.cur) unit = CURRENCIES[g.cur.toLowerCase()] ?? g.cur;
    else {
      const currencyWord = /^\s+([A-Za-z]+)/.exec(text.slice(end, end + 20));
      const word = currencyWord?.[1]?.toLowerCase() ?? '';
      const code = CURRENCIES[word] ?? (word === 'cents' || word === 'cent' ? 'USD' : undefined);
      if (code) {
        if (word.startsWith('cent')) value /= 100;
        unit = code;
        end += currencyWord![0].length;
      } else {
        const phrase = countedPhrase(text, end);
        if (!phrase || taken(end, phrase.end)) continue;
        unit = phrase.unit;
        end = phrase.end;
      }
    }
    const start = m.index;
    found.push({ start, end, text: text.slice(start, end), value, unit, qualifier });
  }

  for (const rx of [VAGUE.plural, VAGUE.amount]) {
    rx.lastIndex = 0;
    for (let m = rx.exec(text); m; m = rx.exec(text)) {
      const phrase = countedPhrase(text, m.index + m[0].length - 1);
      if (!phrase) continue;
      const g = m.groups ?? {};
      const qualifier = (g.word ?? g.adj ?? g.noun ?? '').toLowerCase().replace(/\s+/g, ' ');
      const start = m.index;
      if (found.some((q) => q.start < phrase.end && start < q.end)) continue;
      found.push({
        start,
        end: phrase.end,
        text: text.slice(start, phrase.end),
        value: null,
        unit: phrase.unit,
        qualifier,
      });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
