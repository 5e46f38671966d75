/**
 * The gazetteer: known entities indexed by their token sequences, for two uses — membership features for the tagger
 * (which list a token's phrase belongs to) and linking of mentions to canonical entities (`country:PRK`,
 * `org:us-state-department`). Countries come from `world-countries`; everything else from `gazetteer-data.ts`.
 */
import worldCountries, { type Country } from 'world-countries';
import type { EntityType } from '../../model.ts';
import { tokenize } from '../text/tokens.ts';
import {
  CAPITAL_METONYMS,
  CITIES,
  COUNTRY_EXTRA_ALIASES,
  COUNTRY_EXTRA_DEMONYMS,
  FIRST_NAMES,
  KNOWN_ENTITIES,
  KNOWN_PEOPLE,
  ORGANISATION_WORDS,
  PERSON_TITLES,
  REGIONS,
  ROLE_WORDS,
  STATE_ORGANS,
} from './gazetteer-data.ts';

/** Which list a phrase comes from: the tagger sees these as features. */
export type GazetteerCategory =
  | 'country'
  | 'demonym'
  | 'capital'
  | 'city'
  | 'region'
  | 'organisation'
  | 'media'
  | 'organ'
  | 'language'
  | 'person';

export const GAZETTEER_CATEGORIES: readonly GazetteerCategory[] = [
  'country',
  'demonym',
  'capital',
  'city',
  'region',
  'organisation',
  'media',
  'organ',
  'language',
  'person',
];

export interface GazetteerEntry {
  id: string;
  name: string;
  type: EntityType;
  /** For organs and cities: the country's alpha-3 code. */
  country?: string;
}

export interface GazetteerPhrase {
  /** Normalised tokens (see `normaliseToken`). */
  tokens: string[];
  /** The tokens as written, for exact-case phrases. */
  written: string[];
  surface: string;
  entry: GazetteerEntry;
  category: GazetteerCategory;
  /** Short all-capital aliases ("US", "WHO", "AP") match only as written. */
  exactCase: boolean;
  /** How a match links: an alias of the entity, or a capital standing for its government. */
  match: 'alias' | 'metonym' | 'demonym';
}

export interface PhraseMatch {
  start: number;
  /** Exclusive token index. */
  end: number;
  phrase: GazetteerPhrase;
}

// The package is CommonJS whose typings declare an ES default export; at run time the default is the array.
const countries = worldCountries as unknown as Country[];

const normalised = new Map<string, string>();

/** Lower case, typographic apostrophe as ASCII; cached, since the same words recur in every document. */
export function normaliseToken(token: string): string {
  let out = normalised.get(token);
  if (out === undefined) {
    out = token.toLowerCase().replace(/’/g, "'");
    if (normalised.size > 100_000) normalised.clear();
    normalised.set(token, out);
  }
  return out;
}

