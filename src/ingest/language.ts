/**
 * Language of a document: franc's trigram detector, mapped from ISO 639-3 to the two-letter code where one exists.
 * `franc-min` (the 82 languages with 8M+ speakers — every language with a sizeable press) is about three times
 * faster than full franc, which matters at hundreds of documents a second.
 */
import { franc } from 'franc-min';
import { iso6393To1 } from 'iso-639-3';

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
  const code = franc(sample, { minLength: MIN_CHARS });
  if (code === 'und') return normaliseHint(hint) ?? 'und';
  return iso6393To1[code] ?? code;
}

/** `<html lang="en-GB">` → `en`. */
function normaliseHint(hint: string | null | undefined): string | null {
  const match = hint ? /^([a-z]{2,3})\b/i.exec(hint.trim()) : null;
  return match ? match[1]!.toLowerCase() : null;
}
