/**
 * Entities of one document: the tagger finds mentions, the gazetteer names them, and mentions of one entity are
 * gathered under a canonical id (`country:PRK`, `org:us-state-department`, `person:john-kirby`) with the surface
 * forms seen, the spans, and the titles or roles the text gives.
 */
import type { Entity, EntityMention, EntityRole, EntityType } from '../../model.ts';
import { splitSentences, type Token } from '../text/tokens.ts';
import {
  type Gazetteer,
  type GazetteerEntry,
  type GazetteerPhrase,
  gazetteer,
  normaliseToken,
  type PhraseMatch,
  slug,
} from './gazetteer.ts';
import { findRole } from './roles.ts';
import { tagSentences } from './tagger.ts';

export { gazetteer } from './gazetteer.ts';
export { tagSentences } from './tagger.ts';

/** A mention before linking: a token range of one sentence, or part of a token ("Russia" in "Russia-bound"). */
interface Candidate {
  sentence: number;
  first: number;
  /** Inclusive. */
  last: number;
  start: number;
  end: number;
  /** Tagger type (`PER`, `ORG`, `LOC`, `MISC`) or null for gazetteer-only mentions. */
  tagged: string | null;
  phrase: GazetteerPhrase | null;
  match?: string;
}

interface SentenceInfo {
  tokens: Token[];
  words: string[];
  tags: string[];
  matches: PhraseMatch[];
}

/** Lists whose single words are names even when they open a sentence. */
const SURE_ALONE = new Set(['country', 'capital', 'organ', 'media', 'person']);

const TYPE_OF_TAG: Record<string, EntityType> = { PER: 'person', ORG: 'organisation', LOC: 'place', MISC: 'other' };
const PREFIX_OF_TYPE: Record<EntityType, string> = {
  person: 'person',
  organisation: 'org',
  place: 'place',
  other: 'other',
};

/** Quotes as the tagger's training text writes them. */
function taggerWord(word: string): string {
  if (word === '“' || word === '”' || word === '„') return '"';
  if (word === '‘' || word === '’') return "'";
  return word.replace(/’/g, "'");
}

/** Find the entities of a text: mentions linked to canonical entities, with aliases and roles. */
export function findEntities(text: string): Entity[] {
  const gaz = gazetteer();
  const sentences: SentenceInfo[] = splitSentences(text).map((s) => ({
    tokens: s.tokens,
    words: s.tokens.map((t) => taggerWord(t.text)),
    tags: [],
    matches: [],
  }));
  const tags = tagSentences(sentences.map((s) => s.words));
  sentences.forEach((s, i) => {
    s.tags = tags[i]!;
    s.matches = gaz.matchLongest(s.words);
    namesAfterTitles(gaz, s);
    nameParticles(s);
  });
  const candidates = sentences.flatMap((s, i) => sentenceCandidates(gaz, s, i));
  return link(text, gaz, sentences, candidates);
}

function chunksOf(tags: readonly string[]): { type: string; first: number; last: number }[] {
  const out: { type: string; first: number; last: number }[] = [];
  tags.forEach((tag, i) => {
    if (tag === 'O') return;
    const type = tag.slice(2);
    const current = out[out.length - 1];
    if (tag.startsWith('I-') && current && current.type === type && current.last === i - 1) current.last = i;
    else out.push({ type, first: i, last: i });
  });
  return out;
}

