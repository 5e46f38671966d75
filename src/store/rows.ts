import type { DocFingerprint } from '../cluster/fingerprint.ts';
import type { ClusterChanges, ClusterSnapshot, StoryView } from '../cluster/stories.ts';
import { byKey } from '../cluster/vectors.ts';
import { sha256 } from '../hash.ts';
/** The mapping between `Document` and its table row, in one place for every store. */
import type { DateOrigin, DatePrecision, Document, InputFormat, RemovedSpan, SourceKind, Span } from '../model.ts';
import type { DocumentSummary, StoryBrief, StoryBriefSummary } from './store.ts';
import type { WatchSource } from './watch.ts';

export interface DocumentRow {
  id: string;
  url: string | null;
  source_id: string;
  title: string;
  byline: string | null;
  published_value: string | null;
  published_precision: string | null;
  published_origin: string;
  published_evidence: string | null;
  /** Publication date when known, else ingest time: the order documents are listed and clustered in. */
  sort_date: string;
  language: string;
  text: string;
  paragraphs_json: string;
  removed_json: string;
  raw_location: string;
  raw_format: string;
  raw_media_type: string | null;
  raw_content: string;
  /** Fingerprint of the raw input: re-ingesting the same input is recognised before any processing. */
  raw_sha256: string;
  ingested_at: string;
  // Joined from `sources` when reading.
  source_name?: string;
  source_kind?: string;
  source_url?: string | null;
}

export function documentToRow(d: Document): DocumentRow {
  return {
    id: d.id,
    url: d.url,
    source_id: d.source.id,
    title: d.title,
    byline: d.byline,
    published_value: d.publishedAt.value,
    published_precision: d.publishedAt.precision,
    published_origin: d.publishedAt.origin,
    published_evidence: d.publishedAt.evidence ?? null,
    sort_date: d.publishedAt.value ?? d.ingestedAt,
    language: d.language,
    text: d.text,
    paragraphs_json: JSON.stringify(d.paragraphs),
    removed_json: JSON.stringify(d.removed),
    raw_location: d.raw.location,
    raw_format: d.raw.format,
    raw_media_type: d.raw.mediaType,
    raw_content: d.raw.content,
    raw_sha256: sha256(d.raw.content),
    ingested_at: d.ingestedAt,
  };
}

function publishedFromRow(row: DocumentRow): Document['publishedAt'] {
  return {
    value: row.published_value,
    precision: row.published_precision as DatePrecision | null,
    origin: row.published_origin as DateOrigin,
    ...(row.published_evidence ? { evidence: row.published_evidence } : {}),
  };
}

/** A story's row in the column order both stores write it (`stories`: id … doc_ids_json, updated_at). */
export function storyRowValues(
  story: StoryView,
  updatedAt: string,
): [string, string, string, string | null, string | null, number, string, string, string] {
  return [
    story.id,
    story.title,
    story.titleDocId,
    story.firstSeen,
    story.lastSeen,
    story.docIds.length,
    JSON.stringify(story.sources),
    JSON.stringify(story.docIds),
    updatedAt,
  ];
}

export function documentFromRow(row: DocumentRow): Document {
  return {
    id: row.id,
    url: row.url,
    source: {
      id: row.source_id,
      name: row.source_name ?? row.source_id,
      kind: (row.source_kind ?? 'outlet') as SourceKind,
      url: row.source_url ?? null,
    },
    title: row.title,
    byline: row.byline,
    publishedAt: publishedFromRow(row),
    language: row.language,
    text: row.text,
    paragraphs: JSON.parse(row.paragraphs_json) as Span[],
    removed: JSON.parse(row.removed_json) as RemovedSpan[],
    raw: {
      location: row.raw_location,
      format: row.raw_format as InputFormat,
      mediaType: row.raw_media_type,
      content: row.raw_content,
    },
    ingestedAt: row.ingested_at,
  };
}

export function summaryFromRow(row: DocumentRow & { chars: number }): DocumentSummary {
  return {
    id: row.id,
    title: row.title,
    url: row.url,
    source: { id: row.source_id, name: row.source_name ?? row.source_id },
    publishedAt: publishedFromRow(row),
    language: row.language,
    ingestedAt: row.ingested_at,
    chars: row.chars,
  };
}

