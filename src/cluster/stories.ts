/**
 * Online story clustering with explanations and analyst constraints.
 *
 * Each arriving document is compared only with candidate stories found through indexes (an inverted index on its
 * rarest terms and anchors, LSH buckets for near-duplicates, an exact-text index), never with the whole collection.
 * It joins the best story when the similarity reaches the join threshold, else starts a new story. Similarity mixes
 * a topical TF-IDF cosine over content words with a cosine over event anchors (names, years, numbers, given entity
 * ids), both against the story centroid, damped by the time gap to the story. A copy relation (duplicate,
 * near-duplicate, rewrite) to a member ties the document to that story.
 *
 * `recluster()` revisits every assignment with the final document frequencies: documents (or must-linked groups)
 * move to their best story, stories whose anchors fall into two unrelated groups are split, and analyst
 * constraints hold throughout (must-link groups move together, cannot-link pairs never share a story).
 *
 * Pure: no I/O. `snapshot()` gives plain JSON rows; `StoryClusterer.restore(snapshot)` rebuilds every index.
 */

import { louvain } from './communities.ts';
import { type ClusterInput, compactFingerprint, type DocFingerprint, fingerprint } from './fingerprint.ts';
import { bandHashes, LshIndex } from './minhash.ts';
import { precedence, type Relation, relate } from './relations.ts';
import { addInto, DocumentFrequencies, dot, type FrequencyChanges, type SparseVector, squaredNorm } from './vectors.ts';

export interface ClusterParams {
  /** Combined similarity a document needs to join a story. */
  joinThreshold: number;
  /** Weight of the anchor cosine (names, years, numbers, entities) against the content-word cosine. */
  anchorWeight: number;
  /** Days over which the time factor decays by 1/e (gap between a document's date and the story's span). */
  timeScaleDays: number;
  /** `recluster`: each document links to this many most similar candidates (a sparse k-NN graph). */
  graphNeighbours: number;
  /** `recluster`: the least similarity for a k-NN edge. */
  edgeThreshold: number;
  /** `recluster`: Louvain resolution; higher gives smaller, tighter stories. */
  resolution: number;
  /**
   * `recluster`: below this many documents the resolution shrinks in proportion. Modularity compares a story's
   * inner links with what its share of all links would predict; in a small collection one developing story holds
   * most of the links, so a resolution fit for hundreds of documents cuts it into its days and facets. 500: at 270
   * the demo's five-day story split at its first day once shared boilerplate (wire credits) stopped gluing it.
   */
  resolutionFullSize: number;
  /** How many of a document's rarest keys are looked up in the inverted index. */
  candidateKeys: number;
  /** A key's lookup reads at most its this many most recent documents (keeps per-document cost flat). */
  maxPostings: number;
  /** All keys' lookups together read at most this many postings (rarest keys first). */
  postingsBudget: number;
  /** How many nearest candidate documents are checked for rewrite relations. */
  relationChecks: number;
  /**
   * Active window: a story none of whose dated members is within this many days of the latest publication date
   * seen leaves RAM (its rows stay in the store; an on-disk index of LSH bands brings it back for a copy).
   */
  windowDays: number;
  /** Active window: at most this many documents stay in RAM; the least recently joined stories leave first. */
  maxActiveDocs: number;
}

export const defaultClusterParams: Readonly<ClusterParams> = Object.freeze({
  joinThreshold: 0.25,
  anchorWeight: 0.3,
  timeScaleDays: 30,
  graphNeighbours: 3,
  edgeThreshold: 0.15,
  resolution: 3,
  resolutionFullSize: 500,
  candidateKeys: 24,
  maxPostings: 400,
  postingsBudget: 200,
  relationChecks: 3,
  windowDays: 30,
  maxActiveDocs: 10_000,
});

export type Constraint =
  /** These documents belong to one story (an analyst's `merge`). */
  | { kind: 'must-link'; docs: string[] }
  /** No document of `a` shares a story with a document of `b` (an analyst's `split`). */
  | { kind: 'cannot-link'; a: string[]; b: string[] };

/** Why a document is in its story: the answer to `story ID --why DOC`. */
export interface Membership {
  docId: string;
  storyId: string;
  decidedBy: 'arrival' | 'recluster' | 'analyst';
  reason: 'new-story' | 'similarity' | 'relation' | 'must-link';
  /** Combined score against the story when it was decided (0 for a new story). */
  score: number;
  textScore: number;
  anchorScore: number;
  /** 1 when undated or inside the story's time span; exp(-gap/timeScaleDays) otherwise. */
  timeFactor: number;
  daysFromStory: number | null;
  /** Content words that carried the similarity, strongest first. */
  sharedTerms: string[];
  /** Names, years, numbers and entity ids shared with the story, strongest first. */
  sharedAnchors: string[];
  /** The copy relation that tied the document in, when one did. */
  relation: { type: Relation['type']; with: string; score: number } | null;
  /** The most similar member document at the time. */
  nearest: { docId: string; score: number } | null;
  /** For a new story: the best candidate story, which scored below the join threshold. */
  closestStory?: { storyId: string; score: number };
}

export interface StoryView {
  id: string;
  /** Representative headline: the title of the member closest to the story centroid. */
  title: string;
  titleDocId: string;
  /** Member documents in arrival order. */
  docIds: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  sources: string[];
}

/** Plain JSON rows: everything needed to rebuild the clusterer. Vectors and indexes are derived. */
export interface ClusterSnapshot {
  version: 1;
  params: ClusterParams;
  nextStory: number;
  /** One row per document, in arrival order. */
  docs: Array<{ fingerprint: DocFingerprint; storyId: string; membership: Membership }>;
  relations: Relation[];
  constraints: Constraint[];
  /**
   * Document frequencies of every document ever added (the snapshot's rows may be only the active window), counts
   * in key order. Absent in snapshots written before the window: then they are recounted from the rows. A pass's
   * snapshot (`assignStories`) leaves out the counts: the changed ones are in `ClusterChanges.frequencies`.
   */
  frequencies?: { documents: number; counts?: Array<[string, number]> };
  /** Latest publication time seen (ms since 1970), where the active window ends. */
  clock?: number | null;
}

interface DocState {
  fp: DocFingerprint;
  /** LSH band hashes of the signature (computed once: indexing, lookups and eviction use them). */
  bands: number[];
  /** Its term and anchor keys (the inverted index's keys), computed once. */
  keys: string[];
  /** Already filed in the store's on-disk index (it came back from there): leaving RAM again files nothing. */
  filed: boolean;
  serial: number;
  storyId: string;
  text: SparseVector;
  anchors: SparseVector;
  /** Squared norms of the two vectors (kept with them: scoring against each candidate story needs them). */
  textNorm2: number;
  anchorNorm2: number;
  time: number | null;
  membership: Membership;
}

interface StoryState {
  id: string;
  docs: Set<string>;
  text: SparseVector;
  anchors: SparseVector;
  textNorm2: number;
  anchorNorm2: number;
  /** Earliest and latest publication time of dated members (ms), null when none is dated. */
  first: number | null;
  last: number | null;
  /** Serial of the latest member to join (or come back): the least recently joined stories leave RAM first. */
  joined: number;
}

interface Scored {
  storyId: string;
  score: number;
  textScore: number;
  anchorScore: number;
  timeFactor: number;
  daysFromStory: number | null;
}

/**
 * Candidate documents a lookup returns (their stories are scored; recluster's k-NN graph picks among them). Was 50:
 * 25 with a postings budget of 200 (was 400) cost nothing measurable — dev B³ F1 0.9409 either way, the synthetic
 * stream's B³ F1 0.888 against 0.887 — and scores 40% fewer stories per document. 15, or a budget of 120, moved dev
 * F1 by ±0.006 (noise of a small set, in both directions).
 */
