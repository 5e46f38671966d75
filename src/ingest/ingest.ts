/**
 * The ingest job, read top to bottom: expand inputs → load bytes → decode → detect the format → parse into drafts →
 * learn each source's recurring lines → build documents → store, one transaction per document. The CLI, the server
 * and the watcher all call this one function.
 *
 * A failing input never stops the others: it becomes a `failed` item naming the input and what is wrong.
 */
import { readFileSync, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { analyse } from '../analyse/index.ts';
import { assignStories, clusterInputOf, prepareDocuments } from '../cluster/assign.ts';
import type { ClusterInput } from '../cluster/fingerprint.ts';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { type FetchState, type Store, updateClusterState } from '../store/store.ts';
import { learnRecurringLines } from './boilerplate.ts';
import { assertWithinSizeCap, decodeText } from './decode.ts';
import { detectFormat, mediaTypeOf } from './detect.ts';
import { buildDocument, type DraftDocument } from './document.ts';
import { isFeedFormat } from './feeds/index.ts';
import { fetchOptionsFrom, fetchUrl } from './fetch.ts';
import { FORMAT_PARSERS, type ParsedInput, parseHtmlPage } from './formats.ts';
import { parseObservation } from './observation.ts';

export type IngestStatus = 'added' | 'unchanged' | 'new-version' | 'failed';

export interface IngestItem {
  /** The file, URL or record the item came from. */
  input: string;
  kind: 'document' | 'observation';
  status: IngestStatus;
  id?: string;
  title?: string;
  /** For `new-version`: the version number at that URL and the id of the version before. */
  version?: number;
  previousId?: string;
  /** For observations: the story they were linked to. */
  storyId?: string;
  error?: string;
}

export interface IngestReport {
  items: IngestItem[];
  counts: Record<IngestStatus, number>;
}

export interface IngestOptions {
  store: Store;
  config: Readonly<Config>;
  /** Name of the outlet for inputs that do not say (`--source`). */
  sourceName?: string;
  onProgress?: (done: number, total: number) => void;
  now?: () => string;
  /** Run the language layer on each new document and store its analysis (default true). */
  analyse?: boolean;
  /** Assign new documents to stories (default true). */
  cluster?: boolean;
  /** For feeds: fetch each item's page and extract the full article from it. */
  follow?: boolean;
}

/**
 * Files a directory walk skips: hidden files, editor leftovers, and a folder's own README/LICENSE (which describe
 * the corpus rather than belong to it). A file named explicitly is always read.
 */
const SKIPPED_FILE = /^\.|~$|\.(?:swp|tmp|bak)$|^(?:readme|license|licence|changelog)(?:\.\w+)?$/i;

export async function ingest(inputs: string[], options: IngestOptions): Promise<IngestReport> {
  const items: IngestItem[] = [];
  const locations = await expandInputs(inputs, items);
  const run: IngestRun = { ...options, fetchedValidators: [] };
  return ingestInputs(
    locations.map((location) => ({ location, read: () => loadBytes(location, run) })),
    items,
    run,
  );
}

/**
 * One ingest call. HTTP validators of what it fetched wait here until the documents they cover are stored: a run
 * stopped half-way then fetches everything again instead of hearing "not modified" for items it never stored.
 */
interface IngestRun extends IngestOptions {
  fetchedValidators: FetchState[];
}

/** Remember the validators of every URL whose documents all stored; a URL with a failed document is fetched anew. */
async function commitValidators(run: IngestRun, items: IngestItem[]): Promise<void> {
  // A feed item's input is the feed's URL with `#item-N`.
  const failed = new Set(items.filter((item) => item.status === 'failed').map((item) => item.input.split('#')[0]));
  for (const state of run.fetchedValidators.splice(0)) {
    if (!failed.has(state.url)) await run.store.putFetchState(state);
  }
}

/** Text already in memory (pasted into the workbench, posted to the API), named as a file of that name would be. */
export interface TextInput {
  /** Stands for the file name: it names the input in the report and its extension hints at the format. */
  name: string;
  text: string;
  contentType?: string | null;
}

/** Ingest in-memory texts through the same steps as files: decode, detect, parse, build, store. */
export async function ingestText(inputs: TextInput[], options: IngestOptions): Promise<IngestReport> {
  const run: IngestRun = { ...options, fetchedValidators: [] };
  return ingestInputs(
    inputs.map((input) => ({
      location: input.name,
      read: async (): Promise<LoadedBytes> => {
        const bytes = new TextEncoder().encode(input.text);
        assertWithinSizeCap(input.name, bytes.length, options.config.maxInputBytes);
        return { bytes, contentType: input.contentType ?? null };
      },
    })),
    [],
    run,
  );
}

interface PendingInput {
  location: string;
  read: () => Promise<LoadedBytes | 'not-modified'>;
}

async function ingestInputs(locations: PendingInput[], items: IngestItem[], options: IngestRun): Promise<IngestReport> {
  const drafts: DraftDocument[] = [];
  let done = 0;
  const total = () => locations.length + drafts.length;

  for (const input of locations) {
    const location = input.location;
    try {
      const loaded = await load(input, options);
      if (loaded.unchangedId === 'not-modified') {
        items.push({
          input: location,
          kind: 'document',
          status: 'unchanged',
          title: 'not modified since the last fetch',
        });
      } else if (loaded.unchangedId) {
        items.push({ input: location, kind: 'document', status: 'unchanged', id: loaded.unchangedId });
      } else {
        const parsed =
          options.follow && loaded.isFeed ? await followItems(loaded.parsed, options, items) : loaded.parsed;
        drafts.push(...parsed.drafts);
        for (const { record, where } of loaded.parsed.observations) {
          items.push(await storeObservation(record, where, options));
        }
      }
    } catch (err) {
      items.push(failure(location, err));
    }
    options.onProgress?.(++done, total());
  }

  await storeDrafts(drafts, items, options, () => options.onProgress?.(++done, total()));
  await commitValidators(options, items);
  return { items, counts: countByStatus(items) };
}

/** Bytes already fetched from a URL by the caller (the watcher, which fetches with its own politeness). */
export interface FetchedInput {
  url: string;
  bytes: Uint8Array;
  contentType: string | null;
}

/**
 * Ingest what was fetched from a URL, exactly as `ingest` would have after fetching it (analysis and clustering
 * included): nothing is fetched again. `maxItems` caps the documents taken from one input (a feed's first items,
 * which feeds list newest first).
 */
export async function ingestFetched(
  fetched: FetchedInput,
  ingestOptions: IngestOptions & { maxItems?: number },
): Promise<IngestReport & { skipped: number }> {
  const options: IngestRun & { maxItems?: number } = { ...ingestOptions, fetchedValidators: [] };
  const items: IngestItem[] = [];
  let drafts: DraftDocument[] = [];
  let skipped = 0;
  try {
    const loaded = await parseLoaded(fetched.url, fetched, options);
    if (loaded.unchangedId) {
      items.push({ input: fetched.url, kind: 'document', status: 'unchanged', id: loaded.unchangedId });
    } else {
      drafts = loaded.parsed.drafts;
      if (options.maxItems !== undefined && drafts.length > options.maxItems) {
        skipped = drafts.length - options.maxItems;
        drafts = drafts.slice(0, options.maxItems);
      }
      if (options.follow && loaded.isFeed) {
        drafts = (await followItems({ ...loaded.parsed, drafts }, options, items)).drafts;
      }
      for (const { record, where } of loaded.parsed.observations) {
        items.push(await storeObservation(record, where, options));
      }
    }
  } catch (err) {
    items.push(failure(fetched.url, err));
  }
  await storeDrafts(drafts, items, options, () => {});
  await commitValidators(options, items);
  return { items, counts: countByStatus(items), skipped };
}

/** Build, store, analyse and cluster each draft, one transaction per document. */
async function storeDrafts(
  drafts: DraftDocument[],
  items: IngestItem[],
  options: IngestOptions,
  onStored: () => void,
): Promise<void> {
  const recurring = await recurringLinesFor(drafts, options.store);
  const ingestedAt = options.now?.() ?? new Date().toISOString();
  const toCluster = new Map<string, ClusterInput>();
  for (const draft of drafts) {
    try {
      const document = buildDocument(draft, { recurringLines: recurring.get(draft.source.id) }, ingestedAt);
      const result = await options.store.putDocument(document);
      if (result.status !== 'unchanged') {
        const analysis =
          options.analyse === false ? null : analyse({ text: document.text, publishedAt: document.publishedAt.value });
        if (analysis) await options.store.putAnalysis(document.id, analysis);
        toCluster.set(document.id, clusterInputOf(document, analysis));
      }
      items.push({ input: draft.raw.location, kind: 'document', title: document.title, ...result });
    } catch (err) {
      items.push(failure(draft.raw.location, err));
    }
    onStored();
  }
  if (options.cluster !== false) await clusterStored(options.store, toCluster);
}

/**
 * One clustering pass per batch, after every document of it is stored. Documents a killed run stored but never
 * clustered are picked up here too, so a rerun completes what the killed run began.
 */
async function clusterStored(store: Store, fresh: Map<string, ClusterInput>): Promise<void> {
  for (const id of await store.unclusteredDocumentIds()) {
    if (fresh.has(id)) continue;
    const document = await store.getDocument(id);
    if (document) fresh.set(id, clusterInputOf(document, await store.getAnalysis(id)));
  }
  if (fresh.size === 0) return;
  // Only the active window is loaded, plus the archived stories the new documents' LSH bands or exact texts point
  // at; only what changed is written (see the clustering section of docs/ARCHITECTURE.md).
  const prepared = prepareDocuments([...fresh.values()]);
  // Another process (an analyst's merge, a second ingest) saving during the pass makes it start over on their state.
  await updateClusterState(store, async (revision) => {
    const previous = await store.loadClusterSnapshot();
    const archived = previous ? await store.loadArchivedStories(prepared.bands, prepared.exact) : null;
    const plan = assignStories(previous, prepared, archived);
    await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed, { expectRevision: revision });
  });
}