export interface StoryRow {
  id: string;
  title: string;
  title_doc_id: string;
  first_seen: string | null;
  last_seen: string | null;
  sources_json: string;
  doc_ids_json: string;
}

export function storyFromRow(row: StoryRow): StoryView {
  return {
    id: row.id,
    title: row.title,
    titleDocId: row.title_doc_id,
    docIds: JSON.parse(row.doc_ids_json),
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    sources: JSON.parse(row.sources_json),
  };
}

export interface WatchRow {
  id: number;
  url: string;
  name: string | null;
  every_seconds: number;
  added_at: string;
  next_due_at: string;
  last_polled_at: string | null;
  last_status: string | null;
  last_error: string | null;
  failures: number;
  last_new_items: number;
  total_new_items: number;
}

export function watchSourceFromRow(row: WatchRow): WatchSource {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    everySeconds: row.every_seconds,
    addedAt: row.added_at,
    nextDueAt: row.next_due_at,
    lastPolledAt: row.last_polled_at,
    lastStatus: row.last_status as WatchSource['lastStatus'],
    lastError: row.last_error,
    failures: row.failures,
    lastNewItems: row.last_new_items,
    totalNewItems: row.total_new_items,
  };
}

export interface StoryBriefRow {
  story_id: string;
  signature: string;
  brief_json: string;
  summary_json: string;
  computed_at: string;
}

export function storyBriefFromRow(row: StoryBriefRow): StoryBrief {
  return {
    storyId: row.story_id,
    signature: row.signature,
    brief: JSON.parse(row.brief_json) as unknown,
    summary: JSON.parse(row.summary_json) as StoryBriefSummary,
    computedAt: row.computed_at,
  };
}

/**
 * The rows a clustering pass writes, for either store: upserted document rows (active ones from the window, and
 * evicted ones never written before), documents to mark inactive, the LSH band rows of the on-disk index (filed
 * when a document leaves RAM), relations, state, and stories to upsert or delete. Without `changes`, the whole
 * snapshot is written (a rebuild).
 */
export interface ClusterWrites {
  /** Delete every cluster row first. */
  full: boolean;
  /** document_id, arrival, story_id, fingerprint_json, membership_json, active, exact_key */
  docs: Array<[string, number, string, string, string, number, string | null]>;
  /** Documents already stored that left RAM: id and exact key. */
  deactivate: Array<[string, string]>;
  /** Documents already stored that came back into RAM unchanged (applied before `deactivate`). */
  activate: string[];
  bands: Array<[number, string]>;
  /** a, b, type, relation_json */
  relations: Array<[string, string, string, string]>;
  state: Array<[string, string]>;
  /** Document frequencies to upsert (key, count), and keys to delete; `full` deletes every count first. */
  frequencies: Array<[string, number]>;
  dropFrequencies: string[];
  stories: StoryView[];
  deleteStories: string[];
}

