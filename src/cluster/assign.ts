/**
 * The cluster stage as the pipeline calls it: from the stored active window and newly stored documents to the next
 * state, plus exactly which rows changed. Pure: the store loads the window (and the archived stories the new
 * documents' LSH bands point at) before it and writes the changes after it.
 */
import type { Analysis, Document } from '../model.ts';
import { type ClusterInput, type DocFingerprint, fingerprint } from './fingerprint.ts';
import { LSH_BANDS, MINHASH_PERMUTATIONS } from './patterns.ts';
import type { Relation } from './relations.ts';
import {
  bandsOf,
  type ClusterChanges,
  type ClusterSnapshot,
  diskKeys,
  StoryClusterer,
  type StoryView,
} from './stories.ts';

export interface ClusterPlan {
  /** The active window after the pass (what the next pass loads). */
  snapshot: ClusterSnapshot;
  /** What the store writes: changed and evicted documents, touched and removed stories. */
  changed: ClusterChanges;
  /** The stories that changed (in RAM or evicted in this pass). */
  stories: StoryView[];
}

/** Stories that left RAM, as a store finds them in its on-disk index: their rows and their relations. */
export interface ArchivedStories {
  docs: ClusterSnapshot['docs'];
  relations: Relation[];
}

/** Documents fingerprinted in arrival order, with the keys to look up in the on-disk index before assigning. */
export function prepareDocuments(documents: ClusterInput[]): {
  fingerprints: DocFingerprint[];
  bands: number[];
  exact: string[];
} {
  const fingerprints = inArrivalOrder(documents).map((d) => fingerprint(d, 0));
  const bands = new Set<number>();
  const exact = new Set<string>();
  for (const fp of fingerprints) {
    const keys = diskKeys(fp);
    for (const b of keys.bands) bands.add(b);
    exact.add(keys.exact);
  }
  // Sorted, so that an on-disk index reads them in key order.
  return { fingerprints, bands: [...bands].sort((a, b) => a - b), exact: [...exact].sort() };
}

/**
 * Add documents in publication order (undated ones after, in the order given). Stories of the on-disk index that
 * share an LSH band or exact text with a new document come back into RAM first, so copies of old documents join
 * their story. While the window is small enough (`reclusterUpTo` documents), all assignments in it are then
 * revisited with the final term frequencies, so that the result depends as little as possible on the order of
 * arrival; beyond that a pass would cost O(window) per batch, and `triangulate recluster` does it on demand.
 */
export function assignStories(
  previous: ClusterSnapshot | null,
  documents: ClusterInput[] | ReturnType<typeof prepareDocuments>,
  archived: ArchivedStories | null = null,
  options: { reclusterUpTo?: number; clusterer?: StoryClusterer } = {},
): ClusterPlan & { clusterer: StoryClusterer } {
  const clusterer = options.clusterer ?? (previous ? StoryClusterer.restore(previous) : new StoryClusterer());
  const prepared = Array.isArray(documents) ? prepareDocuments(documents) : documents;
  if (archived) clusterer.revive(matchedArchive(prepared.fingerprints, archived.docs), archived.relations);
  for (const fp of prepared.fingerprints) clusterer.addFingerprinted(fp);
  if (prepared.fingerprints.length > 0) {
    clusterer.evictIdle();
    if (clusterer.activeDocuments <= (options.reclusterUpTo ?? 5_000)) clusterer.recluster();
  }
  return { ...planFrom(clusterer), clusterer };
}

/**
 * The archived stories that an arriving document really matches: same exact-text key, or one LSH band whose rows
 * are all equal. An on-disk index files bands under 32-bit hashes, and with millions of rows a new band's hash
 * also names unrelated bands (32 bands × 3M rows gave a false hit to 2% of documents at 100k, bringing whole
 * stories back for nothing, and more as the archive grows); checking the rows themselves keeps only real ones.
 */
export function matchedArchive(
  arriving: readonly DocFingerprint[],
  rows: ClusterSnapshot['docs'],
): ClusterSnapshot['docs'] {
  if (rows.length === 0) return rows;
  const exact = new Set(arriving.map((fp) => fp.exactKey));
  const byBand = new Map<number, DocFingerprint[]>();
  for (const fp of arriving)
    for (const band of bandsOf(fp.signature)) {
      const list = byBand.get(band);
      if (list) list.push(fp);
      else byBand.set(band, [fp]);
    }
  const rowsPerBand = MINHASH_PERMUTATIONS / LSH_BANDS;
  const sameBand = (a: readonly number[], b: readonly number[]) => {
    for (let band = 0; band < LSH_BANDS; band++) {
      const from = band * rowsPerBand;
      if (a[from] === 0xffffffff) continue;
      let equal = true;
      for (let r = from; r < from + rowsPerBand && equal; r++) equal = a[r] === b[r];
      if (equal) return true;
    }
    return false;
  };
  const stories = new Set<string>();
  for (const row of rows) {
    if (stories.has(row.storyId)) continue;
    const fp = row.fingerprint;
    let hit = exact.has(fp.exactKey);
    if (!hit)
      for (const band of bandsOf(fp.signature)) {
        if (byBand.get(band)?.some((other) => sameBand(fp.signature, other.signature))) {
          hit = true;
          break;
        }
      }
    if (hit) stories.add(row.storyId);
  }
  return rows.filter((row) => stories.has(row.storyId));
}

/** `triangulate recluster`: the same documents from scratch, keeping the analyst's merge/split constraints. */
export function reclusterAll(previous: ClusterSnapshot, documents: ClusterInput[]): ClusterPlan {
  const clusterer = StoryClusterer.restore({
    ...previous,
    docs: [],
    relations: [],
    nextStory: 1,
    frequencies: undefined,
    clock: null,
  });
  for (const doc of inArrivalOrder(documents)) clusterer.add(doc);
  clusterer.evictIdle();
  clusterer.recluster();
  const plan = planFrom(clusterer, true);
  return { ...plan, changed: { ...plan.changed, full: true } };
}

/** Apply an analyst's override (merge or split) to the stored state. */
export function applyOverride(
  previous: ClusterSnapshot,
  override: { action: 'merge'; a: string; b: string } | { action: 'split'; story: string; docs: string[] },
  archived: ArchivedStories | null = null,
): ClusterPlan & { storyId: string } {
  const clusterer = StoryClusterer.restore(previous);
  // Stories that left the active window come back for the override (and stay until they are idle again).
  if (archived) clusterer.revive(archived.docs, archived.relations);
  const storyId =
    override.action === 'merge'
      ? clusterer.merge(override.a, override.b)
      : clusterer.split(override.story, override.docs);
  return { ...planFrom(clusterer), storyId };
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

/**
 * The plan of a pass: a full rebuild's snapshot has every document frequency, an incremental one only the count of
 * documents (the changed counts are in `changed.frequencies`): listing them all would cost a pass O(keys).
 */
function planFrom(clusterer: StoryClusterer, full = false): ClusterPlan {
  const changed = clusterer.takeChanges();
  return { snapshot: clusterer.snapshot({ counts: full }), changed, stories: changed.stories };
}
