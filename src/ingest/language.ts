/** Language of a document: franc's trigram detector, mapped from ISO 639-3 to the two-letter code where one exists. */
import { franc } from 'franc';
import { iso6393To1 } from 'iso-639-3';

/** franc is unreliable on very short text; below this it answers `und` rather than guess. */
const MIN_CHARS = 40;

export function detectLanguage(text: string, hint?: string | null): string {
  const sample = text.slice(0, 4000);
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
