/**
 * Language of a document: franc's trigram detector, mapped from ISO 639-3 to the two-letter code where one exists.
 * `franc-min` (the 82 languages with 8M+ speakers — every language with a sizeable press) is about three times
 * faster than full franc, which matters at hundreds of documents a second.
 */
import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';
import { iso6393To1 } from 'iso-639-3';
import { asTuples } from 'trigram-utils';

/** franc is unreliable on very short text; below this it answers `und` rather than guess. */
const MIN_CHARS = 40;
/**
 * franc's cost grows with the trigrams it compares against each language; a few sentences decide the language of
 * an article as well as the whole text does, at a fraction of the time.
 */
const SAMPLE_CHARS = 400;

export function detectLanguage(text: string, hint?: string | null): string {
  const sample = text.slice(0, SAMPLE_CHARS);
  if (sample.replace(/\s+/g, '').length < MIN_CHARS) return normaliseHint(hint) ?? 'und';
  const code = francTop(sample, MIN_CHARS);
  if (code === 'und') return normaliseHint(hint) ?? 'und';
  return iso6393To1[code] ?? code;
}

/** `<html lang="en-GB">` → `en`. */
function normaliseHint(hint: string | null | undefined): string | null {
  const match = hint ? /^([a-z]{2,3})\b/i.exec(hint.trim()) : null;
  return match ? match[1]!.toLowerCase() : null;
}

// ---------------------------------------------------------------------------------------------------------------
// franc's answer, computed from its own data and trigrams, with the languages' models inverted: per trigram of the
// text, the languages that have it, instead of every language looked up for every trigram (a tenth of the work, and
// a tenth of an analysed document's time was franc). Written here because franc has no such mode; it gives franc's
// answer exactly (the distances are integer sums, ties go to the first language in franc's order) — the tests
// compare the two on real articles.

/** franc's penalty for a trigram a language's model lacks. */
const MAX_DIFFERENCE = 300;
/** franc reads at most this much of a text. */
const FRANC_MAX_LENGTH = 2048;

interface ScriptModels {
  /** In franc's order, which breaks ties. */
  languages: string[];
  /** Per trigram: pairs of (language index, the trigram's rank in that language's model). */
  byTrigram: Map<string, number[]>;
}

let models: Map<string, ScriptModels> | null = null;

function scriptModels(): Map<string, ScriptModels> {
  if (models) return models;
  models = new Map();
  for (const [script, languages] of Object.entries(data)) {
    const byTrigram = new Map<string, number[]>();
    const names = Object.keys(languages);
    names.forEach((name, index) => {
      const ranks = new Map<string, number>();
      const trigrams = languages[name]!.split('|');
      // A trigram listed twice keeps its first rank, as in franc.
      for (let rank = trigrams.length - 1; rank >= 0; rank--) ranks.set(trigrams[rank]!, rank);
      for (const [trigram, rank] of ranks) {
        const pairs = byTrigram.get(trigram);
        if (pairs) pairs.push(index, rank);
        else byTrigram.set(trigram, [index, rank]);
      }
    });
    models.set(script, { languages: names, byTrigram });
  }
  return models;
}

/** The ISO 639-3 code franc gives `value` (with `minLength`), or `und`. */
export function francTop(value: string, minLength: number): string {
  if (!value || value.length < minLength) return 'und';
  value = value.slice(0, FRANC_MAX_LENGTH);
  // The script whose characters occur the most.
  let script: string | undefined;
  let topCount = -1;
  for (const [name, expression] of Object.entries(expressions)) {
    const count = (value.match(expression)?.length ?? 0) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      script = name;
    }
  }
  const scripts = scriptModels();
  const found = script === undefined ? undefined : scripts.get(script);
  if (!found) return script === undefined || topCount === 0 ? 'und' : script;
  const tuples = asTuples(value);
  const distances = new Array<number>(found.languages.length).fill(tuples.length * MAX_DIFFERENCE);
  for (const [trigram, count] of tuples) {
    const pairs = found.byTrigram.get(trigram);
    if (!pairs) continue;
    for (let k = 0; k < pairs.length; k += 2)
      distances[pairs[k]!]! += Math.abs(count - pairs[k + 1]! - 1) - MAX_DIFFERENCE;
  }
  let best = 0;
  for (let i = 1; i < distances.length; i++) if (distances[i]! < distances[best]!) best = i;
  return found.languages[best]!;
}
