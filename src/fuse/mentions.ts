/**
 * Statements of one document: every attributed claim (the innermost of a nested report, with the relaying source
 * kept as `via`) and every plain sentence the outlet states in its own voice, with the entities, content terms,
 * dates and counts used to align them into facts.
 */
import type { Analysis, Claim, Document, Entity, Span, TemporalExpression, TextSpan } from '../model.ts';
import { textSpan } from '../model.ts';
import { eventDate } from './dates.ts';
import type { OriginRegistry } from './origins.ts';
import {
  ALIGN,
  DATELINE,
  EVIDENCE_AFTER,
  EVIDENCE_BEFORE,
  HEDGE_PHRASES,
  LOCATIVE_BEFORE,
  TWO_PARTIES,
} from './patterns.ts';
import { contentTerms, countedQuantities, lightStem } from './text.ts';
import type { Mention, MentionStance } from './types.ts';

/** Words that make an unresolved source a plausible source description rather than a mis-parse. */
const SOURCE_DESCRIPTION =
  /\b(?:official|officials|source|sources|analyst|analysts|spokes(?:man|woman|person)|agency|ministry|authority|service|military|government|police|experts?|diplomats?|site|website|company|firm|institute|researchers?|master|operator|owners?|captain|commander|chief|director|manager|witness(?:es)?|residents?|crew|investigators?|inspectors?|prosecutors?|lawyers?|attorneys?|judge|coroner|doctors?|officers?|guard|mayor|governor|minister|president)\b/i;

