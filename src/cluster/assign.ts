/**
 * The cluster stage as the pipeline calls it: from the stored clustering state and newly stored documents to the
 * next state, plus which rows changed. Pure: the store loads and saves the snapshot around it.
 */
import type { Analysis, Document } from '../model.ts';
import type { ClusterInput } from './fingerprint.ts';
import { type ClusterSnapshot, StoryClusterer, type StoryView } from './stories.ts';

export interface ClusterPlan {
  snapshot: ClusterSnapshot;
  /** Documents whose row is new or whose story/membership changed. */
  changed: Set<string>;
  stories: StoryView[];
}

/**
 * Add documents in publication order (undated ones after, in the order given), then revisit all assignments with
 * the final term frequencies so that the result depends as little as possible on the order of arrival.
 */
export function assignStories(previous: ClusterSnapshot | null, documents: ClusterInput[]): ClusterPlan {
  const clusterer = previous ? StoryClusterer.restore(previous) : new StoryClusterer();
  const before = membershipKeys(previous);
  for (const doc of inArrivalOrder(documents)) clusterer.add(doc);
  if (documents.length > 0) clusterer.recluster();
  return planFrom(clusterer, before);
}

/** `triangulate recluster`: the same documents from scratch, keeping the analyst's merge/split constraints. */
export function reclusterAll(previous: ClusterSnapshot, documents: ClusterInput[]): ClusterPlan {
  const clusterer = StoryClusterer.restore({ ...previous, docs: [], relations: [], nextStory: 1 });
  for (const doc of inArrivalOrder(documents)) clusterer.add(doc);
  clusterer.recluster();
  return planFrom(clusterer, membershipKeys(previous));
}

/** Apply an analyst's override (merge or split) to the stored state. */
export function applyOverride(
  previous: ClusterSnapshot,
  override: { action: 'merge'; a: string; b: string } | { action: 'split'; story: string; docs: string[] },
): ClusterPlan & { storyId: string } {
  const clusterer = StoryClusterer.restore(previous);
  const storyId =
    override.action === 'merge'
      ? clusterer.merge(override.a, override.b)
      : clusterer.split(override.story, override.docs);
  return { ...planFrom(clusterer, membershipKeys(previous)), storyId };
}

/** What the cluster stage reads of a stored document and its analysis. */
export function clusterInputOf(document: Document, analysis: Analysis | null): ClusterInput {
  return {
    id: document.id,
    title: document.title,
    text: document.text,
    sourceId: document.source.id,
    publishedAt: document.publishedAt.value,
    entities: analysis?.entities.map((e) => e.id) ?? [],
  };
}

export function inArrivalOrder(documents: ClusterInput[]): ClusterInput[] {
  const dated = documents.filter((d) => d.publishedAt && !Number.isNaN(Date.parse(d.publishedAt)));
  const undated = documents.filter((d) => !dated.includes(d));
  dated.sort((a, b) => Date.parse(a.publishedAt!) - Date.parse(b.publishedAt!));
  return [...dated, ...undated];
}

function membershipKeys(snapshot: ClusterSnapshot | null): Map<string, string> {
  return new Map(
    (snapshot?.docs ?? []).map((row) => [row.fingerprint.id, JSON.stringify([row.storyId, row.membership])]),
  );
}

function planFrom(clusterer: StoryClusterer, before: Map<string, string>): ClusterPlan {
  const snapshot = clusterer.snapshot();
  const changed = new Set(
    snapshot.docs
      .filter((row) => before.get(row.fingerprint.id) !== JSON.stringify([row.storyId, row.membership]))
      .map((row) => row.fingerprint.id),
  );
  return { snapshot, changed, stories: clusterer.storyList() };
}