const LATIN = /^[\p{Script=Latin}\p{N}\s.'’()-]+$/u;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export class Gazetteer {
  /** Phrases by their first normalised token. */
  private readonly byFirst = new Map<string, GazetteerPhrase[]>();
  /** Every entry, by id. */
  readonly entries = new Map<string, GazetteerEntry>();
  /** Long aliases for typo-robust matching, lower-cased, by first letter. */
  readonly fuzzyCandidates = new Map<string, { lower: string; phrase: GazetteerPhrase }[]>();
  readonly firstNames: Set<string>;
  readonly personTitles: Set<string>;
  readonly organisationWords: Set<string>;
  readonly roleWords: Set<string>;
  private readonly stateOrgans = new Set<string>();

  constructor() {
    this.firstNames = new Set(FIRST_NAMES);
    this.personTitles = new Set(PERSON_TITLES);
    this.organisationWords = new Set(ORGANISATION_WORDS);
    this.roleWords = new Set(ROLE_WORDS);
    this.addCountries();
    for (const known of KNOWN_ENTITIES) {
      const type: EntityType = known.kind === 'place' ? 'place' : 'organisation';
      const entry = this.entry({ id: known.id, name: known.name, type, country: known.country });
      const category: GazetteerCategory =
        known.kind === 'media' ? 'media' : known.kind === 'place' ? 'region' : known.country ? 'organ' : 'organisation';
      for (const alias of known.aliases) this.add(alias, entry, category, 'alias');
    }
    for (const person of KNOWN_PEOPLE) {
      const entry = this.entry({ id: `person:${slug(person.name)}`, name: person.name, type: 'person' });
      for (const alias of [person.name, ...person.aliases]) this.add(alias, entry, 'person', 'alias');
    }
    for (const [key, aliases] of Object.entries(STATE_ORGANS)) {
      const entry = this.entry({ id: `org:${key}`, name: aliases[0]!, type: 'organisation' });
      this.stateOrgans.add(entry.id);
      for (const alias of aliases) this.add(alias, entry, 'organ', 'alias');
    }
    for (const [code, cities] of Object.entries(CITIES)) {
      for (const city of cities) {
        const entry = this.entry({ id: `place:${slug(city)}`, name: city, type: 'place', country: code });
        this.add(city, entry, 'city', 'alias');
      }
    }
    for (const region of REGIONS) {
      this.add(region, this.entry({ id: `place:${slug(region)}`, name: region, type: 'place' }), 'region', 'alias');
    }
    for (const phrases of this.byFirst.values()) phrases.sort((a, b) => b.tokens.length - a.tokens.length);
  }

  private addCountries(): void {
    const languages = new Set<string>();
    for (const country of countries) {
      const code = country.cca3;
      const entry = this.entry({ id: `country:${code}`, name: country.name.common, type: 'place', country: code });
      const aliases = new Set<string>([
        country.name.common,
        country.name.official,
        ...(COUNTRY_EXTRA_ALIASES[code] ?? []),
      ]);
      for (const spelling of country.altSpellings) {
        if (spelling.length >= 4 && !spelling.includes(',')) aliases.add(spelling);
      }
      for (const alias of aliases) if (LATIN.test(alias)) this.add(alias, entry, 'country', 'alias');
      const demonyms = new Set<string>(COUNTRY_EXTRA_DEMONYMS[code] ?? []);
      const eng = country.demonyms?.eng;
      for (const demonym of [eng?.m, eng?.f]) {
        if (!demonym) continue;
        demonyms.add(demonym);
        if (/(an|i)$/.test(demonym)) demonyms.add(`${demonym}s`);
      }
      for (const demonym of demonyms) if (LATIN.test(demonym)) this.add(demonym, entry, 'demonym', 'demonym');
      const metonyms = new Set(CAPITAL_METONYMS[code] ?? []);
      for (const capital of metonyms) this.add(capital, entry, 'capital', 'metonym');
      for (const capital of country.capital ?? []) {
        if (metonyms.has(capital) || !LATIN.test(capital)) continue;
        const city = this.entry({ id: `place:${slug(capital)}`, name: capital, type: 'place', country: code });
        this.add(capital, city, 'capital', 'alias');
      }
      for (const language of Object.values<string>(country.languages ?? {})) languages.add(language);
    }
    for (const language of languages) {
      if (!LATIN.test(language) || this.lookupExact(tokenize(language).map((t) => t.text))) continue;
      this.add(
        language,
        this.entry({ id: `other:${slug(language)}`, name: language, type: 'other' }),
        'language',
        'alias',
      );
    }
  }

  private entry(entry: GazetteerEntry): GazetteerEntry {
    const existing = this.entries.get(entry.id);
    if (existing) return existing;
    this.entries.set(entry.id, entry);
    return entry;
  }

  private add(
    alias: string,
    entry: GazetteerEntry,
    category: GazetteerCategory,
    match: GazetteerPhrase['match'],
  ): void {
    const surface = alias.replace(/^the\s+/i, '');
    const written = tokenize(surface).map((t) => t.text);
    const tokens = written.map(normaliseToken);
    if (tokens.length === 0) return;
    const letters = surface.replace(/[^\p{L}]/gu, '');
    const exactCase = letters.length <= 5 && letters === letters.toUpperCase();
    const phrase: GazetteerPhrase = { tokens, written, surface, entry, category, exactCase, match };
    const list = this.byFirst.get(tokens[0]!) ?? [];
    // The first list to name a phrase wins ("Georgia" the country, not the US state), but one phrase may be in
    // several categories.
    if (list.some((p) => p.tokens.join(' ') === tokens.join(' ') && p.category === category)) return;
    list.push(phrase);
    this.byFirst.set(tokens[0]!, list);
    if (surface.length >= 6 && match !== 'demonym' && tokens.length <= 3) {
      const lower = surface.toLowerCase();
      const bucket = this.fuzzyCandidates.get(lower[0]!) ?? [];
      bucket.push({ lower, phrase });
      this.fuzzyCandidates.set(lower[0]!, bucket);
    }
  }

  /** Phrases that match `tokens` exactly (normalised, case rules applied), longest first. */
  private candidates(tokens: readonly string[], at: number): GazetteerPhrase[] {
    const first = tokens[at];
    if (first === undefined) return [];
    return this.byFirst.get(normaliseToken(first)) ?? [];
  }

  private matchesAt(tokens: readonly string[], at: number, phrase: GazetteerPhrase): boolean {
    if (at + phrase.tokens.length > tokens.length) return false;
    for (let k = 0; k < phrase.tokens.length; k++) {
      if (normaliseToken(tokens[at + k]!) !== phrase.tokens[k]) return false;
    }
    if (phrase.exactCase) {
      for (let k = 0; k < phrase.written.length; k++) if (tokens[at + k] !== phrase.written[k]) return false;
      return true;
    }
    // Proper names are written capitalised (or in an all-capitals headline).
    return /^[\p{Lu}\p{N}]/u.test(tokens[at]!);
  }

  /** A generic organ of a state ("Foreign Ministry"), to be resolved to the state named with it. */
  isStateOrgan(id: string): boolean {
    return this.stateOrgans.has(id);
  }

  /** The whole token sequence as one phrase, any category. */
  lookupExact(tokens: readonly string[]): GazetteerPhrase | null {
    for (const phrase of this.candidates(tokens, 0)) {
      if (phrase.tokens.length === tokens.length && this.matchesAt(tokens, 0, phrase)) return phrase;
    }
    return null;
  }

  /** All matches starting at each token, longest first; used for the tagger's features. */
  matchAll(tokens: readonly string[]): PhraseMatch[] {
    const out: PhraseMatch[] = [];
    for (let i = 0; i < tokens.length; i++) {
      for (const phrase of this.candidates(tokens, i)) {
        if (this.matchesAt(tokens, i, phrase)) out.push({ start: i, end: i + phrase.tokens.length, phrase });
      }
    }
    return out;
  }

  /** Non-overlapping longest matches, left to right; used for linking. */
  matchLongest(tokens: readonly string[]): PhraseMatch[] {
    const out: PhraseMatch[] = [];
    for (let i = 0; i < tokens.length; ) {
      const phrase = this.candidates(tokens, i).find((p) => this.matchesAt(tokens, i, p));
      if (phrase) {
        out.push({ start: i, end: i + phrase.tokens.length, phrase });
        i += phrase.tokens.length;
      } else i++;
    }
    return out;
  }
}

let shared: Gazetteer | null = null;

/** The gazetteer, built once per process (a few milliseconds). */
export function gazetteer(): Gazetteer {
  shared ??= new Gazetteer();
  return shared;
}

export { slug };
