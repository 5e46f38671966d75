/**
 * `fuseStory`: the documents of one story (with their analyses, relations and the analyst's observations) fused into
 * facts with provenance and status, inferred publication dates, a timeline and the data of a brief. Pure.
 *
 * Order matters: statements are first aligned without the dates of undated documents; those alignments date the
 * undated documents; their relative dates are then resolved and the statements aligned again, now with every date.
 */
import { resolveTemporalExpression } from '../analyse/temporal/index.ts';
import type { Document, Observation, TemporalExpression } from '../model.ts';
import {
  clusterMentions,
  GroupedIndex,
  SimilarityIndex,
  similarity,
  termWeights,
  type Weights,
  wordingKey,
} from './align.ts';
import { Disagreements, entityNames, PlaceRelations } from './contradictions.ts';
import { addDays, anchorsResolvingTo, daysBetween, formatDay, isDayAnchored, parseDay, readableDate } from './dates.ts';
import { documentMentions, storyParties } from './mentions.ts';
import { matchObservationToFacts, observationContradicts, observationWindow } from './observations.ts';
import { OriginRegistry } from './origins.ts';
import {
  ALIGN,
  BACKGROUND_DAYS,
  HEDGING_STANCES,
  INFERENCE_SEARCH_DAYS,
  NEWS_WINDOW_DAYS_BEFORE,
  SUPPORTING_STANCES,
} from './patterns.ts';
import { contentTerms } from './text.ts';
import type {
  Brief,
  BriefItem,
  EventDate,
  Fact,
  FactStatus,
  FuseInput,
  InferredPublication,
  Mention,
  ResolvedDate,
  StoryFusion,
  TimelineEntry,
  TimelinePeriod,
} from './types.ts';

const isSupporting = (m: Mention) => SUPPORTING_STANCES.has(m.stance as never) || m.stance === 'states';
const COPY_TYPES = new Set(['duplicate', 'near-duplicate', 'rewrite']);
const isDated = (d: Document) => parseDay(d.publishedAt.value) !== null;

/** Resolve every relative date of a document against a publication day (or leave it symbolic). */
function resolveAll(dates: TemporalExpression[], publishedAt: string | null): TemporalExpression[] {
  return dates.map((d) => (d.anchor ? resolveTemporalExpression(d, publishedAt) : d));
}

// ---------------------------------------------------------------------------------------------------------------
// Publication dates of undated documents

interface Constraint {
  days: Set<string>;
  reason: string;
}

function snippet(text: string, max = 90): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Infer the publication date of an undated document from (a) its relative day expressions ("on Friday", "yesterday")
 * in statements aligned with dated statements of other documents, and (b) copy relations to dated documents (a
 * rewrite is not published before the report it rewrites). The days meeting the most constraints win; the
 * earliest is the value, and the expressions are resolved there.
 */
