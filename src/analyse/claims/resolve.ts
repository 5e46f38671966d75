/**
 * Source resolution: from the source span of a claim to who it is — through names ("White House national security
 * spokesman John Kirby" → John Kirby), partial names ("Kirby"), possessives ("the site's analysts" → the site),
 * descriptions ("the site web based in the United States" → the site named earlier) and pronouns ("He added" →
 * the source of the claim before, "… he said" → the person named before; see `pronounAntecedent`).
 *
 * With entities from the entity stage, a source resolves to an entity id (null when no entity fits); without
 * them, to a normalised name string, so that callers and tests can work before integration.
 */
import type { Claim, Span } from '../../model.ts';
import { DESCRIPTOR_NOUNS, ROLE_WORDS, SOURCE_PRONOUNS } from './patterns.ts';

/** The shape of an entity this stage needs; the entity stage's `Entity` fits it. */
export interface EntityLike {
  id: string;
  name: string;
  type: string;
  mentions: { start: number; end: number }[];
}

/** Heads that stand for the organisation of their possessor: "the site's analysts", "CNN's reporters". */
const GROUP_HEADS = new Set([
  'analysts',
  'analyst',
  'officials',
  'official',
  'experts',
  'researchers',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'staff',
  'team',
  'reporters',
  'editors',
  'sources',
  'report',
  'statement',
  'imagery',
  'images',
]);

const DETERMINERS = /^(?:the|a|an|this|that|these|those|its|their)\s+/iu;
const QUOTED_NAME = /[“"]([^”"]{2,60})[”"]/u;

/** A name from a source span: determiners, titles and roles stripped, a quoted name preferred. */
export function normaliseName(source: string): string {
  const quoted = QUOTED_NAME.exec(source);
  if (quoted) return quoted[1]!.trim();
  // An apposition or relative clause after the name: "Mike Schmidt, an adviser", "Kim, who …", "X, Democrat of Y".
  let name = source
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/,[\s\S]*$/u, '')
    .replace(/\s*\([^)]*\)/gu, '')
    .replace(DETERMINERS, '');
  const words = name.split(' ');
  // The name after the last role word: "… spokesman John Kirby", "… Brig. Gen. Pat Ryder".
  let lastRole = -1;
  words.forEach((w, i) => {
    if (ROLE_WORDS.has(w.toLowerCase())) lastRole = i;
  });
  if (lastRole >= 0 && lastRole < words.length - 1 && words.slice(lastRole + 1).every((w) => /^\p{Lu}/u.test(w)))
    name = words.slice(lastRole + 1).join(' ');
  return name.replace(/[,.;:]+$/u, '');
}

