/**
 * Provenance: who a statement comes from (its origin) as opposed to the outlet that prints it, and which origins are
 * not independent of each other (one government's ministries and spokespeople; a person and their organisation).
 */
import { editDistance } from '../analyse/entities/index.ts';
import type { Document, Entity, Observation } from '../model.ts';
import { GOVERNMENT_OF, GOVERNMENT_WORDS } from './patterns.ts';
import type { Origin } from './types.ts';

/** Lower case, no possessive, no article, single spaces: "The Kaldoria's Foreign Ministery" → "kaldoria foreign ministery". */
export function normaliseOriginName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Content words of a name, without articles and "of". */
function wordsOf(name: string): string[] {
  return normaliseOriginName(name)
    .split(' ')
    .filter((w) => w && w !== 'of' && w !== 'the' && w !== 'and');
}

/**
 * Whether two names a couple of letters apart are one name misspelt ("Kestral Orbital"), not two names one word
 * apart ("South Korea", "North Korea"): word by word, a differing word keeps its first letter and differs by one
 * letter (two in a long word).
 */
function typoOf(a: string, b: string): boolean {
  const wa = a.split(' ');
  const wb = b.split(' ');
  if (wa.length !== wb.length) return false;
  return wa.every((w, i) => {
    const v = wb[i]!;
    if (w === v) return true;
    return w[0] === v[0] && editDistance(w, v, 2) <= (Math.min(w.length, v.length) >= 8 ? 2 : 1);
  });
}

function slug(name: string): string {
  return normaliseOriginName(name).replace(/\s+/g, '-');
}

/**
 * The registry of a story's origins. Near-identical names (typos of a translated rewrite: "Kestral Orbital") are one
 * origin; state bodies are grouped by their country's government.
 */
/** "The Authority of the Port of Quessa" is the "Quessa Port Authority": the same words in another order. */
function bagOfWords(key: string): string {
  return key
    .split(' ')
    .filter((w) => w !== 'of' && w !== 'the')
    .sort()
    .join(' ');
}

export class OriginRegistry {
  readonly origins = new Map<string, Origin>();
  /** Place entities of the story by the words that name them ("dravenian", "dravenia") → entity id. */
  private readonly places = new Map<string, string>();
  /** The origins in order of adding, with their names normalised, and what `findSimilar` found for each name. */
  private readonly added: { origin: Origin; key: string; bag: string; words: Set<string> }[] = [];
  private readonly similar = new Map<string, { found: Origin | null; scanned: number }>();

