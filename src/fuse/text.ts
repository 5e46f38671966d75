/**
 * Light lemmatisation for alignment: content terms of a passage (concept classes first, then a crude suffix stem),
 * and counted quantities ("12 shipping containers", "fourteen containers"). Hand-written because alignment needs
 * only a few suffix rules and the concept classes; a full stemmer would not join "spotted" and "seen" anyway.
 */
import { CONCEPTS, NON_COUNT_UNITS, NUMBER_WORDS, STOPWORDS } from './patterns.ts';

const CONCEPT_OF = new Map<string, string>();
for (const [concept, words] of Object.entries(CONCEPTS)) for (const w of words) CONCEPT_OF.set(w, `~${concept}`);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/** Crude English suffix stripping, enough to join "trains"/"train", "loaded"/"loading"/"load". */
export function lightStem(word: string): string {
  let w = word.replace(/['’]s$/u, '').replace(/['’]$/u, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  return w;
}

/** The alignment term of one word: its concept (`~weapon`) or its stem; null for stopwords. */
export function termOf(word: string): string | null {
  const lower = word.toLowerCase().replace(/’/g, "'");
  if (STOPWORDS.has(lower)) return null;
  const bare = lower.replace(/'s$/, '');
  const concept = CONCEPT_OF.get(bare) ?? CONCEPT_OF.get(lightStem(bare));
  if (concept) return concept;
  if (/^\d/.test(bare)) return null; // numbers are compared as quantities and dates, not as words
  if (bare.length < 3) return null;
  return lightStem(bare);
}

/** Distinct content terms of a text. */
export function contentTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const m of text.matchAll(WORD)) {
    const term = termOf(m[0]);
    if (term) terms.add(term);
    // Hyphenated compounds count by their parts too ("Russia-bound", "cross-border").
    if (m[0].includes('-'))
      for (const part of m[0].split('-')) {
        const t = termOf(part);
        if (t) terms.add(t);
      }
  }
  return [...terms];
}

export interface CountedQuantity {
  start: number;
  end: number;
  text: string;
  value: number;
  /** The stem of the counted noun (`container`, `horse`). */
  unit: string;
}

/**
 * Counts in a text: a numeral or number word followed within three words by the counted noun (the first plural,
 * else the next word). Years, clock times, durations and percentages are not counts.
 */
export function countedQuantities(text: string, offset = 0): CountedQuantity[] {
  const out: CountedQuantity[] = [];
  const words = [...text.matchAll(WORD)];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word[0].toLowerCase();
    let value: number | null = null;
    if (/^\d{1,3}(?:,\d{3})*(?:\.\d+)?$/.test(lower)) value = Number(lower.replace(/,/g, ''));
    else if (NUMBER_WORDS[lower] !== undefined) value = NUMBER_WORDS[lower]!;
    if (value === null) continue;
    // "06:30", "9,000-strong": a clock reading or a compound is not a bare count.
    const after = text.charAt((word.index ?? 0) + word[0].length);
    if (after === ':' || (after === '-' && /^\d/.test(lower))) continue;
    const next = words.slice(i + 1, i + 4);
    if (!next.length || NON_COUNT_UNITS.has(next[0]![0].toLowerCase())) continue;
    const plural = next.find((w) => /[a-z]s$/i.test(w[0]) && !STOPWORDS.has(w[0].toLowerCase()));
    const noun = plural ?? next[0]!;
    const unitWord = noun[0].toLowerCase();
    if (NON_COUNT_UNITS.has(unitWord) || STOPWORDS.has(unitWord) || /^\d/.test(unitWord)) continue;
    const start = word.index ?? 0;
    const end = (noun.index ?? 0) + noun[0].length;
    out.push({
      start: offset + start,
      end: offset + end,
      text: text.slice(start, end),
      value,
      unit: lightStem(unitWord),
    });
  }
  return out;
}

/** Overlap of two term sets: the share of the smaller set found in the larger (robust to long vs short wording). */
export function overlap(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const small = a.length <= b.length ? a : b;
  const large = new Set(a.length <= b.length ? b : a);
  let both = 0;
  for (const t of small) if (large.has(t)) both++;
  return both / small.length;
}

/** Dice coefficient of two term sets. */
export function dice(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const setB = new Set(b);
  let both = 0;
  for (const t of new Set(a)) if (setB.has(t)) both++;
  return (2 * both) / (new Set(a).size + setB.size);
}