export function clusterWrites(
  snapshot: ClusterSnapshot,
  stories: StoryView[],
  changes?: ClusterChanges,
): ClusterWrites {
  const docRow = (row: ClusterSnapshot['docs'][number], active: boolean): ClusterWrites['docs'][number] => [
    row.fingerprint.id,
    row.fingerprint.order,
    row.storyId,
    fingerprintJson(row.fingerprint),
    JSON.stringify(row.membership),
    active ? 1 : 0,
    row.fingerprint.exactKey,
  ];
  const docs = snapshot.docs
    .filter((row) => !changes || changes.changed.has(row.fingerprint.id))
    .map((row) => docRow(row, true));
  const deactivate: ClusterWrites['deactivate'] = [];
  const bands: ClusterWrites['bands'] = [];
  for (const e of changes?.evicted ?? []) {
    if (e.row) docs.push(docRow(e.row, false));
    else deactivate.push([e.id, e.exact]);
    for (const band of e.bands) bands.push([band, e.id]);
  }
  // In key order: consecutive inserts land on the same pages of the band index instead of all over it.
  bands.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  const full = !changes || changes.full === true;
  // The counts live in a table of their own, and a pass writes only those it changed: the whole table as one JSON
  // value cost every pass O(keys).
  if (full && snapshot.frequencies && !snapshot.frequencies.counts)
    throw new Error('a full save needs the document frequencies: a pass’s snapshot has only its changes');
  const frequencies = full ? (snapshot.frequencies?.counts ?? []) : (changes?.frequencies?.counts ?? []);
  const documents = changes?.frequencies?.documents ?? snapshot.frequencies?.documents;
  return {
    full,
    docs,
    deactivate,
    activate: changes?.reactivated ?? [],
    bands,
    relations: (changes?.relations ?? snapshot.relations).map((r) => [r.a, r.b, r.type, JSON.stringify(r)]),
    state: [
      ['params', JSON.stringify(snapshot.params)],
      ['nextStory', JSON.stringify(snapshot.nextStory)],
      ['constraints', JSON.stringify(snapshot.constraints)],
      ['frequencies', JSON.stringify(documents === undefined ? null : { documents })],
      ['clock', JSON.stringify(snapshot.clock ?? null)],
    ],
    frequencies: [...frequencies].sort(byKey),
    dropFrequencies: full ? [] : (changes?.frequencies?.dropped ?? []),
    stories,
    deleteStories: changes?.removedStories ?? [],
  };
}

/** A snapshot from its stored parts (state rows by key, active document rows, relations, document frequencies). */
export function clusterSnapshotFrom(
  state: Map<string, unknown>,
  docs: Array<{ story_id: string; fingerprint_json: string; membership_json: string }>,
  relations: Array<{ relation_json: string }>,
  counts: Array<{ key: string; n: number | string }>,
): ClusterSnapshot | null {
  if (!state.has('params')) return null;
  // The state row holds the number of documents; the counts are rows of their own (migration 13 moved those an
  // older state row held).
  const stored = state.get('frequencies') as { documents: number } | null | undefined;
  const frequencies = stored
    ? {
        documents: stored.documents,
        counts: counts.map((r): [string, number] => [r.key, Number(r.n)]).sort(byKey),
      }
    : null;
  return {
    version: 1,
    params: state.get('params') as ClusterSnapshot['params'],
    nextStory: (state.get('nextStory') as number | undefined) ?? 1,
    constraints: (state.get('constraints') as ClusterSnapshot['constraints'] | undefined) ?? [],
    docs: clusterDocsFrom(docs),
    relations: relations.map((r) => JSON.parse(r.relation_json)),
    ...(frequencies ? { frequencies } : {}),
    ...(state.has('clock') ? { clock: state.get('clock') as number | null } : {}),
  };
}

export function clusterDocsFrom(
  docs: Array<{ story_id: string; fingerprint_json: string; membership_json: string }>,
): ClusterSnapshot['docs'] {
  return docs.map((row) => ({
    storyId: row.story_id,
    fingerprint: fingerprintFromJson(row.fingerprint_json),
    membership: JSON.parse(row.membership_json),
  }));
}

/**
 * A fingerprint as stored: its MinHash signature (128 unsigned 32-bit numbers, 40% of the JSON as decimal text) as
 * the base64 of their little-endian bytes, which is half the size and parses as one string. Rows written with the
 * signature as an array are read as they are.
 */
export function fingerprintJson(fp: DocFingerprint): string {
  const bytes = Buffer.alloc(fp.signature.length * 4);
  for (let i = 0; i < fp.signature.length; i++) bytes.writeUInt32LE(fp.signature[i]!, i * 4);
  return JSON.stringify({ ...fp, signature: bytes.toString('base64') });
}

export function fingerprintFromJson(json: string): DocFingerprint {
  const fp = JSON.parse(json) as Omit<DocFingerprint, 'signature'> & { signature: number[] | string };
  if (typeof fp.signature !== 'string') return fp as DocFingerprint;
  const bytes = Buffer.from(fp.signature, 'base64');
  const signature = new Array<number>(bytes.length >> 2);
  for (let i = 0; i < signature.length; i++) signature[i] = bytes.readUInt32LE(i * 4);
  return { ...fp, signature };
}