const MAX_NEIGHBOURS = 25;

/** At most this many exact/LSH matches are checked per document. */
const MAX_COPY_CANDIDATES = 20;

const COPY_RELATIONS = new Set<Relation['type']>(['duplicate', 'near-duplicate', 'rewrite']);

function parseTime(value: string | null): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/**
 * Weights summed per document serial, in first-added order: a small open-addressing table in typed arrays, reset
 * (not reallocated) for each lookup. A Map grown from empty for each of the ~200 postings a lookup reads cost more
 * than the reading.
 */
class SerialWeights {
  /** Entry e (in first-added order) is serials[e] with weights[e]. */
  serials = new Int32Array(256);
  weights = new Float64Array(256);
  size = 0;
  private slots = new Int32Array(1024);
  private stamp = new Int32Array(1024);
  private generation = 0;
  private sorted = new Float64Array(256);

  /** Empty the table for at most `capacity` serials. */
  reset(capacity: number): void {
    this.size = 0;
    if (this.serials.length < capacity) {
      this.serials = new Int32Array(capacity);
      this.weights = new Float64Array(capacity);
      this.sorted = new Float64Array(capacity);
    }
    let slots = this.slots.length;
    while (slots < 4 * capacity) slots *= 2;
    if (slots !== this.slots.length) {
      this.slots = new Int32Array(slots);
      this.stamp = new Int32Array(slots);
      this.generation = 0;
    }
    this.generation++;
  }

  add(serial: number, weight: number): void {
    const mask = this.slots.length - 1;
    let k = (Math.imul(serial, 0x9e3779b1) >>> 0) & mask;
    while (this.stamp[k] === this.generation) {
      const e = this.slots[k]!;
      if (this.serials[e] === serial) {
        this.weights[e]! += weight;
        return;
      }
      k = (k + 1) & mask;
    }
    this.stamp[k] = this.generation;
    this.slots[k] = this.size;
    this.serials[this.size] = serial;
    this.weights[this.size++] = weight;
  }

  /** The `n`th largest weight (serial `except` left out), or -Infinity when there are no more than n. */
  cutoff(n: number, except: number): number {
    let m = 0;
    for (let e = 0; e < this.size; e++) if (this.serials[e] !== except) this.sorted[m++] = this.weights[e]!;
    if (m <= n) return Number.NEGATIVE_INFINITY;
    const weights = this.sorted.subarray(0, m).sort();
    return weights[m - n]!;
  }
}

/**
 * Cosine of a document vector (squared norm `own`) with a story centroid, or with the rest of the story when the
 * document is a member (its own weight taken out).
 */
function centroidCosine(
  v: SparseVector,
  own: number,
  centroid: SparseVector,
  centroidNorm2: number,
  member: boolean,
): number {
  let d = dot(v, centroid);
  let n2 = centroidNorm2;
  if (member) {
    n2 = centroidNorm2 - 2 * d + own;
    d -= own;
  }
  const n = Math.sqrt(own * Math.max(n2, 0));
  return n > 1e-9 ? d / n : 0;
}

/**
 * The keys contributing most to the dot product of a document vector with a story centroid (with the rest of the
 * story when the document is a member), strongest first, ties by key: at most 8, each above 1e-9. A running
 * top 8, not a sort of every key.
 */
function topContributions(v: SparseVector, centroid: SparseVector, member: boolean): string[] {
  const keys: string[] = [];
  const weights: number[] = [];
  v.forEach((w, key) => {
    const c = w * ((centroid.get(key) ?? 0) - (member ? w : 0));
    if (!(c > 1e-9)) return;
    let at = keys.length;
    while (at > 0 && (weights[at - 1]! < c || (weights[at - 1] === c && keys[at - 1]! > key))) at--;
    if (at >= 8) return;
    keys.splice(at, 0, key);
    weights.splice(at, 0, c);
    if (keys.length > 8) {
      keys.pop();
      weights.pop();
    }
  });
  return keys;
}

/**
 * Add a document vector into a centroid (as `addInto`) and return their dot product before the addition, in one
 * pass over the document's keys where `dot` and `addInto` took two. (When the centroid is not the larger, `dot`
 * would sum in its key order: that case keeps the two passes, so the sums are the same to the last bit.)
 */
function addCounting(centroid: SparseVector, v: SparseVector): number {
  if (centroid.size <= v.size) {
    const d = dot(centroid, v);
    addInto(centroid, v);
    return d;
  }
  let d = 0;
  v.forEach((w, key) => {
    const old = centroid.get(key);
    if (old !== undefined) d += w * old;
    const next = (old ?? 0) + w;
    if (Math.abs(next) < 1e-12) centroid.delete(key);
    else centroid.set(key, next);
  });
  return d;
}

/** The membership of a document that starts a story of its own: nothing tied it to another. */
function newStoryMembership(docId: string, storyId: string, decidedBy: Membership['decidedBy']): Membership {
  return {
    docId,
    storyId,
    decidedBy,
    reason: 'new-story',
    score: 0,
    textScore: 0,
    anchorScore: 0,
    timeFactor: 1,
    daysFromStory: null,
    sharedTerms: [],
    sharedAnchors: [],
    relation: null,
    nearest: null,
  };
}

export class StoryClusterer {
  readonly params: ClusterParams;
  private readonly docs = new Map<string, DocState>();
  private readonly stories = new Map<string, StoryState>();
  private df = new DocumentFrequencies();
  /** Key → serial numbers of the documents having it, oldest first (serials are cheaper to count than ids). */
  private readonly postings = new Map<string, number[]>();
  private readonly bySerial = new Map<number, DocState>();
  /** Scratch for `neighbours`: the weight each candidate document gathers (reused from one lookup to the next). */
  private readonly shared = new SerialWeights();
  private nextSerial = 0;
  private readonly lsh = new LshIndex();
  private readonly exact = new Map<string, string[]>();
  /** Copy relations by `a, b, type` (insertion order): a Map so that documents leaving RAM take theirs along. */
  private readonly relationMap = new Map<string, Relation>();
  private readonly relationsByDoc = new Map<string, Relation[]>();
  private constraints: Constraint[] = [];
  private nextStory = 1;
  private nextReweigh = 8;
  /** Latest publication time seen (ms): the active window ends here. */
  private clock: number | null = null;
  private sinceEviction = 0;
  // Changes since the last takeChanges().
  private readonly changedDocs = new Set<string>();
  private readonly touchedStories = new Set<string>();
  private readonly vanishedStories = new Set<string>();
  private evicted: ClusterChanges['evicted'] = [];
  private readonly evictedStories = new Map<string, StoryView>();
  private revived = 0;
  /** Revived documents: their stored rows are as they were, and only become active again. */
  private readonly reactivated = new Set<string>();
  private freshRelations: Relation[] = [];
  /**
   * `[storyId, membership]` of every document in RAM as it was before the first pass since the last takeChanges
   * that may change any membership (recluster, merge, split): takeChanges then writes the documents that differ.
   * Other documents' rows change only through `changedDocs`.
   */
  private savedBefore: Map<string, string> | null = null;

  private captureSaved(): void {
    if (this.savedBefore) return;
    this.savedBefore = new Map();
    for (const doc of this.docs.values())
      this.savedBefore.set(doc.fp.id, JSON.stringify([doc.storyId, doc.membership]));
  }

  constructor(params: Partial<ClusterParams> = {}) {
    this.params = { ...defaultClusterParams, ...params };
  }