export function inferPublication(
  document: Document,
  dates: TemporalExpression[],
  own: Mention[],
  datedMentions: Mention[],
  copiesOf: { document: Document; type: string }[],
  weights: Weights,
  /** `datedMentions` indexed in their order, for a story of many reports (the same result, sooner). */
  datedIndex?: SimilarityIndex,
): InferredPublication | null {
  const constraints: Constraint[] = [];
  for (const expr of dates) {
    if (!expr.anchor || !isDayAnchored(expr)) continue;
    // The statements whose own words hold the expression (a claim's content, or the outlet's sentence).
    const mentions = own.filter(
      (m) => m.content.start <= expr.start && expr.end <= m.content.end && (m.claimId || m.stance === 'states'),
    );
    let best: { score: number; mention: Mention; date: EventDate } | null = null;
    for (const m of mentions) {
      // A dated statement that shares no word, entity or count with it scores at most zero.
      const scored = datedIndex
        ? datedIndex.matches(m, false).map(({ member, score }) => ({ other: datedMentions[member]!, score }))
        : datedMentions.map((other) => ({ other, score: similarity(m, other, weights, false) }));
      for (const { other, score } of scored) {
        const days = other.dates.filter((d) => d.start === d.end);
        if (!days.length) continue;
        if (score >= ALIGN.join && (!best || score > best.score)) best = { score, mention: other, date: days[0]! };
      }
    }
    if (!best) continue;
    const days = anchorsResolvingTo(expr, best.date.start, INFERENCE_SEARCH_DAYS);
    if (!days.length) continue;
    constraints.push({
      days: new Set(days),
      reason: `"${expr.text}" ("${snippet(mentions[0]!.sentence.text)}") is ${best.date.start}, as "${best.date.text}" in ${best.mention.documentId} ("${snippet(best.mention.sentence.text)}"): published between ${days[0]} and ${days[days.length - 1]}`,
    });
  }
  // A copy is not published before its original: a hard bound, not a vote.
  let notBefore: string | null = null;
  const hard: string[] = [];
  for (const copy of copiesOf) {
    const day = parseDay(copy.document.publishedAt.value);
    if (!day) continue;
    const from = formatDay(day);
    if (!notBefore || from > notBefore) notBefore = from;
    hard.push(
      `it is a ${copy.type} of ${copy.document.id} ("${snippet(copy.document.title, 60)}", published ${from}), so not published before ${from}`,
    );
  }
  if (!constraints.length && !notBefore) return null;
  if (notBefore && !constraints.some((c) => [...c.days].some((d) => d >= notBefore!)))
    constraints.push({
      days: new Set(daysBetween(notBefore, formatDay(addDays(parseDay(notBefore)!, INFERENCE_SEARCH_DAYS)))),
      reason: hard[0]!,
    });
  const votes = new Map<string, number>();
  for (const c of constraints)
    for (const d of c.days) if (!notBefore || d >= notBefore) votes.set(d, (votes.get(d) ?? 0) + 1);
  const most = Math.max(...votes.values());
  const best = [...votes]
    .filter(([, v]) => v === most)
    .map(([d]) => d)
    .sort();
  const earliest = best[0]!;
  const latest = best[best.length - 1]!;
  const reasons = [...constraints.filter((c) => c.days.has(earliest)).map((c) => c.reason), ...hard];
  const unmet = constraints.filter((c) => !c.days.has(earliest)).length;
  if (unmet) reasons.push(`${unmet} other alignment(s) disagree and were outvoted`);
  if (earliest !== latest) reasons.push(`the earliest day the evidence allows is taken: ${earliest}`);
  const resolved: ResolvedDate[] = [];
  for (const expr of dates) {
    if (!expr.anchor) continue;
    const value = resolveTemporalExpression(expr, earliest).value;
    const alternatives = new Set<string>();
    for (const day of best) {
      const other = resolveTemporalExpression(expr, day).value;
      if (other !== value) alternatives.add(other);
    }
    resolved.push({
      text: expr.text,
      start: expr.start,
      end: expr.end,
      symbolic: expr.value,
      value,
      alternatives: [...alternatives],
    });
  }
  return {
    documentId: document.id,
    publishedAt: {
      value: earliest,
      precision: 'day',
      origin: 'inferred',
      evidence: earliest === latest ? reasons[0] : `between ${earliest} and ${latest}`,
    },
    range: { earliest, latest },
    reasons,
    resolved,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Facts

const PRECISION_RANK: Record<string, number> = {
  time: 7,
  'part-of-day': 6,
  day: 6,
  weekend: 4,
  week: 3,
  'early-month': 2,
  month: 1,
  year: 0,
};

/**
 * A fact's date: the date most of its statements agree with, the most precise and most often given among those. Attributed claims
 * speak first (their event dates, then when they were made); an outlet's own sentences around them ("under an
 * embargo since June 2021") only when no claim dates the fact.
 */
function factDate(mentions: Mention[]): EventDate | null {
  const claims = mentions.filter((m) => m.claimId);
  const plain = mentions.filter((m) => !m.claimId);
  const tiers = [
    claims.flatMap((m) => m.dates),
    claims.flatMap((m) => m.spokenAt),
    plain.flatMap((m) => m.dates),
    plain.flatMap((m) => m.spokenAt),
  ];
  const all = tiers.find((t) => t.length);
  if (!all) return null;
  const counts = new Map<string, number>();
  for (const d of all) counts.set(d.start + d.end, (counts.get(d.start + d.end) ?? 0) + 1);
  // The date most statements agree with comes first: a later event one wording also names ("back on at 03:20,
  // five days after it went dark on Friday") does not date the fact however precise it is.
  // How many of the dates overlap each, counted over the distinct ranges (a large fact repeats a few dates).
  const ranges = new Map<string, { start: string; end: string; n: number }>();
  for (const d of all) {
    const key = `${d.start}|${d.end}`;
    const range = ranges.get(key);
    if (range) range.n++;
    else ranges.set(key, { start: d.start, end: d.end, n: 1 });
  }
  const overlapping = new Map<string, number>();
  for (const [key, r] of ranges) {
    let n = 0;
    for (const e of ranges.values()) if (e.start <= r.end && r.start <= e.end) n += e.n;
    overlapping.set(key, n);
  }
  const support = new Map(all.map((d) => [d, overlapping.get(`${d.start}|${d.end}`)!]));
  return [...all].sort(
    (a, b) =>
      support.get(b)! - support.get(a)! ||
      PRECISION_RANK[b.precision]! - PRECISION_RANK[a.precision]! ||
      counts.get(b.start + b.end)! - counts.get(a.start + a.end)! ||
      a.start.localeCompare(b.start),
  )[0]!;
}

function uniq<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

/** Union-find of documents joined by copy relations: a copy family speaks with one voice. */
function copyFamilies(input: FuseInput): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  for (const r of input.relations)
    if (COPY_TYPES.has(r.type)) {
      const a = find(r.a);
      const b = find(r.b);
      if (a !== b) parent.set(a, b);
    }
  const family = new Map<string, string>();
  for (const { document } of input.documents) family.set(document.id, find(document.id));
  return family;
}

function publishedDay(document: Document, inferred: Map<string, InferredPublication>): string {
  return parseDay(document.publishedAt.value ?? inferred.get(document.id)?.publishedAt.value)
    ? formatDay(parseDay(document.publishedAt.value ?? inferred.get(document.id)!.publishedAt.value)!)
    : '9999-12-31';
}

/**
 * Decide each mention's counted origin: unattributed statements carry the origin other reports attribute the fact
 * to, or (in a copy) the original's; unnamed sources beside a named origin are folded into it.
 */
function settleOrigins(
  mentions: Mention[],
  family: Map<string, string>,
  order: Map<string, string>,
  registry: OriginRegistry,
  weights: Weights,
  disagreements: Disagreements,
  rank: Map<string, number>,
): void {
  const isNamed = (m: Mention) =>
    m.originBasis === 'attributed' && registry.get(m.origin).kind === 'named' && m.stance !== 'denies';
  // A statement that gives another date, place or actor than a named source's is another account, not theirs.
  const agrees = (m: Mention) => (o: Mention) => !disagreements.between(m, o);
  // The most similar candidate, the first of them on ties.
  const closest = (m: Mention, candidates: Mention[]) => {
    let best: { c: Mention; score: number } | undefined;
    for (const c of candidates) {
      const score = similarity(m, c, weights);
      if (!best || score > best.score) best = { c, score };
    }
    return best?.c;
  };
  // Earliest documents first, so that a copy takes its original's origin once that is settled.
  const byDate = [...mentions].sort((a, b) => rank.get(a.documentId)! - rank.get(b.documentId)!);
  // The statements a copy may take its origin from, by copy family and then by wording: statements of one wording
  // (in other documents) score alike, so only the first one that is earlier than the copy need be compared.
  const pool = new Map<string, Map<string, Mention[]>>();
  for (const o of byDate) {
    if (o.stance === 'denies') continue;
    const familyId = family.get(o.documentId)!;
    let byWording = pool.get(familyId);
    if (!byWording) {
      byWording = new Map();
      pool.set(familyId, byWording);
    }
    const key = wordingKey(o, weights, true);
    const list = byWording.get(key);
    if (list) list.push(o);
    else byWording.set(key, [o]);
  }
  const position = new Map(byDate.map((m, i) => [m, i]));
  // Attributed statements that assert (what a carried statement may take its origin from), by kind of source; an
  // unnamed one folded into a named one on the way stops being one.
  const asserting = mentions.filter(
    (o) => o.originBasis === 'attributed' && o.stance !== 'denies' && !HEDGING_STANCES.has(o.stance),
  );
  const sources = {
    named: asserting.filter((o) => registry.get(o.origin).kind === 'named'),
    unnamed: asserting.filter((o) => registry.get(o.origin).kind === 'unnamed'),
  };
  const earliest = (m: Mention): Mention | undefined => {
    let best: { c: Mention; score: number; at: number } | undefined;
    for (const list of pool.get(family.get(m.documentId)!)?.values() ?? []) {
      const c = list.find((o) => o.documentId !== m.documentId && order.get(o.documentId)! < order.get(m.documentId)!);
      if (!c) continue;
      const score = similarity(m, c, weights);
      const at = position.get(c)!;
      if (!best || score > best.score || (score === best.score && at < best.at)) best = { c, score, at };
    }
    return best?.c;
  };
  for (const m of byDate) {
    if (m.originBasis === 'outlet' && m.stance === 'states') {
      const original = earliest(m);
      if (original) {
        m.origin = original.origin;
        m.originBasis = 'copied';
        continue;
      }
      // A named source first; else the description another report gives ("Police said …").
      const attributedTo = (kind: 'named' | 'unnamed') =>
        sources[kind].filter((o) => o.originBasis === 'attributed' && agrees(m)(o));
      const named = closest(m, attributedTo('named')) ?? closest(m, attributedTo('unnamed'));
      if (named) {
        m.origin = named.origin;
        m.originBasis = 'carried';
      }
    } else if (
      m.originBasis === 'attributed' &&
      registry.get(m.origin).kind === 'unnamed' &&
      mentions.some((o) => isNamed(o) && agrees(m)(o))
    ) {
      m.originBasis = 'folded';
    }
  }
}

/** Documents' order keys ranked as `localeCompare` sorts them (equal keys, equal ranks), so sorts compare numbers. */
function orderRanks(order: Map<string, string>): Map<string, number> {
  const keys = [...new Set(order.values())].sort((a, b) => a.localeCompare(b));
  const rankOf = new Map<string, number>();
  keys.forEach((k, i) => {
    rankOf.set(k, i > 0 && keys[i - 1]!.localeCompare(k) === 0 ? rankOf.get(keys[i - 1]!)! : i);
  });
  return new Map([...order].map(([id, key]) => [id, rankOf.get(key)!]));
}

function names(ids: string[], registry: OriginRegistry): string {
  return ids.map((id) => registry.origins.get(id)?.name ?? id).join(', ');
}

const STANCE_VERB: Record<string, string> = {
  asserts: 'asserted',
  confirms: 'confirmed',
  accuses: 'accused',
  reports: 'reported',
  announces: 'announced',
  believes: 'believed',
  denies: 'denied',
  states: 'stated',
  observes: 'observed',
  'cannot-determine': 'could not determine',
};

/**
 * Who says what, spelled out: "confirmed by U.S. Department of State; accused by United States (via CNN); believed by
 * United States (via White House spokesman John Kirby)". Outlets' own statements count once per origin.
 */
function who(mentions: Mention[], registry: OriginRegistry): string {
  const parts = new Map<string, Set<string>>();
  for (const m of mentions) {
    const name = names([m.origin], registry);
    const verb = STANCE_VERB[m.stance] ?? m.stance;
    const key = m.stance === 'denies' ? name : `${verb} by ${name}`;
    const relays = parts.get(key) ?? new Set<string>();
    if (m.via && m.via !== m.sourceText) relays.add(m.via);
    parts.set(key, relays);
  }
  return [...parts].map(([part, via]) => (via.size ? `${part} (via ${[...via].join(', ')})` : part)).join('; ');
}

/**
 * A copy family speaks with one voice: of the reports in one family (copies, rewrites, translations of each other)
 * only the earliest that supports the fact counts its origins. A rewrite that names another source for what it
 * copied — or whose attribution the language layer read differently — adds no independent origin.
 */
function oneVoicePerFamily(supporting: Mention[], family: Map<string, string>, order: Map<string, number>): Mention[] {
  const earliest = new Map<string, string>();
  for (const m of supporting) {
    const key = family.get(m.documentId) ?? m.documentId;
    const current = earliest.get(key);
    if (current === undefined || (order.get(m.documentId) ?? 0) < (order.get(current) ?? 0)) {
      earliest.set(key, m.documentId);
    }
  }
  return supporting.filter((m) => earliest.get(family.get(m.documentId) ?? m.documentId) === m.documentId);
}

function describeStatus(
  fact: Fact,
  registry: OriginRegistry,
  family: Map<string, string>,
  order: Map<string, number>,
): { status: FactStatus; reason: string } {
  const groupsOf = (ms: Mention[]) => uniq(ms.map((m) => registry.groupOfId(m.origin)));
  const counted = fact.mentions.filter((m) => m.originBasis !== 'folded');
  const supporting = counted.filter((m) => SUPPORTING_STANCES.has(m.stance as never) || m.stance === 'states');
  const denying = fact.mentions.filter((m) => m.stance === 'denies');
  const hedging = fact.mentions.filter((m) => HEDGING_STANCES.has(m.stance));
  const supportGroups = groupsOf(oneVoicePerFamily(supporting, family, order));
  const denyGroups = groupsOf(denying).filter((g) => !supportGroups.includes(g));
  fact.supportedBy = uniq(supporting.map((m) => m.origin));
  fact.deniedBy = uniq(denying.map((m) => m.origin));
  fact.independentOrigins = supportGroups.length;
  const reports = uniq(fact.mentions.map((m) => m.documentId)).length;
  const outlets = uniq(fact.mentions.map((m) => m.outlet.name));
  if (supporting.length && denyGroups.length) {
    const sides = who(
      fact.mentions.filter((m) => m.stance !== 'denies' && m.originBasis !== 'folded'),
      registry,
    );
    return {
      status: 'disputed',
      reason: `put forward: ${sides}; denied by ${who(denying, registry)}`,
    };
  }
  if (fact.variants.length > 1) {
    const list = fact.variants.map((v) => `${v.value} (${names(v.origins, registry)})`).join(' vs ');
    const on = fact.disagreeOn && fact.disagreeOn !== 'observation' ? ` on the ${fact.disagreeOn}` : '';
    return { status: 'contradicted', reason: `sources disagree${on}: ${list}` };
  }
  if (!supporting.length) {
    const open = hedging.some((m) => m.stance === 'cannot-determine');
    const who = names(uniq(hedging.map((m) => m.origin)), registry);
    return {
      status: 'hedged',
      reason: open ? `an open question: ${who} could not determine it` : `only believed or assessed, by ${who}`,
    };
  }
  const groupNames = supportGroups.map((g) => {
    const members = uniq(supporting.filter((m) => registry.groupOfId(m.origin) === g).map((m) => m.origin));
    return names(members, registry);
  });
  if (supportGroups.length >= 2)
    return {
      status: 'corroborated',
      reason: `${supportGroups.length} independent origins: ${groupNames.join('; ')}`,
    };
  const copies = fact.mentions.filter((m) => m.originBasis === 'copied' || m.originBasis === 'carried').length;
  return {
    status: 'single-origin',
    reason:
      `one origin (${groupNames[0]}) behind ${reports} report(s) from ${outlets.length} outlet(s)` +
      (copies ? `; ${copies} statement(s) carry it unattributed or copy another report` : ''),
  };
}

/** A claim's content as a sentence: "that the train was spotted …" → "The train was spotted …". */
function readable(content: string): string {
  const text = content.replace(/^that\s+/i, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function makeFact(id: string, mentions: Mention[], kind: Fact['kind'], rank: Map<string, number>): Fact {
  const sorted = [...mentions].sort(
    (a, b) =>
      rank.get(a.documentId)! - rank.get(b.documentId)! ||
      Number(b.originBasis === 'attributed') - Number(a.originBasis === 'attributed'),
  );
  // The earliest attributed wording reads best as the fact; unattributed sentences and denials only failing that.
  // An accusation's content reads "X of doing Y", a belief only holds it possible: a plain assertion reads best.
  const wording = (m: Mention) =>
    m.stance === 'denies' ? 3 : HEDGING_STANCES.has(m.stance) ? 2 : m.stance === 'accuses' ? 1 : 0;
  const representative =
    [...sorted.filter((m) => m.originBasis === 'attributed' && m.claimId)].sort((a, b) => wording(a) - wording(b))[0] ??
    [...sorted].sort((a, b) => wording(a) - wording(b))[0]!;
  return {
    id,
    kind,
    statement: readable(snippet(representative.content.text, 240)),
    status: 'single-origin',
    reason: '',
    date: factDate(mentions.filter((m) => m.stance !== 'denies')),
    period: null,
    entities: uniq(mentions.flatMap((m) => m.entities)),
    mentions: sorted,
    origins: uniq(mentions.map((m) => m.origin)),
    independentOrigins: 0,
    supportedBy: [],
    deniedBy: [],
    variants: [],
    disagreeOn: null,
    outlets: uniq(mentions.map((m) => m.outlet.name)),
    documents: uniq(mentions.map((m) => m.documentId)),
  };
}

/** Counts that sources give differently for the same thing ("12 containers" vs "fourteen containers"). */
function quantityFacts(
  mentions: Mention[],
  registry: OriginRegistry,
  family: Map<string, string>,
  weights: Weights,
): Mention[][] {
  const byUnit = new Map<string, Mention[]>();
  for (const m of mentions) {
    if (m.stance === 'denies' || m.stance === 'cannot-determine') continue;
    for (const q of m.quantities) {
      const list = byUnit.get(q.unit) ?? [];
      if (!list.includes(m)) list.push(m);
      byUnit.set(q.unit, list);
    }
  }
  const out: Mention[][] = [];
  for (const [unit, list] of byUnit) {
    const values = (m: Mention) => uniq(m.quantities.filter((q) => q.unit === unit).map((q) => q.value));
    const places = (m: Mention) => m.entities.filter((e) => e.startsWith('place:') || e.startsWith('country:'));
    const conflicting = new Set<Mention>();
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (registry.groupOfId(a.origin) === registry.groupOfId(b.origin)) continue;
        if ((family.get(a.documentId) ?? a.documentId) === (family.get(b.documentId) ?? b.documentId)) continue;
        const va = values(a);
        const vb = values(b);
        if (va.some((v) => vb.includes(v))) continue;
        // Counts of things at different places are different things ("15 miles off Quessa", "40 off Cape Sorrel").
        const pa = places(a);
        const pb = places(b);
        if (pa.length && pb.length && !pa.some((p) => pb.includes(p))) continue;
        // Two counts of one thing are said of one thing: "13 homers in 54 games" and "30 homers in each of the past
        // five seasons" count different things with one noun.
        if (similarity(a, b, weights, false) < ALIGN.countDisagreement) continue;
        conflicting.add(a).add(b);
      }
    if (conflicting.size) out.push(list.filter((m) => conflicting.has(m)));
  }
  return out;
}

function windowOf(days: string[]): { first: string; newsFrom: string; backgroundBefore: string } | null {
  const first = days.sort()[0];
  const day = parseDay(first);
  if (!first || !day) return null;
  return {
    first,
    newsFrom: formatDay(addDays(day, -NEWS_WINDOW_DAYS_BEFORE)),
    backgroundBefore: formatDay(addDays(day, -BACKGROUND_DAYS)),
  };
}

function periodOf(date: EventDate, window: ReturnType<typeof windowOf>): TimelinePeriod {
  if (!window) return 'news';
  if (date.end < window.backgroundBefore) return 'background';
  if (date.start < window.newsFrom) return 'earlier';
  return 'news';
}

// ---------------------------------------------------------------------------------------------------------------

export function fuseStory(input: FuseInput): StoryFusion {
  const registry = new OriginRegistry();
  for (const { analysis } of input.documents) registry.addPlaces(analysis.entities);
  const parties = storyParties(input.documents.map((d) => d.analysis));
  const family = copyFamilies(input);
  const documentOrder = new Map(input.documents.map(({ document }, i) => [document.id, i]));

  // Pass 1: statements with the dates known so far.
  const dates = new Map<string, TemporalExpression[]>();
  for (const { document, analysis } of input.documents)
    dates.set(document.id, resolveAll(analysis.dates, isDated(document) ? document.publishedAt.value : null));
  // Entities that speak somewhere in the story: a sentence naming one speaks for it.
  const knownSources = new Set(
    input.documents.flatMap(({ analysis }) =>
      analysis.claims.map((c) => c.sourceEntity).filter((e): e is string => e !== null),
    ),
  );
  const entries = new Map<string, FuseInput['documents'][number]>();
  for (const entry of input.documents) if (!entries.has(entry.document.id)) entries.set(entry.document.id, entry);
  const mentionsOf = (id: string) => {
    const entry = entries.get(id)!;
    return documentMentions(entry.document, entry.analysis, dates.get(id)!, registry, parties, knownSources);
  };
  const firstPass = new Map(input.documents.map(({ document }) => [document.id, mentionsOf(document.id)]));
  const weights1 = termWeights([...firstPass.values()].flat());
  const datedMentions = input.documents
    .filter((d) => isDated(d.document))
    .flatMap((d) => firstPass.get(d.document.id)!);

  // Undated documents get a date from the dated ones, then their relative dates resolve.
  const inferred = new Map<string, InferredPublication>();
  const byId = new Map(input.documents.map((d) => [d.document.id, d.document]));
  // Copy relations by document, each in the order given.
  const copyRelations = new Map<string, FuseInput['relations']>();
  for (const r of input.relations)
    if (COPY_TYPES.has(r.type))
      for (const id of r.a === r.b ? [r.a] : [r.a, r.b]) {
        const list = copyRelations.get(id);
        if (list) list.push(r);
        else copyRelations.set(id, [r]);
      }
  let datedIndex: SimilarityIndex | undefined;
  for (const { document } of input.documents) {
    if (isDated(document)) continue;
    if (!datedIndex) {
      datedIndex = new SimilarityIndex(weights1);
      for (const m of datedMentions) datedIndex.add(m);
    }
    const copies = (copyRelations.get(document.id) ?? [])
      .map((r) => ({ document: byId.get(r.a === document.id ? r.b : r.a), type: r.type as string }))
      .filter((c): c is { document: Document; type: string } => Boolean(c.document && isDated(c.document)));
    const result = inferPublication(
      document,
      dates.get(document.id)!,
      firstPass.get(document.id)!,
      datedMentions,
      copies,
      weights1,
      datedIndex,
    );
    if (!result) continue;
    inferred.set(document.id, result);
    dates.set(document.id, resolveAll(dates.get(document.id)!, result.publishedAt.value));
  }

  // Pass 2: every statement with every date.
  const registry2 = registry;
  const all = input.documents.flatMap(({ document }) =>
    inferred.has(document.id) ? mentionsOf(document.id) : firstPass.get(document.id)!,
  );
  const order = new Map(
    input.documents.map(({ document }) => [document.id, `${publishedDay(document, inferred)}|${document.id}`]),
  );
  const orderRank = orderRanks(order);
  const weights = termWeights(all);
  const statements = all.filter((m) => m.stance !== 'denies' && m.terms.length >= ALIGN.minTerms);
  const denials = all.filter((m) => m.stance === 'denies');
  const groups = clusterMentions(statements, weights).map((g) => g.map((i) => statements[i]!));

  // Every statement and denial in an index: a denial or a belief is compared with the statements it shares words,
  // entities or counts with, not with every statement of the story. One that shares nothing scores at most zero, and
  // the denier's and the same side's bonuses alone stay under the thresholds.
  const index = new GroupedIndex<Mention[]>(weights);
  const place = (m: Mention, group: Mention[]) => index.place(m, group);
  for (const group of groups) for (const m of group) place(m, group);
  // Groups keep their relative order (ties go to the earliest), and the best score per group is the best member's.
  const rank = new Map(groups.map((g, i) => [g, i]));
  const bestPerGroup = (queries: Mention[], eligible: (g: Mention[]) => boolean) => {
    const best = new Map<Mention[], number>();
    for (const q of queries)
      for (const [group, score] of index.best(q))
        if (eligible(group)) best.set(group, Math.max(best.get(group) ?? 0, score));
    return [...best].sort(([a], [b]) => rank.get(a)! - rank.get(b)!);
  };
  const supportingGroups = new Set(groups.filter((g) => g.some(isSupporting)));
  const about = new Map<Mention[], Set<string>>();
  const aboutOf = (g: Mention[]) => {
    let set = about.get(g);
    if (!set) {
      set = new Set(g.flatMap((m) => m.entities));
      about.set(g, set);
    }
    return set;
  };

  // A denial joins the fact it denies: the closest wording, preferring facts about the denier.
  for (const denial of denials) {
    const denier = registry2.origins.get(denial.origin);
    let best: { score: number; group: Mention[] } | null = null;
    for (const [group, similar] of bestPerGroup([denial], (g) => supportingGroups.has(g))) {
      let score = similar;
      const entities = aboutOf(group);
      if (denier && (entities.has(denier.id) || entities.has(denier.group.replace(/^gov:/, '')))) score += 0.1;
      if (score >= ALIGN.denial && (!best || score > best.score)) best = { score, group };
    }
    if (best) {
      best.group.push(denial);
      place(denial, best.group);
      for (const e of denial.entities) aboutOf(best.group).add(e);
    } else if (denial.terms.length) {
      const group = [denial];
      rank.set(group, groups.length);
      groups.push(group);
      place(denial, group);
    }
  }

  // A belief about a proposition that others assert or deny joins that fact, its stance kept ("the United States
  // believes North Korea is sending shipments …" beside the accusation that it supplies shells): a belief forms a
  // fact of its own only when nothing else states it. The closest wording wins, preferring facts its own side
  // already puts forward.
  const asserted = (g: Mention[]) => g.some((m) => m.stance === 'denies' || isSupporting(m));
  const sidesOf = new Map<Mention[], Set<string>>();
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i]!;
    if (!group.every((m) => m.stance === 'believes')) continue;
    let best: { score: number; group: Mention[] } | null = null;
    for (const [other, similar] of bestPerGroup(group, (g) => g !== group && asserted(g))) {
      let score = similar;
      // A belief joining a group leaves the others who state it as they were.
      let sides = sidesOf.get(other);
      if (!sides) {
        sides = new Set(other.filter((m) => m.stance !== 'believes').map((m) => registry2.groupOfId(m.origin)));
        sidesOf.set(other, sides);
      }
      if (group.some((m) => sides.has(registry2.groupOfId(m.origin)))) score += ALIGN.sameSideBonus;
      if (score >= ALIGN.belief && (!best || score > best.score)) best = { score, group: other };
    }
    if (!best) continue;
    best.group.push(...group);
    for (const m of group) place(m, best.group);
    groups.splice(i, 1);
  }

  const disagreements = new Disagreements(
    new PlaceRelations(input.documents.map(({ document, analysis }) => ({ analysis, text: document.text }))),
    entityNames(input.documents.flatMap(({ analysis }) => analysis.entities)),
    weights,
  );
  let facts: Fact[] = groups
    .filter((g) => g.some((m) => m.originBasis !== 'outlet' || g.length > 1 || m.terms.length >= ALIGN.minTerms))
    .map((g, i) => {
      settleOrigins(g, family, order, registry2, weights, disagreements, orderRank);
      return makeFact(`f${i + 1}`, g, 'event', orderRank);
    });

  // Dates, places and actors that independent sources of one fact give differently.
  for (const fact of facts) {
    const found = disagreements.inFact(fact.mentions, registry2, family);
    if (!found) continue;
    fact.variants = found.variants;
    fact.disagreeOn = found.on;
  }

  // Counts the sources disagree on.
  for (const list of quantityFacts(all, registry2, family, weights)) {
    const unit = list[0]!.quantities[0]!.unit;
    const fact = makeFact(`q${facts.length + 1}`, list, 'quantity', orderRank);
    const byValue = new Map<string, Mention[]>();
    for (const m of list)
      for (const q of m.quantities)
        if (q.unit === unit) byValue.set(String(q.value), [...(byValue.get(String(q.value)) ?? []), m]);
    fact.variants = [...byValue].map(([value, ms]) => ({
      value,
      origins: uniq(ms.map((m) => m.origin)),
      mentions: uniq(ms.map((m) => m.id)),
    }));
    fact.statement = `Number of ${unit}s: ${[...byValue.keys()].join(' vs ')}`;
    fact.disagreeOn = 'count';
    fact.date = null;
    facts.push(fact);
  }

  // Observations take part as origins.
  const observations: StoryFusion['observations'] = [];
  for (const o of input.observations) {
    const origin = registry2.fromObservation(o);
    const matches = matchObservationToFacts(o, facts);
    const stance = observationContradicts(o) ? 'contradicts' : 'observes';
    observations.push({
      id: o.id,
      matched: matches.map((m) => m.factId),
      stance: matches.length ? stance : null,
      score: matches[0]?.score ?? 0,
    });
    for (const match of matches) {
      const fact = facts.find((f) => f.id === match.factId)!;
      fact.mentions.push(observationMention(o, origin.id, stance));
      fact.origins = uniq([...fact.origins, origin.id]);
      if (stance === 'contradicts') {
        const reported = fact.date?.value ?? fact.statement;
        const window = observationWindow(o);
        fact.variants = [
          {
            value: reported,
            origins: fact.origins.filter((x) => x !== origin.id),
            mentions: fact.mentions.filter((m) => m.origin !== origin.id).map((m) => m.id),
          },
          {
            value: `observed ${o.observedAt ?? `${o.observedFrom} – ${o.observedTo}`}: ${snippet(o.description, 120)}`,
            origins: [origin.id],
            mentions: [`observation:${o.id}`],
          },
        ];
        if (!window) fact.variants.pop();
        fact.disagreeOn = 'observation';
      }
    }
  }

  // Status, period.
  const pubDays = input.documents
    .map(({ document }) => document.publishedAt.value ?? inferred.get(document.id)?.publishedAt.value ?? null)
    .filter((d): d is string => d !== null)
    .map((d) => d.slice(0, 10));
  const window = windowOf(pubDays);
  for (const fact of facts) {
    const { status, reason } = describeStatus(fact, registry2, family, documentOrder);
    fact.status = status;
    fact.reason = reason;
    fact.period = fact.date ? periodOf(fact.date, window) : null;
  }
  facts = facts.sort((a, b) => b.independentOrigins - a.independentOrigins || b.documents.length - a.documents.length);
  // Outlets are the publications; an analyst's observation is an origin, not an outlet.
  for (const f of facts)
    f.outlets = uniq(f.mentions.filter((m) => m.originBasis !== 'observation').map((m) => m.outlet.name));

  const timeline = buildTimeline(facts, registry2, window);
  const usedOrigins = new Set(facts.flatMap((f) => f.mentions.map((m) => m.origin)));
  const outletCounts = new Map<string, { id: string; name: string; documents: number }>();
  for (const { document } of input.documents) {
    const o = outletCounts.get(document.source.id) ?? {
      id: document.source.id,
      name: document.source.name,
      documents: 0,
    };
    o.documents++;
    outletCounts.set(document.source.id, o);
  }
  const fusion: StoryFusion = {
    storyId: input.storyId ?? null,
    documents: input.documents.map(({ document }) => ({
      id: document.id,
      title: document.title,
      outlet: document.source.name,
      publishedAt: inferred.get(document.id)?.publishedAt ?? document.publishedAt,
      copies: (copyRelations.get(document.id) ?? [])
        .filter((r) => r.a === document.id)
        .map((r) => ({ of: r.b, type: r.type })),
    })),
    origins: [...registry2.origins.values()].filter((o) => usedOrigins.has(o.id)),
    outlets: [...outletCounts.values()],
    facts,
    timeline,
    inferredDates: [...inferred.values()],
    observations,
    dates: Object.fromEntries(dates),
    brief: {
      title: '',
      lead: '',
      corroborated: [],
      singleOrigin: [],
      disputed: [],
      contradicted: [],
      openQuestions: [],
    },
  };
  fusion.brief = buildBrief(fusion, input, registry2);
  return fusion;
}

