/**
 * Contradictions inside a fact: independent sources that state one proposition but give it a different date, place
 * or actor ("the freighter left Quessa on Monday" / "… on Tuesday"). Counts are compared in `fuse.ts` across facts.
 *
 * Only real disagreements count: two readings disagree when their values cannot both be true — date ranges that do not
 * overlap (so "early November" and "4 November" agree), places neither of which is at, in or near the other (so a
 * pier and the port it is in agree), actors of which neither is named by the other's wording. Readings of one origin
 * group, or of one copy family (a rewrite and its original), never disagree: that is wording, not a second account.
 */
import { gazetteer } from '../analyse/entities/gazetteer.ts';
import type { Analysis, Entity } from '../model.ts';
import { similarity, type Weights, wordingKey } from './align.ts';
import { overlaps } from './dates.ts';
import type { OriginRegistry } from './origins.ts';
import { ALIGN, PLACE_LINK, SUPPORTING_STANCES } from './patterns.ts';
import { contentTerms } from './text.ts';
import type { Disagreement, FactVariant, Mention } from './types.ts';

interface Reading {
  mention: Mention;
  /** The value compared (a date range, place ids, an actor id) and how it is shown. */
  key: string;
  label: string;
  /** The words the value was read from. */
  text: string;
  places?: string[];
  range?: { start: string; end: string };
}

/** An entity id without its type prefix: `place:kerrow-harbour` and `org:kerrow-harbour` name one thing. */
const bare = (id: string) => id.replace(/^[a-z]+:/, '');

/** Places of a story that are one place, or one inside or beside the other: "Pier 4 in Port Orlan", "Quessa, Ambrel". */
export class PlaceRelations {
  private readonly related = new Set<string>();

  constructor(documents: { analysis: Analysis; text: string }[]) {
    for (const { analysis, text } of documents) {
      // A place's name is sometimes tagged an organisation at the head of a sentence ("Kerrow Harbour in Velm
      // handles …"): places are related by name, whatever the tag.
      const places = analysis.entities
        .filter((e) => e.type === 'place' || e.type === 'organisation')
        .flatMap((e) => e.mentions.map((m) => ({ id: bare(e.id), start: m.start, end: m.end })))
        .sort((a, b) => a.start - b.start);
      for (let i = 0; i + 1 < places.length; i++) {
        const a = places[i]!;
        const b = places[i + 1]!;
        if (a.id !== b.id && PLACE_LINK.test(text.slice(a.end, b.start))) this.relate(a.id, b.id);
      }
    }
  }

  private relate(a: string, b: string): void {
    this.related.add(`${a}|${b}`);
    this.related.add(`${b}|${a}`);
  }

  /** One place, one inside the other (by the story's wording, or a city's country in the gazetteer), or beside. */
  compatible(a: string, b: string): boolean {
    const countryOf = (id: string) => {
      const code = gazetteer().entries.get(id)?.country;
      return code ? `country:${code}` : null;
    };
    // A region, sea or state of the gazetteer (no country of its own) is too coarse to contradict a place in it.
    const region = (id: string) => {
      const entry = gazetteer().entries.get(id);
      return Boolean(entry && entry.type === 'place' && !entry.country && id.startsWith('place:'));
    };
    return (
      bare(a) === bare(b) ||
      this.related.has(`${bare(a)}|${bare(b)}`) ||
      countryOf(a) === b ||
      countryOf(b) === a ||
      region(a) ||
      region(b)
    );
  }
}

const takesPart = (m: Mention) =>
  (SUPPORTING_STANCES.has(m.stance as never) || m.stance === 'states') && m.originBasis !== 'observation';

/**
 * Distinctive words of a name and of the ways it was written: "Gaetano Lo Presti" and "Lo Presti" share "presti";
 * "Greyfin Salvage Company" and "Marrow Towing Company" share only a word that names no one.
 */
function nameWords(name: EntityName | undefined): Set<string> {
  const generic = gazetteer();
  const words = (name?.forms ?? []).join(' ').split(/[^\p{L}.]+/u);
  return new Set(
    words
      .filter((w) => w.length >= 3 && !generic.organisationWords.has(w) && !generic.personTitles.has(w))
      .map((w) => w.toLowerCase().replace(/\.$/, '')),
  );
}