/** "the site", "the site web based in …": a determiner and lower-case words up to a descriptor noun, no name. */
function isDescription(source: string): boolean {
  const words = source.split(/\s+/u);
  if (!/^(the|this|that)$/iu.test(words[0] ?? '')) return false;
  for (const w of words.slice(1, 4)) {
    if (/^\p{Lu}/u.test(w)) return false;
    if (DESCRIPTOR_NOUNS.has(w.toLowerCase().replace(/['’]s$/u, ''))) return true;
  }
  return false;
}

/** The descriptor noun of a description: "the site web based in …" → site. */
function descriptorOf(source: string): string | null {
  for (const w of source.toLowerCase().split(/\s+/u).slice(0, 4)) {
    const bare = w.replace(/['’]s$/u, '');
    if (DESCRIPTOR_NOUNS.has(bare)) return bare === 'web' || bare === 'website' ? 'site' : bare;
  }
  return null;
}

/** An earlier name tied to a descriptor noun in the text: "the 38 North website", "the website 38 North". */
function namedDescriptor(text: string, before: number, descriptor: string): string | null {
  const nouns = descriptor === 'site' ? '(?:web\\s*site|website|site)' : descriptor;
  const name = '((?:\\p{Lu}|\\p{N})[\\p{L}\\p{N}.&-]*(?:\\s+(?:\\p{Lu}|\\p{N})[\\p{L}\\p{N}.&-]*){0,4})';
  const patterns = [
    new RegExp(`${name}\\s+${nouns}\\b`, 'gu'),
    new RegExp(`\\b${nouns}\\s+(?:web\\s+)?[“"]?${name}`, 'gu'),
  ];
  let best: { index: number; name: string } | null = null;
  for (const pattern of patterns) {
    for (const m of text.slice(0, before).matchAll(pattern)) {
      const candidate = m[1]!.replace(/^(?:The|A|An)\s+/u, '');
      if (!best || m.index > best.index) best = { index: m.index, name: candidate };
    }
  }
  return best?.name ?? null;
}

/** What follows an impersonal "it": a form of "be", "seem", "appear" ("It is thought that …", "it appears …"). */
const IMPERSONAL_AFTER =
  /^\s+(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be|seems|seemed|appears|appeared|remains|remained)\b/iu;

/** How far back a pronoun source looks for its antecedent, in sentences. */
const PRONOUN_LOOKBACK = 6;

/** Entity kinds a pronoun can stand for: "he", "she" a person; "it", "they", "we" an organisation (or a group). */
function pronounKind(pronoun: string): 'person' | 'organisation' {
  return /^(?:he|she|him|her)$/u.test(pronoun) ? 'person' : 'organisation';
}

/** A source already resolved: where it stands, its value (null when nothing fitted) and the kind of entity. */
interface Resolved {
  at: number;
  value: string | null;
  descriptor: string | null;
  nested: boolean;
  /** The entity's type; null without entities, or for an unresolved name. */
  type: string | null;
  /** An unresolved source that reads as a name ("White"), not a description ("a source"). */
  named: boolean;
}

/** Where the text's sentences and quotations are, for pronoun resolution. */
export interface TextLayout {
  sentences: Span[];
  /** Quotation regions: a name inside a quotation is not a candidate speaker. */
  quotes: Span[];
}

/**
 * The antecedent of a pronoun source ("… he said", "She added", "he told ISNA"): one simple salience rule, speaker
 * continuity first, then the subject. Looking back sentence by sentence (the pronoun's own sentence only for the
 * speakers before it, then up to PRONOUN_LOOKBACK earlier sentences), the first sentence that offers a candidate of
 * the pronoun's kind decides:
 *   1. the last speaker of a claim told in the article's own voice there, when it is of that kind (for "he"/"she":
 *      a person, or an unresolved name);
 *   2. else the first entity of that kind named there outside quotations (the sentence's subject, mostly);
 *   3. else, for "he"/"she", that speaker whatever its kind but a place: the entity stage sometimes types a person
 *      as an organisation, and translated text calls a website "he".
 * An outlet or organisation speaker never takes "he" over a person named in the same sentence ("Lohan checked in,
 * TMZ reported. She …"). No candidate within reach: null (unresolved, not the outlet).
 */
function pronounAntecedent(
  pronoun: string,
  at: number,
  previous: Resolved[],
  layout: TextLayout | undefined,
  entities: EntityLike[] | undefined,
): string | null {
  const kind = pronounKind(pronoun);
  const speakers = previous.filter((r) => !r.nested);
  // Without sentences (a caller that gives none): the last speaker, as before.
  if (!layout) return speakers.pop()?.value ?? null;
  const ofKind = (r: Resolved) =>
    r.type === null
      ? r.named || kind === 'organisation'
      : kind === 'person'
        ? r.type === 'person'
        : r.type !== 'person';
  const anyButPlace = (r: Resolved) => r.type !== 'place';
  const inQuote = (offset: number) => layout.quotes.some((q) => q.start <= offset && offset < q.end);
  const own = layout.sentences.findIndex((s) => s.start <= at && at < s.end);
  if (own < 0) return speakers.pop()?.value ?? null;
  for (let k = own; k >= 0 && k >= own - PRONOUN_LOOKBACK; k--) {
    const sentence = layout.sentences[k]!;
    const here = speakers.filter((r) => r.at >= sentence.start && r.at < sentence.end && r.at < at);
    const speaker = [...here].reverse().find(ofKind);
    if (speaker) return speaker.value;
    if (k === own) continue;
    let first: { id: string; start: number } | null = null;
    for (const entity of entities ?? []) {
      if (entity.type !== kind) continue;
      for (const m of entity.mentions)
        if (
          m.start >= sentence.start &&
          m.end <= sentence.end &&
          !inQuote(m.start) &&
          (!first || m.start < first.start)
        )
          first = { id: entity.id, start: m.start };
    }
    if (first) return first.id;
    const other = kind === 'person' ? [...here].reverse().find(anyButPlace) : undefined;
    if (other) return other.value;
  }
  return null;
}

/**
 * Resolve every claim's `sourceEntity` in document order (earlier claims are antecedents of later ones). `layout`
 * (sentences and quotations) lets pronouns look for a named antecedent; without it they take the last speaker.
 */
export function resolveSources(text: string, claims: Claim[], entities?: EntityLike[], layout?: TextLayout): void {
  const resolved: Resolved[] = [];
  const entityAt = (span: Span): EntityLike | null => {
    let best: EntityLike | null = null;
    let bestEnd = -1;
    for (const entity of entities ?? [])
      for (const m of entity.mentions)
        if (m.start < span.end && span.start < m.end && m.end > bestEnd) {
          best = entity;
          bestEnd = m.end;
        }
    return best;
  };
  const entityNamed = (name: string): EntityLike | null => {
    const lower = name.toLowerCase();
    return (
      entities?.find((e) => e.name.toLowerCase() === lower) ??
      entities?.find((e) => e.name.toLowerCase().endsWith(` ${lower}`)) ??
      null
    );
  };
  const typeOf = (value: string | null) =>
    value && entities ? (entities.find((e) => e.id === value)?.type ?? null) : null;
  const ordered = [...claims].sort((a, b) => (a.source?.start ?? a.cue.start) - (b.source?.start ?? b.cue.start));

  for (const claim of ordered) {
    if (!claim.source) continue;
    const source = claim.source.text.trim();
    const lower = source.toLowerCase();
    const at = claim.source.start;
    const previous = resolved.filter((r) => r.at < at);
    let value: string | null = null;
    let descriptor = descriptorOf(source);
    const pronoun = SOURCE_PRONOUNS.has(lower);

    // "It is expected that …", "it seems clear …": an impersonal "it" stands for no one, and is no antecedent.
    const impersonal = lower === 'it' && IMPERSONAL_AFTER.test(text.slice(claim.source.end, claim.source.end + 24));
    if (impersonal) {
      claim.sourceEntity = null;
      continue;
    }
    if (pronoun) {
      value = pronounAntecedent(lower, at, previous, layout, entities);
    } else {
      // "the site's analysts" → "the site".
      const possessive = /^(.+?)['’]s\s+(\S+)$/u.exec(source);
      const base = possessive && GROUP_HEADS.has(possessive[2]!.toLowerCase()) ? possessive[1]! : source;
      descriptor = descriptorOf(base) ?? descriptor;
      if (!QUOTED_NAME.test(base) && isDescription(base) && descriptor) {
        value =
          [...previous].reverse().find((r) => r.value && r.descriptor === descriptor)?.value ??
          namedDescriptor(text, at, descriptor);
        if (!value && entities) value = entityAt(claim.source)?.id ?? null;
      }
      if (!value && entities) {
        const entity = entityAt(claim.source) ?? entityNamed(normaliseName(base));
        value = entity?.id ?? null;
      }
      if (!value && !entities) {
        const name = normaliseName(base);
        // A partial name: "Kirby" after "John Kirby".
        if (/^\p{Lu}[\p{L}'’-]+$/u.test(name)) {
          const full = [
            ...text.slice(0, at).matchAll(new RegExp(`((?:\\p{Lu}[\\p{L}.'’-]*\\s+){1,3})${name}\\b`, 'gu')),
          ]
            .map((m) => normaliseName(`${m[1]}${name}`))
            .pop();
          value = full && full.split(' ').length <= 4 ? full : name;
        } else value = name;
      }
    }
    claim.sourceEntity = value;
    // An unresolved speaker is kept too: it is the antecedent of a "he said" that follows, which then stays
    // unresolved rather than going to an older speaker.
    resolved.push({
      at,
      value,
      descriptor,
      nested: claim.parent !== null,
      type: typeOf(value),
      named: value === null && /^\p{Lu}/u.test(normaliseName(source)) && !pronoun,
    });
  }
}