function observationMention(o: Observation, originId: string, stance: 'observes' | 'contradicts'): Mention {
  const text = o.description;
  const window = observationWindow(o);
  const range = window ? { start: window.start, end: window.end } : null;
  return {
    id: `observation:${o.id}`,
    documentId: `observation:${o.id}`,
    sentence: { start: 0, end: text.length, text },
    content: { start: 0, end: text.length, text },
    outlet: { id: `analyst:${o.analyst}`, name: o.analyst },
    origin: originId,
    originBasis: 'observation',
    sourceText: o.analyst,
    via: null,
    stance,
    claimId: null,
    entities: [],
    terms: contentTerms(text),
    dates: range
      ? [
          {
            value: o.observedAt ?? `${o.observedFrom}/${o.observedTo}`,
            ...range,
            precision: range.start === range.end ? 'time' : 'day',
            text: o.observedAt ?? `${o.observedFrom} – ${o.observedTo}`,
            documentId: `observation:${o.id}`,
          },
        ]
      : [],
    quantities: [],
    spokenAt: [],
    actor: null,
    where: [],
  };
}

/**
 * The dates of a fact's denials, when they differ from the fact's own: "in September, North Korea denied …" is an
 * event of its own on the timeline, before the accusation it answers.
 */
function denialDates(fact: Fact): { date: EventDate; origins: string[] }[] {
  const out = new Map<string, { date: EventDate; origins: string[] }>();
  for (const m of fact.mentions) {
    if (m.stance !== 'denies') continue;
    const date = factDate([m]);
    if (!date || (fact.date && date.start === fact.date.start && date.end === fact.date.end)) continue;
    const key = `${date.start}|${date.end}|${date.precision}`;
    const entry = out.get(key) ?? { date, origins: [] };
    entry.origins = uniq([...entry.origins, m.origin]);
    out.set(key, entry);
  }
  return [...out.values()];
}