/**
 * Disagreements between statements of a story on a date, a place or an actor. Which statements may disagree at all
 * (independent origins, not one copy family) is the caller's business; `inFact` applies it to a fact.
 */
export class Disagreements {
  /** A story's facts compare the same statements many times over: readings, name words and closeness are kept. */
  private readonly readings = new WeakMap<Mention, Map<Disagreement, Reading | null>>();
  private readonly words = new Map<string, Set<string>>();
  private readonly closeness = new Map<string, number>();

  constructor(
    private readonly places: PlaceRelations,
    private readonly names: Map<string, EntityName>,
    private readonly weights: Weights,
  ) {}

  private reading(mention: Mention, on: Disagreement): Reading | null {
    let byKind = this.readings.get(mention);
    if (!byKind) {
      byKind = new Map();
      this.readings.set(mention, byKind);
    }
    let reading = byKind.get(on);
    if (reading === undefined) {
      reading = this.read(mention, on);
      byKind.set(on, reading);
    }
    return reading;
  }

  /** What `between` reads of a statement apart from its document: its wording and its date, place and actor. */
  private kind(m: Mention): string {
    const parts = [wordingKey(m, this.weights)];
    for (const on of ['date', 'place', 'actor'] as const) {
      const r = this.reading(m, on);
      parts.push(r ? `${r.key}\u0002${r.text.toLowerCase()}` : '');
    }
    return parts.join('\u0001');
  }

  private nameWords(id: string): Set<string> {
    let words = this.words.get(id);
    if (!words) {
      words = nameWords(this.names.get(id));
      this.words.set(id, words);
    }
    return words;
  }

  private read(mention: Mention, on: Disagreement): Reading | null {
    if (on === 'date') {
      const ranges = new Map(mention.dates.map((d) => [`${d.start}|${d.end}`, d]));
      // A statement with two dates ("from Monday to Friday") has no one date to disagree on; a bare year is
      // more often context ("first hosted in 2007") than the event's date.
      if (ranges.size !== 1) return null;
      const date = [...ranges.values()][0]!;
      if (date.precision === 'year') return null;
      return { mention, key: `${date.start}|${date.end}`, label: date.value, range: date, text: date.text };
    }
    if (on === 'place') {
      const places = mention.where ?? [];
      if (!places.length) return null;
      const label = places.map((p) => this.names.get(p)?.name ?? p).join(', ');
      return { mention, key: [...places].sort().join('+'), label, text: '', places };
    }
    if (!mention.actor) return null;
    return { mention, key: mention.actor, label: this.names.get(mention.actor)?.name ?? mention.actor, text: '' };
  }

  private disagree(a: Reading, b: Reading, on: Disagreement): boolean {
    if (a.key === b.key) return false;
    if (on === 'date')
      // The same words read against two publication days ("this morning", "in the week before") are one date.
      return !overlaps(a.range!, b.range!) && a.text.toLowerCase() !== b.text.toLowerCase();
    if (on === 'place') return !a.places!.some((p) => b.places!.some((q) => this.places.compatible(p, q)));
    // An actor the other wording also names (as object, or beside its own) is not another actor; nor is one whose
    // name shares a word with the other's (one person under a full and a short name the linker kept apart).
    if (b.mention.entities.includes(a.key) || a.mention.entities.includes(b.key)) return false;
    const wa = this.nameWords(a.key);
    return ![...this.nameWords(b.key)].some((w) => wa.has(w));
  }

  /**
   * How close two wordings are apart from what they disagree on: "moored at Kessing Harbour" and "moored at Port
   * Tallow" are one statement with two places. Only such close pairs disagree; a fact's looser members may be
   * neighbouring events.
   */
  private close(a: Reading, b: Reading, on: Disagreement): number {
    // The score depends on the two wordings, the values set aside and whether one document says both.
    const sameDocument =
      a.mention.documentId === b.mention.documentId && a.mention.sentence.start !== b.mention.sentence.start;
    const key = `${on}\u0001${a.key}\u0001${b.key}\u0001${sameDocument}\u0001${wordingKey(a.mention, this.weights)}\u0001${wordingKey(b.mention, this.weights)}`;
    let score = this.closeness.get(key);
    if (score === undefined) {
      score = this.measureClose(a, b);
      this.closeness.set(key, score);
    }
    return score;
  }