/** A claim the fusion can use: its source is a resolved entity or reads like a source description. */
function usableClaim(claim: Claim): boolean {
  // "State Department claims about …", "reports of …": a noun, not a speech act.
  if (/^(?:about|of|over|regarding)\b/i.test(claim.content.text)) return false;
  // "have not revealed how …", "never said": a speech act that did not happen states nothing.
  if (/\b(?:not|never)\b|n['’]t\b/i.test(claim.cue.text)) return false;
  if (claim.sourceEntity) return true;
  if (!claim.source) return claim.stance === 'cannot-determine';
  const words = claim.source.text.trim().split(/\s+/);
  if (words.length > 8 || /^(?:in|it|this|that|there)\b/i.test(words[0]!)) return false;
  // "the city engineer", "a haulage union": a description of a source in lower case.
  return (
    SOURCE_DESCRIPTION.test(claim.source.text) ||
    /^(?:the|a|an)\s+\p{Ll}[\p{Ll}\s-]{2,40}$/u.test(claim.source.text.trim())
  );
}

/** A story source named in `span` as the provider of evidence ("Kestrel Orbital had counted", "X's images"). */
function evidenceProvider(
  entities: Entity[],
  knownSources: ReadonlySet<string>,
  span: Span,
  text: string,
): Entity | null {
  for (const e of entities) {
    if (!knownSources.has(e.id) || e.type === 'place') continue;
    for (const m of e.mentions)
      if (
        within(m, span) &&
        (EVIDENCE_AFTER.test(text.slice(m.end, m.end + 80)) ||
          /^\s+had\s+(?:counted|seen|found|shown|photographed)\b/i.test(text.slice(m.end, m.end + 40)))
      )
        return e;
  }
  return null;
}

/** What may precede a sentence-opening time: a connective and a preposition ("And in", "On", "Earlier, on"). */
const SENTENCE_OPENING_TIME =
  /^[\s"“‘'(]*(?:(?:and|but|also|then|earlier|later|meanwhile)[\s,]+)?(?:(?:on|in|at|during|by|since|late|early)\s+)?$/i;

function within(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * The story's two parties, for "the two countries" / "both nations": the two place entities of country kind
 * mentioned most across the story's documents.
 */
export function storyParties(analyses: Analysis[]): string[] {
  const counts = new Map<string, number>();
  for (const a of analyses)
    for (const e of a.entities)
      if (e.type === 'place' && e.id.startsWith('country:'))
        counts.set(e.id, (counts.get(e.id) ?? 0) + e.mentions.length);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([id]) => id);
}

/** Words before a passive's agent: "was struck by", "were seized by the". */
const PASSIVE_BY =
  /\b(?:was|were|been|being|is|are)\s+(?:\p{Ll}+ly\s+)?\p{Ll}+(?:ed|en|wn|t)\s+by\s+(?:the\s+|a\s+|an\s+)?(?:\p{Ll}[\p{Ll}-]*\s+){0,2}$/u;
/** What may stand before a clause's subject: "that", an article, one lower-case word ("that rebel Kaldorian forces"). */
const SUBJECT_LEAD = /^[\s"“‘]*(?:that\s+)?(?:the\s+|a\s+|an\s+)?(?:\p{Ll}[\p{Ll}-]*\s+)?$/u;

/**
 * The actor of a statement: a passive's agent ("was struck by Kaldorian drones"), else the entity its wording opens
 * with ("Kaldorian drones struck …"). People, organisations and countries act; other places only locate.
 */
function actorOf(entities: Entity[], span: Span, exclude: Span | null, text: string): string | null {
  const acting = entities
    .filter((e) => e.type === 'person' || e.type === 'organisation' || e.id.startsWith('country:'))
    .flatMap((e) =>
      e.mentions.filter((m) => within(m, span) && !(exclude && within(m, exclude))).map((m) => ({ id: e.id, m })),
    )
    .sort((a, b) => a.m.start - b.m.start);
  const agent = acting.find((a) => PASSIVE_BY.test(text.slice(span.start, a.m.start)));
  if (agent) return agent.id;
  const first = acting[0];
  return first && SUBJECT_LEAD.test(text.slice(span.start, first.m.start)) ? first.id : null;
}

/** Places a statement names as its location: after "in", "at", "near" … within its own words. */
function placesOf(entities: Entity[], span: Span, exclude: Span | null, text: string): string[] {
  const ids = new Set<string>();
  for (const e of entities)
    if (e.type === 'place')
      for (const m of e.mentions)
        if (
          within(m, span) &&
          !(exclude && within(m, exclude)) &&
          LOCATIVE_BEFORE.test(text.slice(Math.max(span.start, m.start - 60), m.start))
        )
          ids.add(e.id);
  return [...ids];
}

function entitiesIn(entities: Entity[], span: Span, exclude: Span | null): string[] {
  const ids = new Set<string>();
  for (const e of entities)
    for (const m of e.mentions)
      if (within(m, span) && !(exclude && within(m, exclude))) {
        ids.add(e.id);
        break;
      }
  return [...ids];
}

/** Build the mentions of one document. Origins are registered as they are met. */
export function documentMentions(
  document: Document,
  analysis: Analysis,
  dates: TemporalExpression[],
  origins: OriginRegistry,
  parties: string[],
  knownSources: ReadonlySet<string> = new Set(),
): Mention[] {
  const text = document.text;
  const outletOrigin = origins.fromOutlet(document);
  const outlet = { id: document.source.id, name: document.source.name };
  const claims = analysis.claims.filter(usableClaim);
  const byId = new Map(analysis.claims.map((c) => [c.id, c]));
  // A claim that contains a usable nested claim speaks through it: "CNN reported that the U.S. had accused …".
  const relaying = new Set(claims.map((c) => c.parent).filter((p): p is string => p !== null));
  const mentions: Mention[] = [];
  const entityById = new Map(analysis.entities.map((e) => [e.id, e]));

  const build = (
    sentence: Span,
    content: Span,
    stance: MentionStance,
    claim: Claim | null,
    originId: string,
    basis: Mention['originBasis'],
    excluded: Span | null,
    termText?: string,
    dateSpans: Span[] = [content],
    speechSpans: Span[] = [],
  ): Mention => {
    const contentText = text.slice(content.start, content.end);
    const entities = entitiesIn(analysis.entities, content, excluded);
    if (TWO_PARTIES.test(contentText)) for (const p of parties) if (!entities.includes(p)) entities.push(p);
    const parent = claim?.parent ? byId.get(claim.parent) : undefined;
    // "the first deaths since 1991", "since riots in 2008", "until 2020": a bound of a span, not the event's date.
    const datesIn = (spans: Span[]) =>
      dates
        .filter((d) => spans.some((span) => d.start < span.end && span.start < d.end))
        .filter(
          (d) =>
            !/\b(?:since|until|till)\s+(?:[\p{L}-]+\s+){0,3}$|\b(?:before|after)\s+(?:early\s+|late\s+|mid-?)?$/iu.test(
              text.slice(Math.max(0, d.start - 40), d.start),
            ),
        )
        .map((d) => eventDate(d, document.id))
        .filter((d) => d !== null);
    return {
      id: `${document.id}:${mentions.length}`,
      documentId: document.id,
      sentence: textSpan(text, sentence.start, sentence.end),
      content: textSpan(text, content.start, content.end),
      outlet,
      origin: originId,
      originBasis: basis,
      sourceText: claim?.source?.text ?? null,
      via: parent?.source?.text ?? null,
      stance,
      claimId: claim?.id ?? null,
      entities,
      terms: contentTerms(termText ?? contentText),
      // A statement's dates are those in its own words (and its speech time), not its neighbours' in the sentence.
      dates: datesIn(dateSpans),
      spokenAt: datesIn(speechSpans),
      quantities: countsIn(content),
      actor: actorOf(analysis.entities, content, excluded, text),
      where: placesOf(analysis.entities, content, excluded, text),
    };
  };

  // Counts from the analysis layer's quantities where it ran; read here otherwise (older stored analyses).
  const countsIn = (span: Span): Mention['quantities'] => {
    if (!analysis.quantities?.length)
      return countedQuantities(text.slice(span.start, span.end), span.start).map((q) => ({
        value: q.value,
        unit: q.unit,
        text: q.text,
      }));
    return analysis.quantities
      .filter((q) => q.value !== null && within(q, span))
      .map((q) => ({ value: q.value!, unit: lightStem(q.unit.split(/\s+/).pop()!.toLowerCase()), text: q.text }));
  };
  const done = new Set<string>();
  for (const sentence of analysis.sentences) {
    const inSentence = claims.filter((c) => within(c.cue, sentence) || within(c.content, sentence));
    for (const claim of inSentence) {
      if (relaying.has(claim.id) || done.has(claim.id)) continue;
      done.add(claim.id);
      // The claim stage gives an entity id, or sometimes the entity's name.
      const entity = claim.sourceEntity
        ? (entityById.get(claim.sourceEntity) ?? analysis.entities.find((e) => e.name === claim.sourceEntity))
        : undefined;
      // "Meridian Wire reported that Kestrel Orbital had counted 12 …": the named evidence is the origin, the
      // reporter only relays it.
      const relayed =
        claim.stance === 'reports' ? evidenceProvider(analysis.entities, knownSources, claim.content, text) : null;
      const origin = relayed
        ? origins.fromEntity(relayed)
        : entity
          ? origins.fromEntity(entity)
          : claim.sourceEntity || claim.source
            ? origins.fromDescription(claim.sourceEntity ?? claim.source!.text)
            : outletOrigin;
      const basis = entity || claim.sourceEntity || claim.source ? 'attributed' : 'outlet';
      const excluded = claim.source ? { start: claim.source.start, end: claim.source.end } : null;
      const content = { start: Math.max(claim.content.start, sentence.start), end: claim.content.end };
      if (relayed) {
        const m = build(
          sentence,
          content,
          claim.stance,
          claim,
          origin.id,
          basis,
          excluded,
          undefined,
          [content],
          [claim.cue],
        );
        m.via = claim.source?.text ?? null;
        mentions.push(m);
        continue;
      }
      // The event's dates are in the content; the speech act's ("accused on Tuesday", "On Nov. 2, CNN reported")
      // around the cue and source, of this claim or the report it is nested in.
      const datelineEnd = DATELINE.exec(text.slice(sentence.start, sentence.end))?.[0].length ?? 0;
      const eventSpan = { start: Math.max(content.start, sentence.start + datelineEnd), end: content.end };
      const parent = claim.parent ? byId.get(claim.parent) : undefined;
      const speech = [claim, parent]
        .flatMap((c) => (c ? [c.cue, c.source, c.time] : []))
        .filter((x): x is TextSpan => Boolean(x));
      // "On Nov. 2, CNN reported …", "And in September, North Korea denied …": a date opening the sentence, before
      // the speaker, is when it was said (the claim stage reads only a time right after the cue).
      if (!claim.time && !parent?.time) {
        const speaker = Math.min(...speech.map((s) => s.start));
        const opening = dates.find(
          (d) =>
            within(d, { start: sentence.start, end: speaker }) &&
            SENTENCE_OPENING_TIME.test(text.slice(sentence.start, d.start)) &&
            !inSentence.some((c) => within(d, c.content)),
        );
        if (opening) speech.push(textSpan(text, opening.start, opening.end));
      }
      mentions.push(
        build(sentence, content, claim.stance, claim, origin.id, basis, excluded, undefined, [eventSpan], speech),
      );
    }
    // What the sentence says in the outlet's own voice: its words outside every claim's source, cue and content.
    let residual = text.slice(sentence.start, sentence.end);
    const claimedSpans: Span[] = [];
    for (const c of inSentence)
      for (const span of [c.content, c.cue, c.source].filter((x): x is TextSpan => x !== null)) {
        const from = Math.max(span.start, sentence.start) - sentence.start;
        const to = Math.min(span.end, sentence.end) - sentence.start;
        if (to > from) residual = residual.slice(0, from) + ' '.repeat(to - from) + residual.slice(to);
        claimedSpans.push(span);
      }
    if (contentTerms(residual).length >= ALIGN.minTerms) {
      const sentenceText = text.slice(sentence.start, sentence.end);
      const stance: MentionStance = HEDGE_PHRASES.test(sentenceText) ? 'cannot-determine' : 'states';
      const own = dates.filter(
        (d) =>
          within(d, sentence) &&
          !claimedSpans.some((c) => within(d, c)) &&
          !DATELINE.test(sentenceText.slice(0, d.end - sentence.start + 3)),
      );
      // "Kestrel Orbital's images show …": a sentence that names a story's source speaks for it, even without a cue.
      const named = analysis.entities.filter(
        (e) =>
          knownSources.has(e.id) &&
          e.type !== 'place' &&
          e.mentions.some(
            (m) =>
              within(m, sentence) &&
              !claimedSpans.some((c) => within(m, c)) &&
              (EVIDENCE_AFTER.test(text.slice(m.end, m.end + 80)) ||
                EVIDENCE_BEFORE.test(text.slice(Math.max(sentence.start, m.start - 60), m.start))),
          ),
      );
      if (named.length)
        for (const e of named)
          mentions.push(
            build(sentence, sentence, stance, null, origins.fromEntity(e).id, 'attributed', null, residual, own),
          );
      else mentions.push(build(sentence, sentence, stance, null, outletOrigin.id, 'outlet', null, residual, own));
    }
  }
  return mentions;
}