function buildTimeline(facts: Fact[], registry: OriginRegistry, window: ReturnType<typeof windowOf>): TimelineEntry[] {
  const entries = new Map<string, TimelineEntry>();
  const add = (date: EventDate, item: TimelineEntry['facts'][number], outlets: string[], origins: string[]) => {
    const key = `${date.start}|${date.end}|${date.precision}`;
    const entry = entries.get(key) ?? { date, period: periodOf(date, window), facts: [], outlets: [], origins: [] };
    entry.facts.push(item);
    entry.outlets = uniq([...entry.outlets, ...outlets]);
    entry.origins = uniq([...entry.origins, ...origins.map((o) => registry.origins.get(o)?.name ?? o)]);
    entries.set(key, entry);
  };
  for (const fact of facts) {
    if (fact.date)
      add(fact.date, { id: fact.id, statement: fact.statement, status: fact.status }, fact.outlets, fact.supportedBy);
    for (const denial of denialDates(fact)) {
      const outlets = uniq(
        fact.mentions
          .filter((m) => denial.origins.includes(m.origin) && m.stance === 'denies')
          .map((m) => m.outlet.name),
      );
      add(
        denial.date,
        {
          id: fact.id,
          statement: `${names(denial.origins, registry)} denied: ${fact.statement}`,
          status: fact.status,
          event: 'denial',
        },
        outlets,
        denial.origins,
      );
    }
  }
  return [...entries.values()].sort(
    (a, b) =>
      a.date.start.localeCompare(b.date.start) ||
      PRECISION_RANK[a.date.precision]! - PRECISION_RANK[b.date.precision]! ||
      a.date.end.localeCompare(b.date.end),
  );
}