function isInitial(s: SentenceInfo, i: number): boolean {
  return i === 0 || /^["“‘(:—–-]$/.test(s.words[i - 1]!);
}

function sentenceCandidates(gaz: Gazetteer, s: SentenceInfo, si: number): Candidate[] {
  const matches = s.matches;
  const out: Candidate[] = [];
  const covered = new Uint8Array(s.words.length);
  const span = (first: number, last: number) => ({ start: s.tokens[first]!.start, end: s.tokens[last]!.end });
  const fromMatch = (m: (typeof matches)[number], tagged: string | null): Candidate => ({
    sentence: si,
    first: m.start,
    last: m.end - 1,
    ...span(m.start, m.end - 1),
    tagged,
    phrase: m.phrase,
  });
  for (const chunk of chunksOf(s.tags)) {
    // A name has letters or digits; a tag on punctuation alone is noise.
    if (!s.words.slice(chunk.first, chunk.last + 1).some((w) => /[\p{L}\p{N}]/u.test(w))) continue;
    let { first } = chunk;
    const { last, type } = chunk;
    // Titles the tagger took into a name ("Gen. Pat Ryder") are roles, not the name.
    if (type === 'PER') while (first < last && isTitleWord(gaz, s.words[first]!)) first++;
    if (/^the$/i.test(s.words[first]!) && first < last) first++;
    // A known name that the tagger only partly covered ("38 North" tagged "North"): the known name.
    const around = matches.find((m) => m.start <= first && m.end - 1 >= last && m.end - m.start > last - first + 1);
    if (around) {
      out.push(fromMatch(around, type));
      for (let i = around.start; i < around.end; i++) covered[i] = 1;
      continue;
    }
    const inside = matches.filter((m) => m.start >= first && m.end - 1 <= last);
    const exact = inside.find((m) => m.start === first && m.end - 1 === last);
    if (exact) out.push(fromMatch(exact, type));
    else if (inside.length > 0 && restIsNotAName(gaz, s, first, last, inside)) {
      // "North Korean Russia-bound", "Pentagon Press Secretary", "Facebook and Google News": the known names only.
      for (const m of inside) out.push(fromMatch(m, null));
      for (let i = first; i <= last; i++) {
        if (!inside.some((m) => i >= m.start && i < m.end)) out.push(...hyphenParts(gaz, s, si, i));
      }
    } else if (first === last && hyphenPrefix(gaz, s.words[first]!)) {
      out.push(...hyphenParts(gaz, s, si, first)); // "Iranian-made": Iran
    } else out.push({ sentence: si, first, last, ...span(first, last), tagged: type, phrase: null });
    for (let i = chunk.first; i <= chunk.last; i++) covered[i] = 1;
  }
  for (const m of matches) {
    if (covered.subarray(m.start, m.end).some((c) => c)) continue;
    // A known name the tagger left out. A single capitalised word opening a sentence is too often a common word
    // ("Nice", "Shell"), unless it names a country, a capital, a state organ, a news medium or a known person.
    const strong =
      m.end - m.start > 1 || !isInitial(s, m.start) || m.phrase.exactCase || SURE_ALONE.has(m.phrase.category);
    if (strong && m.phrase.category !== 'language') out.push(fromMatch(m, null));
    for (let i = m.start; i < m.end; i++) covered[i] = 1;
  }
  for (let i = 0; i < s.words.length; i++) {
    if (covered[i]) continue;
    out.push(...hyphenParts(gaz, s, si, i));
    // A misspelt known name the tagger did not see: capitalised, not opening the sentence, long enough.
    const word = s.words[i]!;
    if (!isInitial(s, i) && /^\p{Lu}\p{Ll}{5,}$/u.test(word)) {
      const phrase = fuzzyLookup(gaz, word);
      if (phrase) out.push({ sentence: si, first: i, last: i, ...span(i, i), tagged: null, phrase, match: 'fuzzy' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A capitalised name right after a title ("Brig. Gen. Pat Ryder", "President Zelensky") is a person, whatever the
 * tagger made of it: news titles are longer than the tagger's training text had them.
 */
function namesAfterTitles(gaz: Gazetteer, s: SentenceInfo): void {
  for (let i = 1; i < s.words.length; i++) {
    if (!gaz.personTitles.has(s.words[i - 1]!) || s.tags[i]!.endsWith('PER')) continue;
    if (!/^\p{Lu}\p{Ll}/u.test(s.words[i]!) || isTitleWord(gaz, s.words[i]!)) continue;
    if (s.matches.some((m) => i >= m.start && i < m.end)) continue;
    let j = i;
    while (
      j + 1 < s.words.length &&
      j - i < 2 &&
      /^\p{Lu}\p{Ll}/u.test(s.words[j + 1]!) &&
      !isTitleWord(gaz, s.words[j + 1]!)
    )
      j++;
    s.tags[i] = 'B-PER';
    for (let k = i + 1; k <= j; k++) s.tags[k] = 'I-PER';
    // What the tagger had begun there does not continue past the name.
    if (j + 1 < s.words.length && s.tags[j + 1]!.startsWith('I-')) s.tags[j + 1] = `B-${s.tags[j + 1]!.slice(2)}`;
    i = j;
  }
}

const PARTICLES = new Set([
  'von',
  'van',
  'der',
  'den',
  'de',
  'da',
  'di',
  'del',
  'della',
  'la',
  'le',
  'bin',
  'ibn',
  'al',
  'dos',
  'du',
  'ter',
]);

/** "Ursula von der Leyen": lower-case particles and the capitalised name after them belong to the person. */
function nameParticles(s: SentenceInfo): void {
  for (let i = 1; i < s.words.length; i++) {
    if (!s.tags[i - 1]!.endsWith('PER') || !PARTICLES.has(s.words[i]!)) continue;
    let j = i;
    while (j < s.words.length && PARTICLES.has(s.words[j]!)) j++;
    if (j >= s.words.length || !/^\p{Lu}/u.test(s.words[j]!) || s.tags[j]!.startsWith('B-')) continue;
    for (let k = i; k <= j; k++) s.tags[k] = 'I-PER';
    i = j;
  }
}

function isTitleWord(gaz: Gazetteer, word: string): boolean {
  return gaz.personTitles.has(word) || gaz.roleWords.has(word.toLowerCase());
}

function restIsNotAName(
  gaz: Gazetteer,
  s: SentenceInfo,
  first: number,
  last: number,
  inside: readonly { start: number; end: number }[],
): boolean {
  for (let i = first; i <= last; i++) {
    if (inside.some((m) => i >= m.start && i < m.end)) continue;
    const word = s.words[i]!;
    if (/^\p{Ll}/u.test(word) && word.length <= 4) continue; // "and", "of"
    if (isTitleWord(gaz, word)) continue;
    if (hyphenPrefix(gaz, word)) continue;
    return false;
  }
  return true;
}

/** "Russia-bound", "U.S.-led": the known name before the hyphen. */
function hyphenPrefix(gaz: Gazetteer, word: string): GazetteerPhrase | null {
  const dash = word.indexOf('-');
  if (dash < 2) return null;
  const head = word.slice(0, dash);
  return gaz.lookupExact([head]);
}

function hyphenParts(gaz: Gazetteer, s: SentenceInfo, si: number, i: number): Candidate[] {
  const phrase = hyphenPrefix(gaz, s.words[i]!);
  if (!phrase || phrase.category === 'language') return [];
  const start = s.tokens[i]!.start;
  const end = start + s.words[i]!.indexOf('-');
  return [{ sentence: si, first: i, last: i, start, end, tagged: null, phrase }];
}

// ---------------------------------------------------------------------------------------------------------------
// Typo-robust lookup

/** Optimal string alignment distance, giving up above `limit`. Rows are reused: this runs for many words. */
let rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (b.length + 1 > rows[0]!.length) rows = rows.map(() => new Int32Array(b.length + 1));
  let [prevPrev, prev, row] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return prev[b.length]!;
}

/**
 * A known name within a small edit distance of `surface` ("Russiaie" → Russia), when exactly one entity is that
 * close. Short words are never corrected (too many real words lie one edit from a short name), and the first
 * letter must agree.
 */
export function fuzzyLookup(gaz: Gazetteer, surface: string): GazetteerPhrase | null {
  if (surface.length < 6) return null;
  const limit = surface.length >= 8 ? 2 : 1;
  const lower = surface.toLowerCase();
  let best = limit + 1;
  let found: GazetteerPhrase[] = [];
  for (const candidate of gaz.fuzzyCandidates.get(lower[0]!) ?? []) {
    const other = candidate.lower;
    if (Math.abs(other.length - lower.length) > limit) continue;
    const d = editDistance(lower, other, Math.min(limit, best));
    if (d < best) {
      best = d;
      found = [candidate.phrase];
    } else if (d === best && d <= limit) found.push(candidate.phrase);
  }
  if (best === 0 || best > limit) return null;
  const ids = new Set(found.map((p) => p.entry.id));
  return ids.size === 1 ? found[0]! : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Linking

function link(text: string, gaz: Gazetteer, sentences: SentenceInfo[], candidates: Candidate[]): Entity[] {
  const entities = new Map<string, Entity>();
  const add = (entry: { id: string; name: string; type: EntityType }, c: Candidate, match: string): Entity => {
    let entity = entities.get(entry.id);
    if (!entity) {
      entity = { id: entry.id, name: entry.name, type: entry.type, aliases: [], mentions: [], roles: [] };
      entities.set(entry.id, entity);
    }
    const surface = text.slice(c.start, c.end);
    if (!entity.aliases.includes(surface)) entity.aliases.push(surface);
    const mention: EntityMention = { start: c.start, end: c.end, text: surface, match };
    entity.mentions.push(mention);
    return entity;
  };
  const surfaceOf = (c: Candidate) => sentences[c.sentence]!.words.slice(c.first, c.last + 1);

  // Known names first, then a typo-robust match of what the tagger found, then new entities.
  const people: Candidate[] = [];
  for (const c of candidates) {
    let phrase = c.phrase;
    let match = c.match;
    if (!phrase && c.tagged) {
      phrase = gaz.lookupExact(surfaceOf(c));
      if (!phrase && c.first === c.last) {
        phrase = fuzzyLookup(gaz, surfaceOf(c)[0]!);
        if (phrase) match = 'fuzzy';
      }
    }
    if (phrase) {
      const entry = resolveOrgan(gaz, phrase.entry, sentences[c.sentence]!, c.first);
      const surface = text.slice(c.start, c.end);
      const entity = add(entry, c, match ?? (surface === entry.name ? 'exact' : phrase.match));
      if (entity.type === 'person') addRole(text, gaz, entity, sentences[c.sentence]!, c);
      continue;
    }
    if (c.tagged === 'PER') people.push(c);
    else if (c.tagged) {
      const name = text.slice(c.start, c.end);
      const type = TYPE_OF_TAG[c.tagged]!;
      add({ id: `${PREFIX_OF_TYPE[type]}:${slug(name)}`, name, type }, c, 'exact');
    }
  }
  const knownPeople = [...entities.values()].filter((e) => e.type === 'person');
  linkPeople(text, sentences, people, knownPeople, add, gaz);
  const ordered = [...entities.values()];
  for (const entity of ordered) entity.mentions.sort((a, b) => a.start - b.start);
  return ordered.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
}

/** "Foreign Ministry" after "Russian" or "Russia's" is Russia's; else it stays generic. */
function resolveOrgan(gaz: Gazetteer, entry: GazetteerEntry, s: SentenceInfo, first: number): GazetteerEntry {
  if (!entry.id.startsWith('org:') || entry.country || !gaz.isStateOrgan(entry.id)) return entry;
  let i = first - 1;
  if (i >= 0 && /^['’]s$/.test(s.words[i]!)) i--;
  for (let from = Math.max(0, i - 2); from <= i; from++) {
    const phrase = gaz.lookupExact(s.words.slice(from, i + 1));
    if (phrase && (phrase.category === 'country' || phrase.category === 'demonym')) {
      const country = phrase.entry;
      return {
        id: `${entry.id}-${country.country!.toLowerCase()}`,
        name: `${entry.name} of ${country.name}`,
        type: 'organisation',
        country: country.country,
      };
    }
  }
  return entry;
}

/**
 * People: full names give the canonical entity; a mention that is only a last name (or a first name) of one full
 * name in the document links to it ("Kirby" → John Kirby).
 */
function linkPeople(
  text: string,
  sentences: SentenceInfo[],
  people: Candidate[],
  knownPeople: readonly Entity[],
  add: (entry: { id: string; name: string; type: EntityType }, c: Candidate, match: string) => Entity,
  gaz: Gazetteer,
): void {
  const words = (c: Candidate) =>
    sentences[c.sentence]!.words.slice(c.first, c.last + 1).filter((w) => !/^['’]s$/.test(w));
  const full = people.filter((c) => words(c).length > 1);
  // Normalised full name → the entity it names: people of the gazetteer seen in this document, then full names.
  const names = new Map<string, { id: string; name: string }>();
  for (const person of knownPeople) {
    const key = person.name.split(/\s+/).map(normaliseToken).join(' ');
    if (key.includes(' ')) names.set(key, { id: person.id, name: person.name });
  }
  for (const c of full) {
    const key = words(c).map(normaliseToken).join(' ');
    const written = text.slice(c.start, c.end);
    if (!names.has(key)) names.set(key, { id: `person:${slug(written)}`, name: written });
  }
  for (const c of people) {
    const w = words(c).map(normaliseToken);
    const written = text.slice(c.start, c.end);
    let person = { id: `person:${slug(written)}`, name: written };
    let match = 'exact';
    if (w.length === 1) {
      const owners = [...names.keys()].filter((key) => {
        const parts = key.split(' ');
        return parts[parts.length - 1] === w[0] || parts[0] === w[0];
      });
      if (owners.length === 1) {
        person = names.get(owners[0]!)!;
        match = 'partial-name';
      } else if (isInitial(sentences[c.sentence]!, c.first)) {
        // One capitalised word opening a sentence, and nobody of that name in the document: more likely a common
        // word ("Photo: …") than a person named by surname alone before being introduced.
        continue;
      }
    }
    const entity = add({ ...person, type: 'person' }, c, match);
    addRole(text, gaz, entity, sentences[c.sentence]!, c);
  }
}

function addRole(text: string, gaz: Gazetteer, entity: Entity, s: SentenceInfo, c: Candidate): void {
  const role: EntityRole | null = findRole(text, gaz, s, c.first, c.last);
  if (role && !entity.roles.some((r) => r.start === role.start)) entity.roles.push(role);
}
