/**
 * The digest: what changed since the last one, story by story. A pure function from the previous snapshot and the
 * current state to the changes and the next snapshot, so that each stage plugs its data into `DigestInput`:
 * ingest gives documents and edits, clustering the story of each document, fusion facts (with their status) and
 * contradictions, the watcher alert matches. Until clustering lands, documents are grouped by source; until fusion
 * lands, the fact sections are empty.
 */

export interface DigestEdit {
  /** Version number at the URL (2 for the first edit). */
  version: number;
  previousId: string;
  /** Paragraphs in this version and not in the previous one, and the other way round (shortened). */
  added: string[];
  removed: string[];
}

export interface DigestDocument {
  id: string;
  title: string;
  url: string | null;
  source: { id: string; name: string };
  publishedAt: string | null;
  ingestedAt: string;
  story: { id: string; title: string } | null;
  /** Set when the document is a changed version of an article seen before at the same URL. */
  edit: DigestEdit | null;
}

export type FactStatus = 'single-origin' | 'corroborated' | 'disputed' | (string & {});

/** A fact as fusion will report it; the digest needs no more than this. */
export interface DigestFact {
  id: string;
  storyId: string | null;
  statement: string;
  status: FactStatus;
  /** Independent origins behind the fact, and the outlets that carried it. */
  origins: string[];
  sources: string[];
  firstSeenAt: string;
}

export interface DigestContradiction {
  id: string;
  storyId: string | null;
  summary: string;
  sources: string[];
}

export interface DigestAlert {
  ruleId: number;
  rule: string;
  documentId: string;
  title: string;
  url: string | null;
  reasons: string[];
  matchedAt: string;
}

/** The current state, as of `until`. */
export interface DigestInput {
  since: string;
  until: string;
  /** Documents ingested in `(since, until]`. */
  documents: DigestDocument[];
  alerts: DigestAlert[];
  /** Every current fact and contradiction (fusion); empty before fusion lands. */
  facts: DigestFact[];
  contradictions: DigestContradiction[];
}

/** What the next digest compares against. */
export interface DigestSnapshot {
  takenAt: string;
  storyIds: string[];
  factStatus: Record<string, FactStatus>;
  contradictionIds: string[];
}

export interface DigestGroup {
  kind: 'story' | 'source';
  id: string;
  title: string;
  /** A story first seen in this digest. */
  isNew: boolean;
  documents: DigestDocument[];
  edited: DigestDocument[];
  newFacts: DigestFact[];
  statusChanges: { fact: DigestFact; from: FactStatus; to: FactStatus }[];
  newContradictions: DigestContradiction[];
  /** Facts still resting on one origin more than `singleOriginHours` after they were first seen. */
  singleOrigin: DigestFact[];
  /** The outlets behind everything listed in the group. */
  sources: string[];
}

export interface Digest {
  since: string;
  until: string;
  totals: {
    documents: number;
    edited: number;
    stories: number;
    newStories: number;
    alerts: number;
    newFacts: number;
    statusChanges: number;
    newContradictions: number;
    singleOrigin: number;
  };
  groups: DigestGroup[];
  alerts: DigestAlert[];
}

export interface DigestOptions {
  singleOriginHours: number;
}

