/**
 * The store: the only stage that writes. An interface, so that the embedded SQLite store and the PostgreSQL store
 * (for many workers) run the same shared test suite (`store.suite.ts`). Methods are async for the PostgreSQL driver's
 * sake; the SQLite implementation answers synchronously inside them.
 */

import type { ArchivedStories } from '../cluster/assign.ts';
import type { Relation } from '../cluster/relations.ts';
import type { ClusterChanges, ClusterSnapshot, StoryView } from '../cluster/stories.ts';
import type { Analysis, Document, DocumentVersion, Observation, Source, Span } from '../model.ts';
import type { WatchStore } from './watch.ts';

/** What storing a document did: a value, not an error. */
export type PutResult =
  | { status: 'added'; id: string; version?: number }
  | { status: 'unchanged'; id: string }
  /** Same URL as a stored document, different content: stored as the next version. */
  | { status: 'new-version'; id: string; version: number; previousId: string };

export interface DocumentSummary {
  id: string;
  title: string;
  url: string | null;
  source: { id: string; name: string };
  publishedAt: Document['publishedAt'];
  language: string;
  ingestedAt: string;
  chars: number;
}

export interface DocumentQuery {
  limit?: number;
  offset?: number;
  sourceId?: string;
  /** ISO date: documents published (or, when undated, ingested) on or after it. */
  since?: string;
  /** Only these documents (a story's), in one query. */
  ids?: string[];
  /** Oldest first (a story's documents in time order); newest first when not set. */
  oldestFirst?: boolean;
}

export interface SearchQuery {
  /** What the user typed: words, "quoted phrases", OR, word* (see `search-query.ts`); empty lists newest first. */
  text: string;
  sourceId?: string;
  /** Only documents whose analysis names this entity (`country:PRK`, `person:john-kirby`). */
  entityId?: string;
  /** Published on or after this ISO date (or date-time); undated documents drop out when a range is given. */
  from?: string;
  /** Published on or before this ISO date (inclusive: `2024-03-11` includes that whole day). */
  to?: string;
  limit?: number;
  offset?: number;
  /**
   * A query matching more documents than this has its entity facet counted on an even sample of about this many
   * of them (see `SearchResult.facets.entitiesSample`); `ENTITY_SAMPLE` (1,000) when not given.
   */
  entitySample?: number;
  /**
   * Weigh at most this many matches, the most recently stored (see `search-window.ts`): hits are ranked and facets
   * counted among them. `SEARCH_WINDOW` (5,000) when not given.
   */
  window?: number;
}

export interface SearchHit {
  documentId: string;
  title: string;
  url: string | null;
  source: { id: string; name: string };
  publishedAt: Document['publishedAt'];
  /** Plain text (never markup): an excerpt around the best match, `…` where cut. */
  snippet: string;
  /** The matched words, as offsets into `snippet`. */
  highlights: Span[];
  /** The matched words in the title, as offsets into `title`. */
  titleHighlights: Span[];
  /** Higher is better (negated BM25, title weighted above text); 0 when listing without a query. */
  score: number;
}

export interface SearchResult {
  /** Matching documents; when `totalIsLowerBound`, at least this many (the `window`), not counted further. */
  total: number;
  /**
   * True when the query matched more than `window` documents: the hits are then the best among the `window` most
   * recently stored matches, and the facets count those (a narrower query or a date range weighs them all).
   */
  totalIsLowerBound: boolean;
  /** The most matches a query (and each facet) weighs. */
  window: number;
  hits: SearchHit[];
  facets: {
    /** Matching documents per source, counted without the source filter so that the others stay choosable. */
    sources: { id: string; name: string; count: number }[];
    /** Matching documents per publication day, counted without the date range. */
    days: { date: string; count: number }[];
    /** The entities most matching documents name (top 20), counted without the entity filter. */
    entities: { id: string; name: string; type: string; count: number }[];
    /**
     * Present when a broad query's entities were counted on an even sample of the matches (about one in `step`) and
     * scaled by `step`: their counts are then estimates. Absent when they are exact. `sources` and `days` are exact
     * counts among the weighed matches.
     */
    entitiesSample?: { step: number };
  };
}

/** HTTP validators remembered per URL for conditional GET. */
export interface FetchState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: string;
}

/** The watch list, alerts and digest state are in `watch.ts`. */
export interface Store extends WatchStore {
  /** Store one document (and its source) in one transaction. Same content again → `unchanged`. */
  putDocument(document: Document): Promise<PutResult>;
  getDocument(id: string): Promise<Document | null>;
  /** Ids starting with `prefix` (hex only), at most `limit`. */
  documentIdsWithPrefix(prefix: string, limit: number): Promise<string[]>;
  /** Id of the document stored from exactly this raw input (location and SHA-256 of its content), if any. */
  findByRaw(location: string, rawSha256: string): Promise<string | null>;
  listDocuments(query?: DocumentQuery): Promise<DocumentSummary[]>;
  countDocuments(): Promise<number>;
  /** Full-text search over titles and clean texts, best first, with facets. */
  search(query: SearchQuery): Promise<SearchResult>;
  /** All versions of the content seen at a URL, oldest first. */
  versionsOf(url: string): Promise<DocumentVersion[]>;
  getSource(id: string): Promise<Source | null>;
  /** Paragraph texts of every stored document of a source (for learning its recurring boilerplate lines). */
  paragraphsBySource(sourceId: string, limit?: number): Promise<{ location: string; lines: string[] }[]>;