/** Files of directories (recursively, in name order), files and URLs; a missing path becomes a failed item. */
async function expandInputs(inputs: string[], items: IngestItem[]): Promise<string[]> {
  const locations: string[] = [];
  for (const input of inputs) {
    if (isUrl(input)) {
      locations.push(input);
      continue;
    }
    try {
      const info = await stat(input);
      if (info.isDirectory()) locations.push(...(await walk(input)));
      else locations.push(input);
    } catch {
      items.push({ input, kind: 'document', status: 'failed', error: `${input}: no such file or directory` });
    }
  }
  return locations;
}

async function walk(directory: string): Promise<string[]> {
  const entries = (await readdir(directory, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    if (SKIPPED_FILE.test(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

interface Loaded {
  parsed: ParsedInput;
  isFeed?: boolean;
  /** Set when exactly this input was stored before: nothing to do. */
  unchangedId?: string;
}

async function loadBytes(location: string, options: IngestRun): Promise<LoadedBytes | 'not-modified'> {
  return isUrl(location) ? fetchWithValidators(location, options) : readLocalFile(location, options.config);
}

async function load({ location, read }: PendingInput, options: IngestRun): Promise<Loaded> {
  const fetched = await read();
  if (fetched === 'not-modified') return { parsed: NOTHING, unchangedId: 'not-modified' };
  return parseLoaded(location, fetched, options);
}

async function parseLoaded(location: string, fetched: LoadedBytes, options: IngestOptions): Promise<Loaded> {
  const { text } = decodeText(fetched.bytes, { name: location, contentType: fetched.contentType });
  const unchangedId = await options.store.findByRaw(location, sha256(text));
  if (unchangedId) return { parsed: NOTHING, unchangedId };
  const { parsed, format } = parseDecoded(location, text, fetched.contentType, options.sourceName);
  return { parsed, isFeed: isFeedFormat(format) };
}

/**
 * `--follow`: replace each feed item by the article extracted from its page, keeping what the feed knew (date,
 * author) where the page does not say. An item whose page fails keeps the feed's own text, and the failure is listed.
 */
async function followItems(parsed: ParsedInput, options: IngestRun, items: IngestItem[]): Promise<ParsedInput> {
  const drafts: DraftDocument[] = [];
  for (const item of parsed.drafts) {
    if (!item.url || !isUrl(item.url)) {
      drafts.push(item);
      continue;
    }
    try {
      const fetched = await fetchWithValidators(item.url, options);
      if (fetched === 'not-modified') continue;
      const { text } = decodeText(fetched.bytes, { name: item.url, contentType: fetched.contentType });
      const page = parseHtmlPage(text, { location: item.url, mediaType: mediaTypeOf(fetched.contentType) });
      drafts.push({
        ...page,
        title: page.title || item.title,
        byline: page.byline ?? item.byline,
        publishedAt: page.publishedAt ?? item.publishedAt,
        source: page.source.id.startsWith('unknown:') ? item.source : page.source,
      });
    } catch (err) {
      items.push(failure(item.url, err));
      drafts.push(item);
    }
  }
  return { ...parsed, drafts };
}

/** Detect the format of decoded input and run its parser. */
function parseDecoded(location: string, text: string, contentType: string | null, sourceName?: string) {
  const format = detectFormat({ name: location, contentType, text });
  const parser = FORMAT_PARSERS[format];
  if (!parser) throw new InputError(location, `${format} input is not supported`);
  return { format, parsed: parser(text, { location, mediaType: mediaTypeOf(contentType), sourceName }) };
}

/**
 * Read one file or URL into drafts without touching a store (for `triangulate analyse FILE`): the same loading,
 * decoding and parsing as ingest.
 */
export async function readInput(location: string, config: Readonly<Config>, sourceName?: string): Promise<ParsedInput> {
  const loaded = isUrl(location)
    ? await fetchUrl(location, fetchOptionsFrom(config))
    : { status: 'ok' as const, ...readLocalFile(location, config) };
  if (loaded.status !== 'ok') throw new InputError(location, 'not modified');
  const { text } = decodeText(loaded.bytes, { name: location, contentType: loaded.contentType });
  return parseDecoded(location, text, loaded.contentType, sourceName).parsed;
}

const isUrl = (location: string) => /^https?:\/\//i.test(location);

const NOTHING = { drafts: [], observations: [] };

interface LoadedBytes {
  bytes: Uint8Array;
  contentType: string | null;
}

function readLocalFile(location: string, config: Readonly<Config>): LoadedBytes {
  // Synchronous on purpose: one small file at a time, the thread-pool round trip of the async calls cost more than
  // the reads themselves (a third of ingest time on a corpus of short articles).
  const info = statSync(location);
  assertWithinSizeCap(location, info.size, config.maxInputBytes);
  return { bytes: readFileSync(location), contentType: null };
}

/** GET with the validators of the last fetch (conditional GET); the new ones are kept once the run has stored. */
async function fetchWithValidators(url: string, options: IngestRun): Promise<LoadedBytes | 'not-modified'> {
  const previous = await options.store.getFetchState(url);
  const result = await fetchUrl(url, {
    ...fetchOptionsFrom(options.config),
    etag: previous?.etag,
    lastModified: previous?.lastModified,
  });
  if (result.status === 'not-modified') return 'not-modified';
  options.fetchedValidators.push({
    url,
    etag: result.etag,
    lastModified: result.lastModified,
    fetchedAt: options.now?.() ?? new Date().toISOString(),
  });
  return { bytes: result.bytes, contentType: result.contentType };
}

async function storeObservation(record: unknown, where: string, options: IngestOptions): Promise<IngestItem> {
  try {
    const observation = parseObservation(record, where, options.now?.());
    const result = await options.store.putObservation(observation);
    return { input: where, kind: 'observation', status: result.status, id: result.id, title: observation.place };
  } catch (err) {
    return { ...failure(where, err), kind: 'observation' };
  }
}

/**
 * Recurring lines per source, learned from this batch and the source's stored documents (those not re-read in this
 * batch, so that a rerun counts each document once and reaches the same verdicts).
 */
async function recurringLinesFor(drafts: DraftDocument[], store: Store) {
  const bySource = new Map<string, Map<string, string[]>>();
  for (const draft of drafts) {
    const documents = bySource.get(draft.source.id) ?? new Map<string, string[]>();
    documents.set(draft.raw.location, draft.paragraphs);
    bySource.set(draft.source.id, documents);
  }
  for (const [sourceId, documents] of bySource) {
    for (const stored of await store.paragraphsBySource(sourceId)) {
      if (!documents.has(stored.location)) documents.set(stored.location, stored.lines);
    }
  }
  return learnRecurringLines(new Map([...bySource].map(([id, docs]) => [id, [...docs.values()]])));
}

function failure(input: string, err: unknown): IngestItem {
  if (err instanceof InputError) return { input, kind: 'document', status: 'failed', error: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { input, kind: 'document', status: 'failed', error: `${input}: ${message}` };
}

function countByStatus(items: IngestItem[]): Record<IngestStatus, number> {
  const counts: Record<IngestStatus, number> = { added: 0, unchanged: 0, 'new-version': 0, failed: 0 };
  for (const item of items) counts[item.status]++;
  return counts;
}