export function computeDigest(
  previous: DigestSnapshot | null,
  current: DigestInput,
  options: DigestOptions,
): { digest: Digest; snapshot: DigestSnapshot } {
  const groups = new Map<string, DigestGroup>();
  const knownStories = new Set(previous?.storyIds ?? []);
  const groupFor = (kind: DigestGroup['kind'], id: string, title: string) => {
    const key = `${kind}:${id}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        kind,
        id,
        title,
        isNew: kind === 'story' && !knownStories.has(id),
        documents: [],
        edited: [],
        newFacts: [],
        statusChanges: [],
        newContradictions: [],
        singleOrigin: [],
        sources: [],
      };
      groups.set(key, group);
    }
    return group;
  };
  const storyGroup = (storyId: string | null) =>
    storyId
      ? groupFor('story', storyId, storyTitles.get(storyId) ?? storyId)
      : groupFor('source', 'unassigned', 'Not in a story');

  const storyTitles = new Map<string, string>();
  for (const d of current.documents) if (d.story) storyTitles.set(d.story.id, d.story.title);

  for (const document of current.documents) {
    const group = document.story
      ? groupFor('story', document.story.id, document.story.title)
      : groupFor('source', document.source.id, document.source.name);
    (document.edit ? group.edited : group.documents).push(document);
    addSource(group, document.source.name);
  }

  const sinceMs = Date.parse(current.since);
  const staleBefore = Date.parse(current.until) - options.singleOriginHours * 3_600_000;
  for (const fact of current.facts) {
    const before = previous?.factStatus[fact.id];
    const isNew = before === undefined && Date.parse(fact.firstSeenAt) > sinceMs;
    const changed = before !== undefined && before !== fact.status;
    const stale = fact.status === 'single-origin' && Date.parse(fact.firstSeenAt) <= staleBefore;
    if (!isNew && !changed && !stale) continue;
    const group = storyGroup(fact.storyId);
    if (isNew) group.newFacts.push(fact);
    if (changed) group.statusChanges.push({ fact, from: before, to: fact.status });
    if (stale) group.singleOrigin.push(fact);
    for (const source of fact.sources) addSource(group, source);
  }

  const knownContradictions = new Set(previous?.contradictionIds ?? []);
  for (const contradiction of current.contradictions) {
    if (knownContradictions.has(contradiction.id)) continue;
    const group = storyGroup(contradiction.storyId);
    group.newContradictions.push(contradiction);
    for (const source of contradiction.sources) addSource(group, source);
  }

  // Stories first (new ones first), then sources; within each, the busiest first.
  const ordered = [...groups.values()].sort(
    (a, b) =>
      Number(b.kind === 'story') - Number(a.kind === 'story') ||
      Number(b.isNew) - Number(a.isNew) ||
      weight(b) - weight(a) ||
      a.title.localeCompare(b.title),
  );
  const sum = (f: (g: DigestGroup) => number) => ordered.reduce((n, g) => n + f(g), 0);
  const digest: Digest = {
    since: current.since,
    until: current.until,
    totals: {
      documents: sum((g) => g.documents.length),
      edited: sum((g) => g.edited.length),
      stories: ordered.filter((g) => g.kind === 'story').length,
      newStories: ordered.filter((g) => g.isNew).length,
      alerts: current.alerts.length,
      newFacts: sum((g) => g.newFacts.length),
      statusChanges: sum((g) => g.statusChanges.length),
      newContradictions: sum((g) => g.newContradictions.length),
      singleOrigin: sum((g) => g.singleOrigin.length),
    },
    groups: ordered,
    alerts: current.alerts,
  };
  const storyIds = new Set(knownStories);
  for (const d of current.documents) if (d.story) storyIds.add(d.story.id);
  const snapshot: DigestSnapshot = {
    takenAt: current.until,
    storyIds: [...storyIds].sort(),
    factStatus: Object.fromEntries(current.facts.map((f) => [f.id, f.status])),
    contradictionIds: current.contradictions.map((c) => c.id).sort(),
  };
  return { digest, snapshot };
}

function addSource(group: DigestGroup, name: string): void {
  if (!group.sources.includes(name)) group.sources.push(name);
}

function weight(group: DigestGroup): number {
  return (
    group.documents.length +
    group.edited.length +
    group.newFacts.length +
    group.statusChanges.length +
    group.newContradictions.length
  );
}

export function isEmpty(digest: Digest): boolean {
  return digest.groups.length === 0 && digest.alerts.length === 0;
}

/** Paragraphs added and removed between two versions of an article, each shortened for a mail. */
export function paragraphDiff(
  before: string[],
  after: string[],
  limit = 5,
  maxChars = 240,
): { added: string[]; removed: string[] } {
  const normalise = (p: string) => p.replace(/\s+/g, ' ').trim();
  const beforeSet = new Set(before.map(normalise));
  const afterSet = new Set(after.map(normalise));
  const shorten = (p: string) => (p.length > maxChars ? `${p.slice(0, maxChars - 1).trimEnd()}…` : p);
  return {
    added: [...afterSet]
      .filter((p) => p && !beforeSet.has(p))
      .slice(0, limit)
      .map(shorten),
    removed: [...beforeSet]
      .filter((p) => p && !afterSet.has(p))
      .slice(0, limit)
      .map(shorten),
  };
}
