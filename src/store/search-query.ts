/**
 * A user's search box text → an FTS5 MATCH expression that cannot be a syntax error. Users type words, "quoted
 * phrases", `OR` between alternatives and `word*` for a prefix; everything else FTS5 would read as syntax (column
 * filters, NEAR, parentheses, stray quotes, `AND`/`NOT` at the wrong place) is taken as plain words. Pure.
 */

/** Highlight delimiters in snippets: private-use characters, which never occur in news text and are not markup. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

const WORD = /[\p{L}\p{N}]+/gu;
const PIECE = /"([^"]*)"?|(\S+)/g;

/** The MATCH expression for `input`, or null when it holds no searchable word. */
export function toFtsQuery(input: string): string | null {
  const parts: string[] = [];
  let pendingOr = false;
  for (const match of input.replaceAll(MARK_START, ' ').replaceAll(MARK_END, ' ').matchAll(PIECE)) {
    const [, quoted, bare] = match;
    if (bare === 'OR') {
      pendingOr = parts.length > 0;
      continue;
    }
    if (bare === 'AND') continue;
    const words = (quoted ?? bare ?? '').match(WORD);
    if (!words) continue;
    const prefix = bare?.endsWith('*') ?? false;
    const phrase = `"${words.join(' ')}"${prefix ? '*' : ''}`;
    if (pendingOr) parts.push('OR');
    parts.push(phrase);
    pendingOr = false;
  }
  return parts.length ? parts.join(' ') : null;
}

/** Split text carrying MARK_START/MARK_END delimiters into plain text and the highlighted spans within it. */
export function splitMarks(marked: string): { text: string; highlights: { start: number; end: number }[] } {
  let text = '';
  const highlights: { start: number; end: number }[] = [];
  let open = -1;
  for (const char of marked) {
    if (char === MARK_START) open = text.length;
    else if (char === MARK_END) {
      if (open >= 0 && text.length > open) highlights.push({ start: open, end: text.length });
      open = -1;
    } else text += char;
  }
  return { text, highlights };
}