  putAnalysis(documentId: string, analysis: Analysis): Promise<void>;
  getAnalysis(documentId: string): Promise<Analysis | null>;

  putObservation(observation: Observation): Promise<PutResult>;
  getObservation(id: string): Promise<Observation | null>;
  listObservations(): Promise<Observation[]>;
  /** Link an observation to a story (an analyst's `--story`, or the best match by place, time and description). */
  linkObservation(id: string, storyId: string): Promise<void>;

  getFetchState(url: string): Promise<FetchState | null>;
  putFetchState(state: FetchState): Promise<void>;

  /**
   * The clustering state of the active window (its documents' fingerprints and stories, relations with an end in
   * it, constraints, document frequencies), or null before any. Documents that left the window stay stored;
   * `all` loads them too (a rebuild).
   */
  loadClusterSnapshot(options?: { all?: boolean }): Promise<ClusterSnapshot | null>;
  /**
   * The on-disk index: whole stories (rows and relations) of documents outside the window that share one of
   * these LSH band hashes or exact-text keys (see `prepareDocuments`), and the stories named.
   */
  loadArchivedStories(bands: number[], exactKeys: string[], storyIds?: string[]): Promise<ArchivedStories>;
  /**
   * Save a clustering pass in one transaction: with `changed`, only the rows it names (changed and evicted
   * documents, touched and removed stories), plus relations and state; without, the snapshot replaces everything.
   */
  saveClusterSnapshot(
    snapshot: ClusterSnapshot,
    stories: StoryView[],
    changed?: ClusterChanges,
    options?: ClusterSaveOptions,
  ): Promise<void>;
  /**
   * The clustering state's revision: 0 before any save, and one more after each `saveClusterSnapshot` (passes,
   * merges, splits, reclusters alike). A process that keeps a clusterer in memory between passes reloads when the
   * revision is not the one its own last save left.
   */
  clusterRevision(): Promise<number>;
  /**
   * Stored documents not yet placed in a story (e.g. after a run killed before its clustering pass); with `among`,
   * only those of these ids (in the order given), without reading the others.
   */
  unclusteredDocumentIds(among?: string[]): Promise<string[]>;
  /** The relations between these documents (both ends among them), without loading the whole cluster state. */
  relationsAmong(documentIds: string[]): Promise<Relation[]>;
  /** How many relations of each type join two of these documents (a story's), without reading them. */
  countRelationsAmong(documentIds: string[]): Promise<Record<string, number>>;
  listStories(query?: StoryQuery): Promise<StoryView[]>;
  getStory(id: string): Promise<StoryView | null>;
  /** A story's kept brief (see `src/server/summaries.ts`), whatever its signature. */
  getStoryBrief(storyId: string): Promise<StoryBrief | null>;
  putStoryBrief(brief: StoryBrief): Promise<void>;
  /** The kept briefs' signatures and counts for these stories (those that have one). */
  storyBriefSummaries(storyIds: string[]): Promise<Map<string, { signature: string; summary: StoryBriefSummary }>>;
  addAuditEntry(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry>;
  listAudit(storyId?: string): Promise<AuditEntry[]>;

  close(): Promise<void>;
}

export interface StoryQuery {
  /** ISO date: stories seen (last document) on or after it. */
  since?: string;
  /** ISO date: stories that began (first document) on or before it (a date includes its whole day). */
  until?: string;
  /** Only stories with a document from this source. */
  sourceId?: string;
  /** Only stories with a document naming this entity (`country:KEN`). */
  entityId?: string;
  limit?: number;
  offset?: number;
}

/** Counts of a story's fused brief, for the stories list. */
export interface StoryBriefSummary {
  origins: number;
  outlets: number;
  corroborated: number;
  singleOrigin: number;
  disputed: number;
  contradicted: number;
  openQuestions: number;
}

/** A story's brief as fused for one state of the story (`signature`). */
export interface StoryBrief {
  storyId: string;
  signature: string;
  brief: unknown;
  summary: StoryBriefSummary;
  computedAt: string;
}

export interface ClusterSaveOptions {
  /**
   * The revision (`clusterRevision`) the pass was computed from: when another writer saved since, nothing is
   * written and the save throws `ClusterStateChanged` (see `updateClusterState`).
   */
  expectRevision?: number;
}

/** A clustering save refused because another writer changed the state after this pass read it. */
export class ClusterStateChanged extends Error {
  constructor(
    readonly expected: number,
    readonly found: number,
  ) {
    super(`the clustering state changed while this pass ran (revision ${found}, read at ${expected})`);
    this.name = 'ClusterStateChanged';
  }
}

/**
 * Read, assign and save the clustering state as one optimistic transaction: `update` reads what it needs, computes
 * its plan and saves it with `expectRevision` set to the revision it is given; when another process (a worker's
 * pass, an analyst's merge or split, a recluster) saved in between, the save is refused and `update` runs again on
 * the new state. Without this, the later of two overlapping saves would silently undo the earlier one.
 */
export async function updateClusterState<T>(
  store: Pick<Store, 'clusterRevision'>,
  update: (revision: number) => Promise<T>,
  attempts = 8,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await update(await store.clusterRevision());
    } catch (err) {
      if (!(err instanceof ClusterStateChanged) || attempt >= attempts) throw err;
    }
  }
}

/** An analyst's action on stories, kept in the audit log: who, when, what. */
export interface AuditEntry {
  id: string;
  at: string;
  analyst: string;
  action: 'merge' | 'split' | 'recluster';
  storyId: string | null;
  detail: Record<string, unknown>;
}
