/**
 * Titles and roles written next to a person's name: before it ("White House national security spokesman John
 * Kirby", "Pentagon Press Secretary Air Force Brig. Gen. Pat Ryder") or in apposition after it ("John Kirby, the
 * White House spokesman,"). The vocabulary is `ROLE_WORDS`/`PERSON_TITLES` in `gazetteer-data.ts`.
 */
import type { EntityRole } from '../../model.ts';
import type { Token } from '../text/tokens.ts';
import type { Gazetteer, PhraseMatch } from './gazetteer.ts';

const NAMED = new Set(['organisation', 'organ', 'media', 'country', 'demonym', 'capital']);
const FUNCTION_WORDS = new Set(['of', 'the', 'a', 'an', 'and', 'for']);
const POSSESSIVE = /^['’]s$/;

export interface RoleContext {
  tokens: readonly Token[];
  words: readonly string[];
  tags: readonly string[];
  matches: readonly PhraseMatch[];
}

/** The role of the person named by tokens `first..last` (inclusive), or null. */
export function findRole(text: string, gaz: Gazetteer, s: RoleContext, first: number, last: number): EntityRole | null {
  return roleBefore(text, gaz, s, first) ?? roleAfter(text, gaz, s, last);
}

function isRoleWord(gaz: Gazetteer, word: string): boolean {
  return gaz.personTitles.has(word) || gaz.roleWords.has(word.toLowerCase());
}

function matchEndingAt(s: RoleContext, i: number): PhraseMatch | undefined {
  return s.matches.find((m) => m.end - 1 === i && NAMED.has(m.phrase.category));
}

function matchStartingAt(s: RoleContext, i: number): PhraseMatch | undefined {
  return s.matches.find((m) => m.start === i && NAMED.has(m.phrase.category));
}

function roleBefore(text: string, gaz: Gazetteer, s: RoleContext, first: number): EntityRole | null {
  let from = first;
  let i = first - 1;
  while (i >= 0) {
    const word = s.words[i]!;
    const match = matchEndingAt(s, i);
    if (match) {
      from = match.start;
      i = match.start - 1;
    } else if (isRoleWord(gaz, word) || (s.tags[i] !== 'O' && s.tags[i] !== undefined && !s.tags[i]!.endsWith('PER'))) {
      from = i;
      i--;
    } else if (POSSESSIVE.test(word) && i > 0 && (matchEndingAt(s, i - 1) || s.tags[i - 1] !== 'O')) {
      from = i;
      i--;
    } else break;
  }
  while (from < first && FUNCTION_WORDS.has(s.words[from]!.toLowerCase())) from++;
  return build(text, gaz, s, from, first - 1);
}

function roleAfter(text: string, gaz: Gazetteer, s: RoleContext, last: number): EntityRole | null {
  if (s.words[last + 1] !== ',') return null;
  let from = last + 2;
  if (from < s.words.length && /^(the|a|an)$/i.test(s.words[from]!)) from++;
  let to = from - 1;
  let i = from;
  while (i < s.words.length) {
    const match = matchStartingAt(s, i);
    if (match) {
      to = match.end - 1;
      i = match.end;
    } else if (isRoleWord(gaz, s.words[i]!) || POSSESSIVE.test(s.words[i]!)) {
      to = i;
      i++;
    } else break;
  }
  // An apposition ends the clause or the sentence: "John Kirby, the spokesman, said" / "… said John Kirby, spokesman."
  const next = s.words[to + 1];
  if (next !== undefined && next !== ',' && next !== '.' && next !== ')') return null;
  while (to >= from && FUNCTION_WORDS.has(s.words[to]!.toLowerCase())) to--;
  return build(text, gaz, s, from, to);
}

function build(text: string, gaz: Gazetteer, s: RoleContext, from: number, to: number): EntityRole | null {
  if (to < from) return null;
  let hasRoleWord = false;
  for (let i = from; i <= to; i++) {
    const inName = s.matches.some((m) => i >= m.start && i < m.end && NAMED.has(m.phrase.category));
    if (!inName && isRoleWord(gaz, s.words[i]!) && !FUNCTION_WORDS.has(s.words[i]!.toLowerCase())) hasRoleWord = true;
  }
  if (!hasRoleWord) return null;
  const start = s.tokens[from]!.start;
  const end = s.tokens[to]!.end;
  return { start, end, text: text.slice(start, end), organisation: organisationIn(s, from, to) };
}

/** The organisation a role belongs to: a known organisation in it, else one the tagger found, else a country. */
function organisationIn(s: RoleContext, from: number, to: number): string | null {
  const inside = s.matches.filter((m) => m.start >= from && m.end - 1 <= to);
  const organisation = inside.find((m) => m.phrase.entry.type === 'organisation');
  if (organisation) return organisation.phrase.entry.name;
  for (let i = from; i <= to; i++) {
    if (s.tags[i] === 'B-ORG') {
      let j = i;
      while (j + 1 <= to && s.tags[j + 1] === 'I-ORG') j++;
      return s.words.slice(i, j + 1).join(' ');
    }
  }
  const country = inside.find((m) => m.phrase.category === 'country' || m.phrase.category === 'demonym');
  return country ? country.phrase.entry.name : null;
}