  addPlaces(entities: Entity[]): void {
    for (const e of entities) {
      // A one-word name the tagger took for an organisation is usually a country speaking ("Kaldoria accused").
      const oneWord = !/\s/.test(e.name.replace(/[’']s$/, ''));
      const countryLike =
        (e.type === 'place' && (e.id.startsWith('country:') || oneWord)) || (e.type === 'organisation' && oneWord);
      if (!countryLike) continue;
      for (const form of [e.name, ...e.aliases, ...e.mentions.map((m) => m.text)]) {
        const key = normaliseOriginName(form);
        if (key.length < 3) continue;
        // Adjectives name the same country: Kaldoria → Kaldorian, Ambrel → Ambrelian.
        for (const variant of [key, `${key}n`, `${key}ian`, `${key}an`, `${key}ese`])
          if (!this.places.has(variant)) this.places.set(variant, e.type === 'place' ? e.id : `place:${key}`);
      }
    }
  }

  /** The country a state body belongs to, from a place name inside its name ("Kaldoria's Foreign Ministry"). */
  private countryIn(name: string): string | null {
    const words = normaliseOriginName(name).split(' ');
    for (let n = 3; n >= 1; n--)
      for (let i = 0; i + n <= words.length; i++) {
        const id = this.places.get(words.slice(i, i + n).join(' '));
        if (id) return id;
      }
    return null;
  }

  /**
   * The first origin (in order of adding) that `name` names too. Origins are only added, so a name's answer is kept:
   * the match found, or how many origins were ruled out (a story of many reports asks for the same names again).
   */
  private findSimilar(name: string): Origin | null {
    const key = normaliseOriginName(name);
    const known = this.similar.get(key);
    if (known?.found) return known.found;
    const keyBag = bagOfWords(key);
    let found: Origin | null = null;
    for (let i = known?.scanned ?? 0; i < this.added.length && !found; i++) {
      const { origin: o, key: other, bag } = this.added[i]!;
      if (o.kind === 'outlet' || o.kind === 'observation') continue;
      if (other === key || bag === keyBag) found = o;
      else if (Math.min(key.length, other.length) >= 8 && editDistance(key, other, 2) <= 2 && typoOf(key, other))
        found = o;
    }
    this.similar.set(key, { found, scanned: this.added.length });
    return found;
  }

  private add(origin: Origin): Origin {
    const existing = this.origins.get(origin.id);
    if (existing) {
      for (const s of origin.speakers) if (!existing.speakers.includes(s)) existing.speakers.push(s);
      return existing;
    }
    this.origins.set(origin.id, origin);
    const key = normaliseOriginName(origin.name);
    this.added.push({ origin, key, bag: bagOfWords(key), words: new Set(wordsOf(origin.name)) });
    return origin;
  }

  /** The origin of an entity that speaks: a person counts as the organisation whose role they speak in. */
  fromEntity(entity: Entity): Origin {
    const role = entity.type === 'person' ? entity.roles.find((r) => r.organisation) : undefined;
    const speaker = role ? `${entity.name}, ${role.text}` : entity.type === 'person' ? entity.name : null;
    const name = role?.organisation ?? entity.name;
    const similar = this.findSimilar(name);
    if (similar) {
      if (speaker && !similar.speakers.includes(speaker)) similar.speakers.push(speaker);
      return similar;
    }
    const id = role ? `org:${slug(name)}` : entity.id;
    const origin = this.add({
      id,
      name,
      kind: 'named',
      ...this.groupOf(id, name, entity),
      speakers: speaker ? [speaker] : [],
    });
    this.joinSameBody(origin);
    return origin;
  }

  /** An unnamed or unresolved source ("a customs official", "analysts"). */
  fromDescription(text: string): Origin {
    const name = text.trim();
    const country = GOVERNMENT_WORDS.test(name) ? this.countryIn(name) : null;
    // A name the entity stage left unresolved ("TideMark said …") is the named origin it spells, when there is one.
    const named = this.findSimilar(name);
    if (named && named.kind === 'named') return named;
    const id = `unnamed:${slug(name)}`;
    // "the union" after "the haulage union": a shorter description inside a longer one is the same unnamed source.
    const words = new Set(wordsOf(name));
    if (!this.origins.has(id) && words.size)
      for (const { origin: o, words: other } of this.added) {
        if (o.kind !== 'unnamed') continue;
        const [small, large] = words.size <= other.size ? [words, other] : [other, words];
        if (small.size && [...small].every((w) => large.has(w))) return o;
      }
    return this.add({
      id,
      name,
      kind: 'unnamed',
      group: country ? `gov:${country}` : id,
      groupReason: country ? `${country} government` : 'own origin',
      speakers: [],
    });
  }

  fromOutlet(document: Document): Origin {
    const id = `outlet:${document.source.id}`;
    // "The Strait Examiner - Maritime" (its feed) and "Strait Examiner" (its site) are one newsroom.
    const newsroom = slug(document.source.name.split(/\s+[-–|:]\s+/)[0]!);
    return this.add({
      id,
      name: document.source.name,
      kind: 'outlet',
      group: `outlet:${newsroom}`,
      groupReason: 'the outlet itself',
      speakers: [],
    });
  }

  fromObservation(observation: Observation): Origin {
    const id = `observation:${observation.id}`;
    return this.add({
      id,
      name: `${observation.analyst} (observation ${observation.id})`,
      kind: 'observation',
      group: id,
      groupReason: "an analyst's own observation",
      speakers: [observation.analyst],
    });
  }

  private groupOf(id: string, name: string, entity: Entity): { group: string; groupReason: string } {
    const known = GOVERNMENT_OF[entity.id] ?? GOVERNMENT_OF[id];
    if (known) return { group: `gov:country:${known}`, groupReason: `${known} government` };
    // A country speaking is its government ("the U.S. had accused …").
    if (entity.type === 'place' && /^country:/.test(entity.id))
      return { group: `gov:${entity.id}`, groupReason: `${entity.name} government` };
    const country = this.countryIn(name);
    if (country && (GOVERNMENT_WORDS.test(name) || this.places.get(normaliseOriginName(name)) === country))
      return { group: `gov:${country}`, groupReason: `${country} government (state body)` };
    return { group: id, groupReason: 'own origin' };
  }

  /**
   * "Port of Quessa" beside "Quessa Port Authority", "Maritime Affairs" beside "Dravenia's Ministry of Maritime
   * Affairs": one name inside the other is most likely the same body, so they are not counted as independent (the
   * cautious side). A body grouped by its government pulls the shorter name into that group.
   */
  private joinSameBody(origin: Origin): void {
    const words = new Set(wordsOf(origin.name));
    for (const { origin: o, words: other } of this.added) {
      if (o === origin || o.kind !== 'named') continue;
      const [small, large] = words.size <= other.size ? [words, other] : [other, words];
      if (small.size < 2 || ![...small].every((w) => large.has(w))) continue;
      if (o.group === o.id && origin.group !== origin.id) {
        o.group = origin.group;
        o.groupReason = `same body as ${origin.name}, by name`;
      } else {
        origin.group = o.group;
        origin.groupReason = `same body as ${o.name}, by name`;
      }
    }
  }

  get(id: string): Origin {
    const origin = this.origins.get(id);
    if (!origin) throw new Error(`unknown origin ${id}`);
    return origin;
  }

  groupOfId(id: string): string {
    return this.origins.get(id)?.group ?? id;
  }
}