  private measureClose(a: Reading, b: Reading): number {
    const ids = new Set([...(a.places ?? [a.key]), ...(b.places ?? [b.key])]);
    const words = new Set([...ids].flatMap((id) => contentTerms((this.names.get(id)?.forms ?? []).join(' '))));
    const strip = (m: Mention): Mention => ({
      ...m,
      entities: m.entities.filter((e) => !ids.has(e)),
      terms: m.terms.filter((t) => !words.has(t)),
    });
    return similarity(strip(a.mention), strip(b.mention), this.weights, false);
  }

  /** What two statements disagree on (date, then place, then actor), or null. */
  between(a: Mention, b: Mention): { on: Disagreement; a: Reading; b: Reading } | null {
    for (const on of ['date', 'place', 'actor'] as const) {
      const ra = this.reading(a, on);
      const rb = this.reading(b, on);
      if (ra && rb && this.disagree(ra, rb, on) && this.close(ra, rb, on) >= ALIGN.disagreement)
        return { on, a: ra, b: rb };
    }
    return null;
  }

  /**
   * The first disagreement among a fact's statements between independent readings (other origin groups, other copy
   * families), with the variants that take part in it; null when the sources agree.
   */
  inFact(
    mentions: Mention[],
    registry: OriginRegistry,
    family: Map<string, string>,
  ): { on: Disagreement; variants: FactVariant[] } | null {
    const voices = mentions.filter(takesPart);
    const groups = numbered(voices.map((m) => registry.groupOfId(m.origin)));
    const families = numbered(voices.map((m) => family.get(m.documentId) ?? m.documentId));
    // Two statements of other copy families are of other documents: whether they disagree then depends only on the
    // wording and the readings of each, so each pair of those is decided once (a large fact repeats a few of them).
    const kinds = numbered(voices.map((m) => this.kind(m)));
    const kindCount = Math.max(0, ...kinds) + 1;
    const decided = new Map<number, Disagreement | null>();
    const found = new Map<Disagreement, Set<Reading>>();
    for (let i = 0; i < voices.length; i++)
      for (let j = i + 1; j < voices.length; j++) {
        if (groups[i] === groups[j] || families[i] === families[j]) continue;
        const a = voices[i]!;
        const b = voices[j]!;
        const key = kinds[i]! * kindCount + kinds[j]!;
        let on = decided.get(key);
        if (on === undefined) {
          on = this.between(a, b)?.on ?? null;
          decided.set(key, on);
        }
        if (!on) continue;
        const set = found.get(on) ?? new Set<Reading>();
        set.add(this.reading(a, on)!).add(this.reading(b, on)!);
        found.set(on, set);
      }
    const on = (['date', 'place', 'actor'] as const).find((d) => found.has(d));
    if (!on) return null;
    const byKey = new Map<string, Reading[]>();
    for (const r of found.get(on)!) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    const variants = [...byKey.values()].map((rs) => ({
      value: rs[0]!.label,
      origins: [...new Set(rs.map((r) => r.mention.origin))],
      mentions: [...new Set(rs.map((r) => r.mention.id))],
    }));
    return { on, variants };
  }
}

/** Each value's number, by first appearance: equal values, equal numbers. */
function numbered(values: string[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(values, (v) => {
    let id = ids.get(v);
    if (id === undefined) {
      id = ids.size;
      ids.set(v, id);
    }
    return id;
  });
}

export interface EntityName {
  name: string;
  /** Every way the story writes it (name, aliases, mentions): a linker's mistake shows in them. */
  forms: string[];
}

/** Entity names and written forms by id, for variants and for telling one actor under two names. */
export function entityNames(entities: Entity[]): Map<string, EntityName> {
  const names = new Map<string, EntityName>();
  for (const e of entities) {
    const entry = names.get(e.id) ?? { name: e.name, forms: [e.name] };
    for (const form of [...e.aliases, ...e.mentions.map((m) => m.text)])
      if (!entry.forms.includes(form)) entry.forms.push(form);
    names.set(e.id, entry);
  }
  return names;
}