function briefItem(fact: Fact, registry: OriginRegistry): BriefItem {
  return {
    factId: fact.id,
    statement: fact.statement,
    status: fact.status,
    reason: fact.reason,
    date: fact.date ? fact.date.value : null,
    origins: fact.origins.map((o) => registry.origins.get(o)?.name ?? o),
    outlets: fact.outlets,
  };
}

function buildBrief(fusion: StoryFusion, input: FuseInput, registry: OriginRegistry): Brief {
  const items = (status: FactStatus) =>
    fusion.facts.filter((f) => f.status === status).map((f) => briefItem(f, registry));
  const substantive = (f: Fact) => f.mentions.length > 1 || f.status !== 'single-origin';
  const news = fusion.facts.filter((f) => f.period === 'news' && substantive(f));
  const leadFact = news[0] ?? fusion.facts[0];
  const titled = [...input.documents].sort((a, b) =>
    (a.document.publishedAt.value ?? '9999').localeCompare(b.document.publishedAt.value ?? '9999'),
  )[0];
  const count = (s: FactStatus) => fusion.facts.filter((f) => f.status === s).length;
  const lead = leadFact
    ? `${snippet(leadFact.statement, 160)}${leadFact.date ? ` (${readableDate(leadFact.date.value)})` : ''} — ${leadFact.status}: ${leadFact.reason}. ` +
      `${fusion.documents.length} reports from ${fusion.outlets.length} outlets; ${count('corroborated')} corroborated, ` +
      `${count('single-origin')} single-origin, ${count('disputed')} disputed, ${count('contradicted')} contradicted, ` +
      `${count('hedged')} open.`
    : 'No facts found.';
  return {
    title: titled?.document.title ?? '',
    lead,
    corroborated: items('corroborated'),
    singleOrigin: items('single-origin').filter((i) => {
      const f = fusion.facts.find((x) => x.id === i.factId)!;
      return substantive(f);
    }),
    disputed: items('disputed'),
    contradicted: items('contradicted'),
    openQuestions: items('hedged'),
  };
}