  get size(): number {
    return this.docs.size;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Adding documents

  /** Add one document (in publication order, or ingest order when undated) and assign it to a story. */
  add(input: ClusterInput): Membership {
    if (this.docs.has(input.id)) return this.docs.get(input.id)!.membership;
    return this.addFingerprinted(fingerprint(input, this.df.documents));
  }

  /**
   * Add a document fingerprinted beforehand (the caller looked up its LSH bands in an on-disk index first; see
   * `revive`). Its arrival index is set here.
   */
  addFingerprinted(fp: DocFingerprint): Membership {
    if (this.docs.has(fp.id)) return this.docs.get(fp.id)!.membership;
    const keys = keysOf(fp);
    this.df.add(keys);
    const membership = this.addFingerprint({ ...fp, order: this.df.documents - 1 }, null, null, keys);
    if (++this.sinceEviction >= 256) this.evictIdle();
    return membership;
  }

  /** Place a document: a new one (counted in the frequencies by the caller) by deciding, a stored one as stored. */
  private addFingerprint(
    stored: DocFingerprint,
    storyId: string | null,
    membership: Membership | null,
    keys = keysOf(stored),
  ): Membership {
    const fp = compactFingerprint(stored);
    const doc: DocState = {
      fp,
      bands: bandsOf(fp.signature),
      keys,
      filed: false,
      serial: this.nextSerial++,
      storyId: '',
      text: this.df.weigh(fp.terms),
      anchors: this.df.weigh(fp.anchors),
      textNorm2: 0,
      anchorNorm2: 0,
      time: parseTime(fp.publishedAt),
      membership: membership as Membership,
    };
    doc.textNorm2 = squaredNorm(doc.text);
    doc.anchorNorm2 = squaredNorm(doc.anchors);
    const restoring = storyId !== null && membership !== null;
    const neighbours = restoring ? { copies: [], docs: [] } : this.neighbours(fp, true, doc.bands, keys);
    this.docs.set(fp.id, doc);
    if (!restoring) {
      this.changedDocs.add(fp.id);
      if (doc.time !== null && (this.clock === null || doc.time > this.clock)) this.clock = doc.time;
    }

    if (restoring) {
      // Restoring a snapshot: the stored assignment stands.
      this.placeIn(doc, storyId);
    } else {
      for (const relation of this.findRelations(fp, neighbours)) this.recordRelation(relation);
      const decided = this.decide(doc, neighbours.docs, 'arrival');
      doc.membership = decided;
      this.placeIn(doc, decided.storyId);
    }
    this.bySerial.set(doc.serial, doc);
    this.index(fp, doc.serial, doc.bands, keys);
    // Vectors are weighed with the frequencies at arrival; reweigh all whenever the collection doubles, so early
    // documents and story centroids do not keep the skewed weights of a small collection (amortised O(1) each).
    if (!restoring && this.df.documents >= this.nextReweigh) {
      this.reweigh();
      this.nextReweigh = this.df.documents * 2;
    }
    return doc.membership;
  }

  /** Recompute every document vector with the current frequencies and rebuild the story centroids. */
  private reweigh(): void {
    for (const d of this.docs.values()) {
      d.text = this.df.weigh(d.fp.terms);
      d.anchors = this.df.weigh(d.fp.anchors);
      d.textNorm2 = squaredNorm(d.text);
      d.anchorNorm2 = squaredNorm(d.anchors);
    }
    this.rebuildStories(new Map([...this.docs.values()].map((d) => [d.fp.id, d.storyId])));
  }

  private placeIn(doc: DocState, storyId: string): void {
    let story = this.stories.get(storyId);
    if (!story) {
      story = {
        id: storyId,
        docs: new Set(),
        text: new Map(),
        anchors: new Map(),
        textNorm2: 0,
        anchorNorm2: 0,
        first: null,
        last: null,
        joined: 0,
      };
      this.stories.set(storyId, story);
      const n = Number(/^s(\d+)$/.exec(storyId)?.[1] ?? 0);
      if (n >= this.nextStory) this.nextStory = n + 1;
    }
    story.textNorm2 += 2 * addCounting(story.text, doc.text) + doc.textNorm2;
    story.anchorNorm2 += 2 * addCounting(story.anchors, doc.anchors) + doc.anchorNorm2;
    story.docs.add(doc.fp.id);
    story.joined = Math.max(story.joined, doc.serial);
    if (doc.time !== null) {
      story.first = story.first === null ? doc.time : Math.min(story.first, doc.time);
      story.last = story.last === null ? doc.time : Math.max(story.last, doc.time);
    }
    doc.storyId = storyId;
  }

  private removeFrom(doc: DocState): void {
    const story = this.stories.get(doc.storyId);
    if (!story) return;
    addInto(story.text, doc.text, -1);
    addInto(story.anchors, doc.anchors, -1);
    story.textNorm2 = squaredNorm(story.text);
    story.anchorNorm2 = squaredNorm(story.anchors);
    story.docs.delete(doc.fp.id);
    this.touchedStories.add(story.id);
    if (story.docs.size === 0) {
      this.stories.delete(story.id);
      this.vanishedStories.add(story.id);
    } else if (doc.time !== null) {
      const times = [...story.docs].map((id) => this.docs.get(id)!.time).filter((t): t is number => t !== null);
      story.first = times.length ? Math.min(...times) : null;
      story.last = times.length ? Math.max(...times) : null;
    }
    doc.storyId = '';
  }

  private newStoryId(): string {
    return `s${this.nextStory++}`;
  }

  private index(fp: DocFingerprint, serial: number, bands: number[], keys: string[]): void {
    for (const key of keys) {
      const list = this.postings.get(key);
      if (!list) this.postings.set(key, [serial]);
      else {
        list.push(serial);
        // Keep the most recent documents of a frequent key (news is local in time); trim in batches.
        if (list.length > 2 * this.params.maxPostings) list.splice(0, list.length - this.params.maxPostings);
      }
    }
    this.lsh.addKeys(fp.id, bands);
    const same = this.exact.get(fp.exactKey);
    if (same) same.push(fp.id);
    else this.exact.set(fp.exactKey, [fp.id]);
  }

  /**
   * Candidate documents from the indexes: the exact-text and LSH matches, and the documents sharing the most of
   * this document's rarest keys. Cost is bounded by candidateKeys × maxPostings, whatever the collection size.
   */
  private neighbours(
    fp: DocFingerprint,
    counted = true,
    bands = this.docs.get(fp.id)?.bands ?? bandsOf(fp.signature),
    allKeys = this.docs.get(fp.id)?.keys ?? keysOf(fp),
  ): { copies: string[]; docs: string[] } {
    const copyList = this.copyCandidates(fp, bands);
    // Rarity from the document frequencies (which count this document once it was added): keys only this
    // document has are no use. Frequent keys come last and are looked up only through their recent postings.
    const self = counted ? 1 : 0;
    const counts: number[] = [];
    const lists: number[][] = [];
    const names: string[] = [];
    for (const key of allKeys) {
      const n = this.df.count(key) - self;
      if (n <= 0) continue;
      const list = this.postings.get(key);
      if (!list) continue;
      counts.push(n);
      lists.push(list);
      names.push(key);
    }
    // Postings are read rarest key first (ties by key) until the budget is spent: the rare keys (names, numbers,
    // unusual words) find the story-mates; the frequent ones only add recent documents that share a common word.
    // Measured on the synthetic stream, 24 keys × 400 postings made this lookup 70% of the per-document cost. The
    // budget is usually spent within a few keys: they are picked one at a time, not all sorted.
    const shared = this.shared;
    shared.reset(this.params.postingsBudget);
    const max = this.params.maxPostings;
    let budget = this.params.postingsBudget;
    for (let k = 0; k < counts.length && k < this.params.candidateKeys && budget > 0; k++) {
      let pick = -1;
      for (let i = 0; i < counts.length; i++) {
        if (counts[i]! < 0) continue;
        if (pick < 0 || counts[i]! < counts[pick]! || (counts[i] === counts[pick] && names[i]! < names[pick]!))
          pick = i;
      }
      const list = lists[pick]!;
      const weight = Math.log((this.df.documents + 1) / (counts[pick]! + 1));
      counts[pick] = -1;
      const from = Math.max(0, list.length - Math.min(max, budget));
      budget -= list.length - from;
      for (let i = from; i < list.length; i++) shared.add(list[i]!, weight);
    }
    // Only the best MAX_NEIGHBOURS others are kept: find that weight with a numeric sort, then rank the few at or
    // above it.
    const own = this.docs.get(fp.id)?.serial ?? -1;
    const cutoff = shared.cutoff(MAX_NEIGHBOURS, own);
    const ranked: Array<{ id: string; w: number }> = [];
    for (let e = 0; e < shared.size; e++) {
      const serial = shared.serials[e]!;
      const w = shared.weights[e]!;
      if (w < cutoff || serial === own) continue;
      const doc = this.bySerial.get(serial);
      if (doc && doc.fp.id !== fp.id) ranked.push({ id: doc.fp.id, w });
    }
    ranked.sort((a, b) => b.w - a.w || (a.id < b.id ? -1 : 1));
    const docs: string[] = [];
    for (let i = 0; i < ranked.length && i < MAX_NEIGHBOURS; i++) docs.push(ranked[i]!.id);
    return { copies: copyList, docs: copyList.length ? [...new Set([...copyList, ...docs])] : docs };
  }

  /** The exact-text and LSH matches in RAM, most recent first (many copies of one text: the recent ones do). */
  private copyCandidates(fp: DocFingerprint, bands: number[]): string[] {
    const same = this.exact.get(fp.exactKey);
    const hits = this.lsh.candidatesByKeys(bands, fp.id);
    if (hits.size === 0 && (!same || (same.length === 1 && same[0] === fp.id))) return [];
    const copies = new Set<string>(same ? same.slice(-MAX_COPY_CANDIDATES) : []);
    for (const id of hits) copies.add(id);
    copies.delete(fp.id);
    const copyDocs: DocState[] = [];
    for (const id of copies) {
      const doc = this.docs.get(id);
      if (doc) copyDocs.push(doc);
    }
    if (copyDocs.length > 1) copyDocs.sort((a, b) => b.fp.order - a.fp.order);
    return copyDocs.slice(0, MAX_COPY_CANDIDATES).map((d) => d.fp.id);
  }

  private findRelations(fp: DocFingerprint, neighbours: { copies: string[]; docs: string[] }): Relation[] {
    const checked = new Set([...neighbours.copies, ...neighbours.docs.slice(0, this.params.relationChecks)]);
    const relations: Relation[] = [];
    for (const id of checked) {
      const other = this.docs.get(id);
      if (!other || id === fp.id) continue;
      const relation = relate(fp, other.fp);
      if (relation) relations.push(relation);
    }
    return relations;
  }

  /** Keep a relation; `fresh` ones (found now, not loaded) are written by the next save. */
  private recordRelation(relation: Relation, fresh = true): void {
    const key = `${relation.a}\u0000${relation.b}\u0000${relation.type}`;
    if (this.relationMap.has(key)) return;
    if (fresh) this.freshRelations.push(relation);
    this.relationMap.set(key, relation);
    for (const id of [relation.a, relation.b]) {
      const list = this.relationsByDoc.get(id);
      if (list) list.push(relation);
      else this.relationsByDoc.set(id, [relation]);
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Scoring and deciding

  /** Similarity of a document to a story (to the rest of the story when it is a member: its own weight removed). */
  private score(doc: DocState, story: StoryState): Scored {
    const member = story.docs.has(doc.fp.id);
    const textScore = centroidCosine(doc.text, doc.textNorm2, story.text, story.textNorm2, member);
    const anchorScore = centroidCosine(doc.anchors, doc.anchorNorm2, story.anchors, story.anchorNorm2, member);
    // Without anchors on one side (a bare headline), the text alone speaks.
    const w = doc.anchors.size && story.anchors.size ? this.params.anchorWeight : 0;
    let daysFromStory: number | null = null;
    let timeFactor = 1;
    if (story.first !== null && story.last !== null && doc.time !== null) {
      const t = doc.time;
      const gap = t < story.first ? story.first - t : t > story.last ? t - story.last : 0;
      daysFromStory = gap / 86_400_000;
      timeFactor = Math.exp(-daysFromStory / this.params.timeScaleDays);
    }
    return {
      storyId: story.id,
      score: ((1 - w) * textScore + w * anchorScore) * timeFactor,
      textScore,
      anchorScore,
      timeFactor,
      daysFromStory,
    };
  }

  /** Decide the story of a single newly arrived document. */
  private decide(doc: DocState, candidates: string[], decidedBy: Membership['decidedBy']): Membership {
    const id = doc.fp.id;
    // Must-link: a partner already placed decides.
    for (const partner of this.mustLinkPartners(id)) {
      const p = this.docs.get(partner);
      if (p?.storyId) {
        const story = this.stories.get(p.storyId)!;
        return this.membership(doc, story, this.score(doc, story), decidedBy, 'must-link', null);
      }
    }
    const storyIds = new Set<string>();
    for (const c of candidates) {
      const s = this.docs.get(c)?.storyId;
      if (s) storyIds.add(s);
    }
    let best: Scored | null = null;
    let bestRelation: Relation | null = null;
    let bestEffective = Number.NEGATIVE_INFINITY;
    for (const storyId of [...storyIds].sort()) {
      const story = this.stories.get(storyId)!;
      if (!this.allowed([id], story)) continue;
      const scored = this.score(doc, story);
      // A copy relation to a member outranks any similarity.
      const relation = this.copyRelationInto(id, story);
      const effective = relation ? 1 + relation.score : scored.score;
      if (effective > bestEffective) {
        best = scored;
        bestRelation = relation;
        bestEffective = effective;
      }
    }
    if (best && (bestRelation || best.score >= this.params.joinThreshold)) {
      const story = this.stories.get(best.storyId)!;
      return this.membership(
        doc,
        story,
        best,
        decidedBy,
        bestRelation ? 'relation' : 'similarity',
        bestRelation,
        candidates,
      );
    }
    const storyId = this.newStoryId();
    return {
      ...newStoryMembership(id, storyId, decidedBy),
      ...(best ? { closestStory: { storyId: best.storyId, score: best.score } } : {}),
    };
  }

  /** The strongest copy relation between a document and a member of the story. */
  private copyRelationInto(id: string, story: StoryState): Relation | null {
    let best: Relation | null = null;
    for (const r of this.relationsByDoc.get(id) ?? []) {
      if (!COPY_RELATIONS.has(r.type)) continue;
      const other = r.a === id ? r.b : r.a;
      if (!story.docs.has(other)) continue;
      if (!best || r.score > best.score) best = r;
    }
    return best;
  }

  private membership(
    doc: DocState,
    story: StoryState,
    scored: Scored,
    decidedBy: Membership['decidedBy'],
    reason: Membership['reason'],
    relation: Relation | null,
    among?: string[],
  ): Membership {
    const member = story.docs.has(doc.fp.id);
    // The nearest member among the index candidates (bounded cost), or among the first members.
    const pool = among ? among.filter((d) => story.docs.has(d)) : [...story.docs].slice(0, 200);
    let nearest: Membership['nearest'] = null;
    for (const other of pool) {
      if (other === doc.fp.id) continue;
      const s = this.pairSimilarity(doc, this.docs.get(other)!);
      if (!nearest || s > nearest.score) nearest = { docId: other, score: s };
    }
    return {
      docId: doc.fp.id,
      storyId: story.id,
      decidedBy,
      reason,
      score: scored.score,
      textScore: scored.textScore,
      anchorScore: scored.anchorScore,
      timeFactor: scored.timeFactor,
      daysFromStory: scored.daysFromStory,
      // What each key contributes to the dot product with the rest of the story.
      sharedTerms: topContributions(doc.text, story.text, member),
      sharedAnchors: topContributions(doc.anchors, story.anchors, member),
      relation: relation
        ? { type: relation.type, with: relation.a === doc.fp.id ? relation.b : relation.a, score: relation.score }
        : null,
      nearest,
    };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Constraints

  private mustLinkPartners(id: string): string[] {
    const out = new Set<string>();
    for (const c of this.constraints)
      if (c.kind === 'must-link' && c.docs.includes(id)) for (const d of c.docs) out.add(d);
    out.delete(id);
    return [...out];
  }

  /** Whether the documents may join the story without breaking a cannot-link constraint. */
  private allowed(ids: string[], story: StoryState): boolean {
    for (const c of this.constraints) {
      if (c.kind !== 'cannot-link') continue;
      for (const id of ids) {
        const opposite = c.a.includes(id) ? c.b : c.b.includes(id) ? c.a : null;
        if (opposite?.some((o) => story.docs.has(o) && !ids.includes(o))) return false;
      }
    }
    return true;
  }

  /** Must-link components (union–find over must-link groups) of the documents present. */
  private units(): string[][] {
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(x, r);
      return r;
    };
    for (const id of this.docs.keys()) parent.set(id, id);
    for (const c of this.constraints) {
      if (c.kind !== 'must-link') continue;
      const present = c.docs.filter((d) => parent.has(d));
      for (const d of present.slice(1)) {
        const a = find(present[0]!);
        const b = find(d);
        if (a !== b) parent.set(b, a);
      }
    }
    const groups = new Map<string, string[]>();
    for (const id of this.docs.keys()) {
      const r = find(id);
      const g = groups.get(r);
      if (g) g.push(id);
      else groups.set(r, [id]);
    }
    return [...groups.values()];
  }

  /** Analyst override: stories A and B are one story. Adds a must-link constraint and merges them now. */
  merge(storyA: string, storyB: string): string {
    this.captureSaved();
    const a = this.stories.get(storyA);
    const b = this.stories.get(storyB);
    if (!a || !b) throw new Error(`unknown story ${!a ? storyA : storyB}`);
    if (a === b) return a.id;
    const docs = [...a.docs, ...b.docs];
    // The analyst's latest word wins over an earlier split between these documents.
    this.constraints = this.constraints.filter(
      (c) => c.kind !== 'cannot-link' || !(c.a.some((d) => docs.includes(d)) && c.b.some((d) => docs.includes(d))),
    );
    this.constraints.push({ kind: 'must-link', docs });
    for (const id of [...b.docs]) {
      const doc = this.docs.get(id)!;
      this.removeFrom(doc);
      this.placeIn(doc, a.id);
    }
    for (const id of a.docs) {
      const doc = this.docs.get(id)!;
      doc.membership = this.analystMembership(doc, a.id, 'must-link');
    }
    return a.id;
  }

  /** Analyst override: these documents of a story are a story of their own. Returns the new story's id. */
  split(storyId: string, docIds: string[]): string {
    this.captureSaved();
    const story = this.stories.get(storyId);
    if (!story) throw new Error(`unknown story ${storyId}`);
    const moving = docIds.filter((d) => story.docs.has(d));
    if (moving.length === 0) throw new Error(`none of ${docIds.join(', ')} is in story ${storyId}`);
    const staying = [...story.docs].filter((d) => !moving.includes(d));
    if (staying.length === 0) return storyId;
    // Must-link groups that span the cut are cut too.
    const next: Constraint[] = [];
    for (const c of this.constraints) {
      if (c.kind === 'must-link' && c.docs.some((d) => moving.includes(d)) && c.docs.some((d) => staying.includes(d))) {
        const inside = c.docs.filter((d) => moving.includes(d));
        const outside = c.docs.filter((d) => !moving.includes(d));
        if (inside.length > 1) next.push({ kind: 'must-link', docs: inside });
        if (outside.length > 1) next.push({ kind: 'must-link', docs: outside });
      } else next.push(c);
    }
    this.constraints = next;
    this.constraints.push({ kind: 'cannot-link', a: moving, b: staying });
    if (moving.length > 1) this.constraints.push({ kind: 'must-link', docs: moving });
    const newId = this.newStoryId();
    for (const id of moving) {
      const doc = this.docs.get(id)!;
      this.removeFrom(doc);
      this.placeIn(doc, newId);
    }
    for (const id of moving)
      this.docs.get(id)!.membership = this.analystMembership(this.docs.get(id)!, newId, 'must-link');
    return newId;
  }

  private analystMembership(doc: DocState, storyId: string, reason: Membership['reason']): Membership {
    const story = this.stories.get(storyId)!;
    return this.membership(doc, story, this.score(doc, story), 'analyst', reason, null);
  }

  get constraintList(): readonly Constraint[] {
    return this.constraints;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Reclustering

  /**
   * Revisit all assignments with the current document frequencies (the batch "finish" of an online run, or an
   * analyst's `recluster`): build a sparse k-nearest-neighbour graph over the documents from the same index
   * candidates the online pass uses, tie copies (duplicate, near-duplicate, rewrite) with strong edges, contract
   * must-link groups into single nodes, and find communities (Louvain) without ever joining cannot-linked
   * documents. Two events of one kind (two earthquakes) are densely linked inside and only loosely across, which
   * a community method separates where a single similarity threshold cannot. Story ids are kept for the stories
   * that keep most of their documents.
   */
  recluster(): void {
    this.captureSaved();
    const previous = new Map([...this.docs.values()].map((d) => [d.fp.id, d.storyId]));
    this.reweigh();
    // Units in a canonical order (by smallest document id; ids are content hashes in the store), so Louvain's
    // visiting order does not depend on arrival order.
    const units = this.units()
      .map((unit) => ({ unit, key: [...unit].sort()[0]! }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((u) => u.unit);
    const unitOf = new Map<string, number>();
    units.forEach((unit, i) => {
      for (const id of unit) unitOf.set(id, i);
    });
    const edges = new Map<string, number>();
    const link = (a: number, b: number, w: number) => {
      if (a === b) return;
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      edges.set(key, Math.max(edges.get(key) ?? 0, w));
    };
    // Each document's k nearest candidates above the edge threshold; edges are symmetric (either side's choice).
    const edgeByPair = new Map<string, number>();
    const near = new Map<string, string[]>();
    const related = new Set(
      [...this.relationMap.values()].map((r) => (r.a < r.b ? `${r.a}\u0000${r.b}` : `${r.b}\u0000${r.a}`)),
    );
    for (const id of this.docs.keys()) {
      const doc = this.docs.get(id)!;
      const scored: Array<{ other: string; s: number }> = [];
      const candidates = this.neighbours(doc.fp).docs;
      near.set(id, candidates);
      for (const other of candidates) {
        if (other === id || !this.docs.has(other)) continue;
        const s = this.pairSimilarity(doc, this.docs.get(other)!);
        if (s >= this.params.edgeThreshold) scored.push({ other, s });
      }
      scored.sort((a, b) => b.s - a.s || (a.other < b.other ? -1 : 1));
      // Copy relations with the nearest documents, whichever arrived first: at arrival a document was only
      // checked against the documents before it.
      for (const { other } of scored.slice(0, this.params.relationChecks)) {
        const key = id < other ? `${id}\u0000${other}` : `${other}\u0000${id}`;
        if (related.has(key)) continue;
        related.add(key);
        const o = this.docs.get(other)!;
        const [later, earlier] = doc.fp.order > o.fp.order ? [doc, o] : [o, doc];
        const relation = relate(later.fp, earlier.fp);
        if (relation) this.recordRelation(relation);
      }
      for (const { other, s } of scored.slice(0, this.params.graphNeighbours)) {
        const key = id < other ? `${id}\u0000${other}` : `${other}\u0000${id}`;
        edgeByPair.set(key, s);
      }
    }
    for (const relation of this.relationMap.values()) {
      if (!COPY_RELATIONS.has(relation.type) || !this.docs.has(relation.a) || !this.docs.has(relation.b)) continue;
      const key = relation.a < relation.b ? `${relation.a}\u0000${relation.b}` : `${relation.b}\u0000${relation.a}`;
      const s = this.pairSimilarity(this.docs.get(relation.a)!, this.docs.get(relation.b)!);
      // A rewrite guarantees an edge at its similarity (at least the threshold); a (near-)duplicate is as strong as
      // an edge gets.
      edgeByPair.set(key, relation.type === 'rewrite' ? Math.max(s, this.params.edgeThreshold) : 1);
    }
    for (const [key, w] of edgeByPair) {
      const [a, b] = key.split('\u0000') as [string, string];
      link(unitOf.get(a)!, unitOf.get(b)!, w);
    }
    const forbidden = this.cannotLinkMap();
    const communities = louvain(
      {
        n: units.length,
        edges: [...edges].map(([key, w]) => [...(key.split(',').map(Number) as [number, number]), w]),
      },
      this.effectiveResolution(),
      (a, b) => {
        const docsOfB = new Set(b.flatMap((u) => units[u]!));
        return !a.some((u) => units[u]!.some((id) => [...(forbidden.get(id) ?? [])].some((f) => docsOfB.has(f))));
      },
    );
    const assignment = new Map<string, string>();
    units.forEach((unit, i) => {
      for (const id of unit) assignment.set(id, `\u0000c${communities[i]}`);
    });
    this.rebuildStories(assignment);
    this.keepStoryIds(previous);
    for (const unit of units)
      for (const id of unit) this.refreshMembership(this.docs.get(id)!, unit.length > 1, near.get(id) ?? []);
  }

  /** Similarity of two documents: the same mix of text and anchor cosines as for stories, with the time factor. */
  private pairSimilarity(a: DocState, b: DocState): number {
    const w = a.anchors.size && b.anchors.size ? this.params.anchorWeight : 0;
    let s = (1 - w) * dot(a.text, b.text) + w * dot(a.anchors, b.anchors);
    if (a.time !== null && b.time !== null)
      s *= Math.exp(-Math.abs(a.time - b.time) / 86_400_000 / this.params.timeScaleDays);
    return s;
  }

  private cannotLinkMap(): Map<string, Set<string>> {
    const map = new Map<string, Set<string>>();
    const add = (x: string, y: string) => {
      const set = map.get(x);
      if (set) set.add(y);
      else map.set(x, new Set([y]));
    };
    for (const c of this.constraints) {
      if (c.kind !== 'cannot-link') continue;
      for (const x of c.a)
        for (const y of c.b) {
          add(x, y);
          add(y, x);
        }
    }
    return map;
  }

  private rebuildStories(assignment: Map<string, string>): void {
    for (const id of this.stories.keys()) this.vanishedStories.add(id);
    this.stories.clear();
    for (const d of this.docs.values()) {
      this.placeIn(d, assignment.get(d.fp.id)!);
    }
  }

  /** Give each new cluster the id of the previous story it took most documents from (greedy, largest first). */
  private keepStoryIds(previous: Map<string, string>): void {
    const overlaps: Array<{ now: string; before: string; n: number }> = [];
    for (const story of this.stories.values()) {
      const counts = new Map<string, number>();
      for (const id of story.docs) {
        const b = previous.get(id)!;
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      for (const [before, n] of counts) overlaps.push({ now: story.id, before, n });
    }
    overlaps.sort((a, b) => b.n - a.n || (a.now < b.now ? -1 : 1) || (a.before < b.before ? -1 : 1));
    const renamed = new Map<string, string>();
    const taken = new Set<string>();
    for (const o of overlaps) {
      if (renamed.has(o.now) || taken.has(o.before)) continue;
      renamed.set(o.now, o.before);
      taken.add(o.before);
    }
    const assignment = new Map<string, string>();
    const fresh = new Map<string, string>();
    for (const story of this.stories.values()) {
      let id = renamed.get(story.id);
      if (!id) {
        id = fresh.get(story.id) ?? this.newStoryId();
        while (taken.has(id)) id = this.newStoryId();
        fresh.set(story.id, id);
        taken.add(id);
      }
      for (const d of story.docs) assignment.set(d, id);
    }
    this.rebuildStories(assignment);
  }

  private refreshMembership(doc: DocState, mustLinked: boolean, among: string[]): void {
    const story = this.stories.get(doc.storyId)!;
    const members = [...story.docs].filter((d) => d !== doc.fp.id);
    if (members.length === 0) {
      doc.membership = newStoryMembership(doc.fp.id, story.id, 'recluster');
      return;
    }
    const view = this.membership(doc, story, this.score(doc, story), 'recluster', 'similarity', null, among);
    const relation = this.copyRelationInto(doc.fp.id, story);
    doc.membership = {
      ...view,
      decidedBy: 'recluster',
      reason: relation ? 'relation' : mustLinked ? 'must-link' : 'similarity',
      relation: relation
        ? { type: relation.type, with: relation.a === doc.fp.id ? relation.b : relation.a, score: relation.score }
        : null,
    };
  }

  private effectiveResolution(): number {
    const { resolution, resolutionFullSize } = this.params;
    return resolution * Math.min(1, this.docs.size / Math.max(1, resolutionFullSize ?? this.docs.size));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Views

  storyOf(docId: string): string | null {
    return this.docs.get(docId)?.storyId || null;
  }

  /** `story ID --why DOC`: the membership explanation, or null when the document is not in that story. */
  why(storyId: string, docId: string): Membership | null {
    const doc = this.docs.get(docId);
    return doc && doc.storyId === storyId ? doc.membership : null;
  }

  story(storyId: string): StoryView | null {
    const story = this.stories.get(storyId);
    if (!story) return null;
    const members = [...story.docs].map((id) => this.docs.get(id)!).sort((a, b) => a.fp.order - b.fp.order);
    const norm = Math.sqrt(story.textNorm2) || 1;
    let titleDoc = members[0]!;
    let best = Number.NEGATIVE_INFINITY;
    for (const d of members) {
      const s = dot(d.text, story.text) / norm;
      if (s > best + 1e-12) {
        best = s;
        titleDoc = d;
      }
    }
    // Publication times are parsed once per document (`time`), not in the comparator.
    const dated = members
      .filter((d) => d.time !== null)
      .sort((a, b) => a.time! - b.time!)
      .map((d) => d.fp.publishedAt!);
    return {
      id: story.id,
      title: titleDoc.fp.title,
      titleDocId: titleDoc.fp.id,
      docIds: members.map((d) => d.fp.id),
      firstSeen: dated[0] ?? null,
      lastSeen: dated[dated.length - 1] ?? null,
      sources: [...new Set(members.map((d) => d.fp.sourceId).filter((s): s is string => !!s))].sort(),
    };
  }

  /** All stories, largest first. */
  storyList(): StoryView[] {
    return [...this.stories.keys()]
      .map((id) => this.story(id)!)
      .sort((a, b) => b.docIds.length - a.docIds.length || (a.id < b.id ? -1 : 1));
  }

  /**
   * Copy relations (duplicate, near-duplicate, rewrite) between members of a story: who copied whom, with
   * precedence where publication dates tell.
   */
  storyRelations(storyId: string): Relation[] {
    const story = this.stories.get(storyId);
    if (!story) return [];
    return [...this.relationMap.values()].filter((r) => story.docs.has(r.a) && story.docs.has(r.b));
  }

  /**
   * The relation between two documents, computed now: the stored copy relation if there is one, else `same-story`
   * (with the shared terms and anchors and the similarity) when they are in one story, else null.
   */
  relation(aId: string, bId: string): Relation | null {
    const copy = (this.relationsByDoc.get(aId) ?? []).find(
      (r) => (r.a === aId && r.b === bId) || (r.a === bId && r.b === aId),
    );
    if (copy) return copy;
    const a = this.docs.get(aId);
    const b = this.docs.get(bId);
    if (!a || !b || a.storyId !== b.storyId) return null;
    const shared = (x: SparseVector, y: SparseVector) =>
      [...x.entries()]
        .map(([key, w]) => ({ key, w: w * (y.get(key) ?? 0) }))
        .filter((e) => e.w > 1e-9)
        .sort((p, q) => q.w - p.w || (p.key < q.key ? -1 : 1))
        .slice(0, 8)
        .map((e) => e.key);
    const evidence: Relation['evidence'] = {
      sharedTerms: shared(a.text, b.text),
      sharedAnchors: shared(a.anchors, b.anchors),
    };
    if (a.time !== null && b.time !== null) evidence.daysApart = Math.abs(a.time - b.time) / 86_400_000;
    const [later, earlier] = a.fp.order > b.fp.order ? [a, b] : [b, a];
    return {
      type: 'same-story',
      a: later.fp.id,
      b: earlier.fp.id,
      score: this.pairSimilarity(a, b),
      evidence,
      precedence: precedence(later.fp, earlier.fp),
    };
  }

  /** Copy relations (duplicate, near-duplicate, rewrite) involving a document, or all when no id is given. */
  relations(docId?: string): Relation[] {
    return docId ? [...(this.relationsByDoc.get(docId) ?? [])] : [...this.relationMap.values()];
  }

  /** Index statistics, for tests and benchmarks: how many candidates a lookup touched. */
  candidatesFor(input: ClusterInput): { copies: number; docs: number; collection: number } {
    const n = this.neighbours(fingerprint(input, this.df.documents), false);
    return { copies: n.copies.length, docs: n.docs.length, collection: this.docs.size };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Persistence

  /** The state as plain rows; without `counts`, the document frequencies' counts are left out (see the type). */
  snapshot(options: { counts?: boolean } = {}): ClusterSnapshot {
    return {
      version: 1,
      params: { ...this.params },
      nextStory: this.nextStory,
      docs: [...this.docs.values()]
        .sort((a, b) => a.fp.order - b.fp.order)
        .map((d) => ({ fingerprint: d.fp, storyId: d.storyId, membership: d.membership })),
      relations: [...this.relationMap.values()],
      constraints: this.constraints.map((c) => ({ ...c })),
      frequencies:
        options.counts === false
          ? { documents: this.df.documents }
          : { documents: this.df.documents, counts: this.df.entries() },
      clock: this.clock,
    };
  }

  /**
   * Rebuild a clusterer from a snapshot (or from rows a store kept): indexes and vectors are recomputed. A snapshot
   * of the active window carries the document frequencies of the whole collection; an older full snapshot
   * without them has them recounted from its rows.
   */
  static restore(snapshot: ClusterSnapshot): StoryClusterer {
    const c = new StoryClusterer(snapshot.params);
    c.constraints = snapshot.constraints.map((x) => ({ ...x }));
    if (snapshot.frequencies && !snapshot.frequencies.counts)
      throw new Error('a snapshot without its document frequencies (a pass’s) cannot be restored');
    if (snapshot.frequencies)
      c.df = new DocumentFrequencies({
        documents: snapshot.frequencies.documents,
        counts: snapshot.frequencies.counts ?? [],
      });
    else
      for (const row of snapshot.docs)
        c.df.add([...Object.keys(row.fingerprint.terms), ...Object.keys(row.fingerprint.anchors)]);
    for (const row of snapshot.docs) c.addFingerprint(row.fingerprint, row.storyId, row.membership);
    for (const r of snapshot.relations) c.recordRelation(r, false);
    c.nextStory = Math.max(c.nextStory, snapshot.nextStory);
    c.clock = snapshot.clock ?? c.clock;
    // Vectors were weighed with the frequencies at each arrival; reweigh all with the final ones.
    c.reweigh();
    c.nextReweigh = c.df.documents * 2;
    c.takeChanges();
    // Recounted from the rows: the store holds none of these counts yet.
    if (!snapshot.frequencies) c.df.markAllChanged();
    return c;
  }

  // ------------------------------------------------------------------------------------------------------------
  // The active window

  /**
   * Bring back stories that left RAM (rows a store or an on-disk index found for the LSH bands or exact keys of
   * arriving documents; see `diskKeys`), so that an arriving copy of an old document joins the old story.
   * Rows already in RAM are ignored.
   */
  revive(rows: ClusterSnapshot['docs'], relations: Relation[] = []): void {
    const fresh = rows.filter((r) => !this.docs.has(r.fingerprint.id));
    if (fresh.length === 0) return;
    for (const row of fresh.sort((a, b) => a.fingerprint.order - b.fingerprint.order)) {
      this.addFingerprint(row.fingerprint, row.storyId, row.membership);
      const doc = this.docs.get(row.fingerprint.id)!;
      doc.filed = true;
      this.reactivated.add(doc.fp.id);
      this.revivedStories.add(doc.storyId);
      this.revived++;
    }
    for (const r of relations) {
      if (!this.docs.has(r.a) || !this.docs.has(r.b)) continue;
      const known = this.relationMap.get(`${r.a}\u0000${r.b}\u0000${r.type}`);
      if (!known) {
        this.recordRelation(r, false);
        continue;
      }
      // Still in RAM through its other end, which kept it when this one left: file it under the revived document
      // again, or it would stay in `relationMap` for ever once both ends have left (evictStory drops a relation
      // through the lists of the documents leaving).
      for (const id of [r.a, r.b]) {
        const list = this.relationsByDoc.get(id);
        if (!list) this.relationsByDoc.set(id, [known]);
        else if (!list.includes(known)) list.push(known);
      }
    }
  }

  /**
   * Stories brought back since the last takeChanges: they stay until the pass ends, or a story revived for a copy
   * late in the batch would leave again (idle since long) at the next sweep, before its copy arrives.
   */
  private readonly revivedStories = new Set<string>();

  /**
   * Move stories out of RAM: those with no dated member within `windowDays` of the latest publication date seen,
   * then, while more than `maxActiveDocs` documents remain, the stories least recently joined. Their rows stay in
   * the store (`takeChanges().evicted` says which to mark inactive); their LSH bands and exact keys stay in its
   * on-disk index, where `revive` finds them again.
   */
  evictIdle(): void {
    this.sinceEviction = 0;
    const { windowDays, maxActiveDocs } = this.params;
    const horizon = this.clock === null ? null : this.clock - windowDays * 86_400_000;
    const leaving: StoryState[] = [];
    const staying: StoryState[] = [];
    let remaining = this.docs.size;
    for (const story of this.stories.values()) {
      if (this.revivedStories.has(story.id)) staying.push(story);
      else if (horizon !== null && story.last !== null && story.last < horizon) {
        leaving.push(story);
        remaining -= story.docs.size;
      } else staying.push(story);
    }
    if (remaining > maxActiveDocs) {
      // Evict down to 90% of the cap, so that this sort runs once per many documents, not once per document.
      staying.sort((a, b) => a.joined - b.joined || (a.id < b.id ? -1 : 1));
      for (const story of staying) {
        if (remaining <= 0.9 * maxActiveDocs) break;
        if (this.revivedStories.has(story.id)) continue;
        leaving.push(story);
        remaining -= story.docs.size;
      }
    }
    for (const story of leaving) this.evictStory(story);
  }

  private evictStory(story: StoryState): void {
    const touched = [...story.docs].some((id) => this.changedDocs.has(id)) || this.touchedStories.has(story.id);
    if (touched) this.evictedStories.set(story.id, this.story(story.id)!);
    for (const id of story.docs) {
      const doc = this.docs.get(id)!;
      const row = { fingerprint: doc.fp, storyId: doc.storyId, membership: doc.membership };
      this.evicted.push({
        id,
        bands: doc.filed ? [] : diskKeys(doc.fp, doc.bands).bands,
        exact: doc.fp.exactKey,
        row: this.changedDocs.has(id) ? row : null,
      });
      this.changedDocs.delete(id);
      this.reactivated.delete(id);
      this.docs.delete(id);
      this.bySerial.delete(doc.serial);
      this.lsh.removeKeys(id, doc.bands);
      const same = this.exact.get(doc.fp.exactKey);
      if (same) {
        const left = same.filter((d) => d !== id);
        if (left.length) this.exact.set(doc.fp.exactKey, left);
        else this.exact.delete(doc.fp.exactKey);
      }
      // Postings are in arrival order and stories leave roughly in arrival order: drop dead serials from the
      // front; the few in the middle are skipped at lookup and trimmed with the list.
      for (const key of doc.keys) {
        const list = this.postings.get(key);
        if (!list) continue;
        let dead = 0;
        while (dead < list.length && !this.bySerial.has(list[dead]!)) dead++;
        if (dead === list.length) this.postings.delete(key);
        else if (dead) list.splice(0, dead);
      }
    }
    // A relation leaves with its last end in RAM. The other end's list loses only this relation: dropping that whole
    // list (as was done) left its other relations in `relationMap`, listed nowhere, for ever (13% more relations
    // every 10,000 documents of the stream, with their evidence).
    for (const id of story.docs) {
      for (const r of this.relationsByDoc.get(id) ?? []) {
        const other = r.a === id ? r.b : r.a;
        if (this.docs.has(other)) continue;
        this.relationMap.delete(`${r.a}\u0000${r.b}\u0000${r.type}`);
        if (story.docs.has(other)) continue;
        const list = this.relationsByDoc.get(other);
        const left = list?.filter((x) => x !== r) ?? [];
        if (left.length) this.relationsByDoc.set(other, left);
        else this.relationsByDoc.delete(other);
      }
      this.relationsByDoc.delete(id);
    }
    this.stories.delete(story.id);
    this.touchedStories.delete(story.id);
  }

  /**
   * What changed since the last call (or the restore): documents whose row is new or changed (in RAM), documents
   * that left RAM (with their row when it was never written), the views of stories that changed and left, and
   * stories that no longer exist. A store writes exactly these.
   */
  takeChanges(): ClusterChanges {
    // New documents and (after a recluster, merge or split) every document whose story or explanation differs from
    // what was last written. The comparison is O(window) but runs only after those passes.
    if (this.savedBefore)
      for (const doc of this.docs.values()) {
        if (this.changedDocs.has(doc.fp.id)) continue;
        if (JSON.stringify([doc.storyId, doc.membership]) !== this.savedBefore.get(doc.fp.id))
          this.changedDocs.add(doc.fp.id);
      }
    this.savedBefore = null;
    const removedStories = [...this.vanishedStories].filter(
      (id) => !id.startsWith('\u0000') && !this.stories.has(id) && !this.evictedStories.has(id),
    );
    const touched = new Set(this.touchedStories);
    for (const id of this.changedDocs) touched.add(this.docs.get(id)!.storyId);
    const changes: ClusterChanges = {
      changed: new Set(this.changedDocs),
      evicted: this.evicted,
      stories: [
        ...[...touched].filter((id) => this.stories.has(id)).map((id) => this.story(id)!),
        ...this.evictedStories.values(),
      ],
      removedStories,
      revived: this.revived,
      reactivated: [...this.reactivated].filter((id) => !this.changedDocs.has(id)),
      relations: this.freshRelations,
      frequencies: this.df.takeChanges(),
    };
    this.reactivated.clear();
    this.revivedStories.clear();
    this.freshRelations = [];
    this.changedDocs.clear();
    this.evicted = [];
    this.evictedStories.clear();
    this.touchedStories.clear();
    this.vanishedStories.clear();
    this.revived = 0;
    return changes;
  }

  /** Documents in RAM (the active window). */
  get activeDocuments(): number {
    return this.docs.size;
  }
}

/** What a store must write after a pass (see `StoryClusterer.takeChanges`). */
export interface ClusterChanges {
  changed: Set<string>;
  /**
   * Documents that left RAM: the store marks them inactive and files them in its on-disk index under their LSH
   * band hashes (none when filed already) and exact-text key; `row` when it was never written (added and evicted
   * in one pass).
   */
  evicted: Array<{ id: string; bands: number[]; exact: string; row: ClusterSnapshot['docs'][number] | null }>;
  /** The store deletes every cluster row first (a rebuild from scratch). */
  full?: boolean;
  stories: StoryView[];
  removedStories: string[];
  /** How many documents came back from the on-disk index. */
  revived: number;
  /** Documents that came back from the on-disk index unchanged: the store marks their rows active again. */
  reactivated?: string[];
  /** Relations found since the last save. */
  relations: Relation[];
  /** Document frequencies changed or dropped since the last save (the store writes only these). */
  frequencies?: FrequencyChanges;
}

/** A fingerprint's term and anchor keys, as the inverted index files them. */
function keysOf(fp: DocFingerprint): string[] {
  return [...Object.keys(fp.terms), ...Object.keys(fp.anchors)];
}

/**
 * The LSH band hashes of a signature, computed once per signature array: the pipeline looks them up in the on-disk
 * index (`diskKeys`) and checks archived matches (`matchedArchive`) before the clusterer indexes the same
 * fingerprint under them.
 */
const bandsBySignature = new WeakMap<readonly number[], number[]>();

export function bandsOf(signature: readonly number[]): number[] {
  let bands = bandsBySignature.get(signature);
  if (!bands) {
    bands = bandHashes(signature);
    bandsBySignature.set(signature, bands);
  }
  return bands;
}

/**
 * How many of a document's LSH bands (the first ones) the on-disk index files. Each is a row inserted at a random
 * place of a band index that outgrows any page cache, so that a save dirties about one page per band filed: with
 * all 32, filing was most of the cost of a save and grew with the stream. 16 bands of 4 rows still find a copy
 * sharing 75% of its shingles with its original with probability 1 − (1 − 0.75⁴)¹⁶ ≈ 0.999.
 */
export const DISK_BANDS = 16;

/** The LSH band hashes and exact-text key under which an on-disk index files a document (see `revive`). */
export function diskKeys(fp: DocFingerprint, bands = bandsOf(fp.signature)): { bands: number[]; exact: string } {
  return { bands: bands.slice(0, DISK_BANDS), exact: fp.exactKey };
}
