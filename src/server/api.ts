/**
 * The JSON API: one table of routes (method, path, handler), so that the OpenAPI document can be checked against it.
 * Handlers validate their input, call the store or the ingest orchestrator, and return plain JSON; errors are thrown
 * as `ApiError` and rendered once by the app.
 */
import type { Context } from 'hono';
import { override, storySummary } from '../cli/commands/stories.ts';
import type { Config } from '../config.ts';
import { InputError, UsageError } from '../errors.ts';
import { ingest, ingestText } from '../ingest/ingest.ts';
import { parseObservation } from '../ingest/observation.ts';
import type { Store } from '../store/store.ts';
import { ApiError } from './middleware.ts';
import { OPENAPI } from './openapi.ts';
import { NO_FACTS, storyPlaces } from './places.ts';
import { briefForRequest, storySignature } from './summaries.ts';

export interface ApiContext {
  store: Store;
  config: Readonly<Config>;
  /** Ask the background refresher to fuse this story next (see `briefForRequest`). */
  wantBrief?: (storyId: string) => void;
  inlineFusionUpTo?: number;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Hono path syntax (`/api/documents/:id`). */
  path: string;
  handler: (c: Context, api: ApiContext) => Promise<Response> | Response;
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/api/openapi.json', handler: (c) => c.json(OPENAPI) },
  { method: 'GET', path: '/api/status', handler: status },
  { method: 'GET', path: '/api/documents', handler: listDocuments },
  { method: 'GET', path: '/api/documents/:id', handler: getDocument },
  { method: 'GET', path: '/api/documents/:id/versions', handler: documentVersions },
  { method: 'GET', path: '/api/search', handler: search },
  { method: 'GET', path: '/api/observations', handler: listObservations },
  { method: 'POST', path: '/api/observations', handler: addObservation },
  { method: 'POST', path: '/api/ingest', handler: ingestInput },
  { method: 'GET', path: '/api/stories', handler: listStories },
  { method: 'POST', path: '/api/stories/merge', handler: mergeStories },
  { method: 'GET', path: '/api/stories/:id', handler: getStory },
  { method: 'GET', path: '/api/stories/:id/brief', handler: storyBriefRoute },
  { method: 'GET', path: '/api/stories/:id/places', handler: storyPlacesRoute },
  { method: 'POST', path: '/api/stories/:id/split', handler: splitStory },
];

async function status(c: Context, { store }: ApiContext) {
  return c.json({
    documents: await store.countDocuments(),
    observations: (await store.listObservations()).length,
  });
}

async function listDocuments(c: Context, { store }: ApiContext) {
  const limit = integerParam(c, 'limit', 50, 1, 1000);
  const offset = integerParam(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const since = dateParam(c, 'since');
  const documents = await store.listDocuments({ sourceId: c.req.query('source') || undefined, since, limit, offset });
  return c.json({ total: await store.countDocuments(), documents });
}

async function getDocument(c: Context, { store }: ApiContext) {
  const document = await documentOr404(store, c.req.param('id') ?? '');
  const raw = c.req.query('raw') === '1' ? document.raw : { ...document.raw, content: undefined };
  return c.json({
    document: { ...document, raw },
    analysis: await store.getAnalysis(document.id),
    versions: document.url ? await store.versionsOf(document.url) : [],
  });
}

async function documentVersions(c: Context, { store }: ApiContext) {
  const document = await documentOr404(store, c.req.param('id') ?? '');
  return c.json({ versions: document.url ? await store.versionsOf(document.url) : [] });
}

async function documentOr404(store: Store, id: string) {
  if (!/^[0-9a-f]{1,16}$/i.test(id)) throw new ApiError(400, 'bad-request', `"${id}" is not a document id`);
  const exact = await store.getDocument(id.toLowerCase());
  if (exact) return exact;
  const matches = await store.documentIdsWithPrefix(id, 2);
  if (matches.length === 1) return (await store.getDocument(matches[0]!))!;
  if (matches.length > 1) throw new ApiError(400, 'bad-request', `"${id}" matches several documents`);
  throw new ApiError(404, 'not-found', `no document "${id}"`);
}

async function search(c: Context, { store }: ApiContext) {
  const text = c.req.query('q') ?? '';
  if (text.length > 1000) throw new ApiError(400, 'bad-request', 'the query is longer than 1000 characters');
  return c.json(
    await store.search({
      text,
      sourceId: c.req.query('source') || undefined,
      entityId: c.req.query('entity') || undefined,
      from: dateParam(c, 'from'),
      to: dateParam(c, 'to'),
      limit: integerParam(c, 'limit', 20, 1, 200),
      offset: integerParam(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    }),
  );
}

async function listObservations(c: Context, { store }: ApiContext) {
  return c.json({ observations: await store.listObservations() });
}

async function addObservation(c: Context, { store }: ApiContext) {
  const body = await jsonBody(c);
  try {
    const observation = parseObservation(body, 'observation');
    const result = await store.putObservation(observation);
    const stored = (await store.getObservation(observation.id))!;
    return c.json({ status: result.status, observation: stored }, result.status === 'added' ? 201 : 200);
  } catch (err) {
    if (err instanceof InputError) throw new ApiError(400, 'bad-request', err.message);
    throw err;
  }
}

/** `{url}` fetches a page or feed; `{text, name?, source?}` ingests pasted text. Both through the orchestrator. */
async function ingestInput(c: Context, { store, config }: ApiContext) {
  const body = await jsonBody(c);
  const source = optionalString(body, 'source');
  const options = { store, config, ...(source?.trim() ? { sourceName: source.trim() } : {}) };
  const url = optionalString(body, 'url');
  const text = optionalString(body, 'text');
  if ((url === undefined) === (text === undefined)) {
    throw new ApiError(400, 'bad-request', 'give either "url" or "text"');
  }
  if (url !== undefined) {
    if (!/^https?:\/\/[^\s]+$/i.test(url.trim()))
      throw new ApiError(400, 'bad-request', '"url" must be an http(s) URL');
    return c.json({ report: await ingest([url.trim()], options) });
  }
  if (!text?.trim()) throw new ApiError(400, 'bad-request', '"text" is empty');
  const name = optionalString(body, 'name')?.trim() || 'pasted.txt';
  if (/[/\\]/.test(name)) throw new ApiError(400, 'bad-request', '"name" is a file name, not a path');
  return c.json({ report: await ingestText([{ name, text }], options) });
}

// ---------------------------------------------------------------------------------------------------------------
// Stories: the same functions as `triangulate stories` / `story`, so that the CLI and the workbench agree.

async function listStories(c: Context, { store }: ApiContext) {
  const limit = integerParam(c, 'limit', 50, 1, 500);
  const offset = integerParam(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  // One more than asked for tells whether there is a next page without counting every story.
  const page = await store.listStories({
    since: dateParam(c, 'since'),
    until: dateParam(c, 'until'),
    sourceId: c.req.query('source') || undefined,
    entityId: c.req.query('entity') || undefined,
    limit: limit + 1,
    offset,
  });
  const stories = page.slice(0, limit);
  const [observations, kept, names] = await Promise.all([
    store.listObservations(),
    store.storyBriefSummaries(stories.map((s) => s.id)),
    sourceNames(
      store,
      stories.flatMap((s) => s.sources),
    ),
  ]);
  return c.json({
    stories: stories.map((s) => {
      const brief = kept.get(s.id);
      return {
        ...storySummary(s),
        sourceNames: s.sources.map((id) => names.get(id) ?? id),
        // Counts from the kept brief when it is of the story as it is now; null until the server has fused it.
        counts: brief && brief.signature === storySignature(s, observations) ? brief.summary : null,
      };
    }),
    nextOffset: page.length > limit ? offset + limit : null,
  });
}

async function sourceNames(store: Store, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const sources = await Promise.all(unique.map((id) => store.getSource(id)));
  return new Map(unique.map((id, i) => [id, sources[i]?.name ?? id]));
}

/**
 * One story, its documents a page at a time in time order (a story can hold hundreds): the page's documents, the
 * relations among them, and how many relations of each type the whole story has. The CLI's `story --json` gives all.
 */
async function getStory(c: Context, { store }: ApiContext) {
  const id = await storyOr404(store, c.req.param('id') ?? '');
  const limit = integerParam(c, 'limit', 50, 1, 500);
  const offset = integerParam(c, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const story = (await store.getStory(id))!;
  const page = await store.listDocuments({ ids: story.docIds, oldestFirst: true, limit, offset });
  const pageIds = page.map((d) => d.id);
  const [relations, relationCounts, audit, observations] = await Promise.all([
    store.relationsAmong(pageIds),
    store.countRelationsAmong(story.docIds),
    store.listAudit(id),
    store.listObservations(),
  ]);
  return c.json({
    story: {
      ...storySummary(story),
      documents: page.map((d) => ({
        id: d.id,
        title: d.title,
        source: d.source.name,
        publishedAt: d.publishedAt,
        url: d.url,
      })),
      documentsPage: {
        offset,
        limit,
        total: story.docIds.length,
        nextOffset: offset + limit < story.docIds.length ? offset + limit : null,
      },
      // Without their evidence (shared shingles, aligned sentences): megabytes on a large story.
      relations: relations.map(({ evidence: _, ...relation }) => relation),
      relationCounts,
      audit,
    },
    observations: observations.filter((o) => o.storyId === id),
  });
}

/**
 * Lead, timeline and facts by status, fused from the story's documents: the same as `triangulate brief ID --json`,
 * kept in the store for the story as it is (see summaries.ts).
 */
async function storyBriefRoute(c: Context, { store, wantBrief, inlineFusionUpTo }: ApiContext) {
  const id = await storyOr404(store, c.req.param('id') ?? '');
  return c.json(await asApiError(() => briefForRequest(store, id, { want: wantBrief, inlineUpTo: inlineFusionUpTo })));
}

/**
 * The places a story names, located where offline data allows, and the observations bearing on it, each with the
 * facts they bear on: what the map draws.
 */
async function storyPlacesRoute(c: Context, { store, wantBrief, inlineFusionUpTo }: ApiContext) {
  const id = await storyOr404(store, c.req.param('id') ?? '');
  const story = (await store.getStory(id))!;
  const observations = await store.listObservations();
  // A large story's places come with the facts of its kept brief (or none yet), as its page shows them.
  const kept = await asApiError(() =>
    briefForRequest(store, id, { observations, want: wantBrief, inlineUpTo: inlineFusionUpTo }),
  );
  const brief = kept.brief ?? { ...NO_FACTS, observations: [] };
  const analyses = await Promise.all(
    story.docIds.map(async (documentId) => ({ documentId, analysis: await store.getAnalysis(documentId) })),
  );
  const facts = new Map(
    [
      ...brief.corroborated,
      ...brief.disputed,
      ...brief.contradicted,
      ...brief.singleOrigin,
      ...brief.openQuestions,
    ].map((f) => [f.factId, { id: f.factId, statement: f.statement, status: f.status }]),
  );
  const matched = new Map(brief.observations.map((o) => [o.id, o]));
  return c.json({
    briefState: kept.state,
    places: storyPlaces(analyses, brief, observations),
    observations: observations
      .filter((o) => o.storyId === id || (matched.get(o.id)?.matched.length ?? 0) > 0)
      .map((o) => ({
        ...o,
        stance: matched.get(o.id)?.stance ?? null,
        facts: (matched.get(o.id)?.matched ?? []).flatMap((f) => facts.get(f) ?? []),
      })),
  });
}

async function mergeStories(c: Context, { store }: ApiContext) {
  const body = await jsonBody(c);
  const a = await storyOr404(store, requiredString(body, 'a'));
  const b = await storyOr404(store, requiredString(body, 'b'));
  if (a === b) throw new ApiError(400, 'bad-request', 'a story cannot be merged with itself');
  const analyst = requiredString(body, 'analyst');
  return c.json({ story: await asApiError(() => override(store, 'merge', [a, b], analyst)) });
}

async function splitStory(c: Context, { store }: ApiContext) {
  const id = await storyOr404(store, c.req.param('id') ?? '');
  const body = await jsonBody(c);
  const documents = body.documents;
  if (!Array.isArray(documents) || !documents.length || !documents.every((d) => typeof d === 'string')) {
    throw new ApiError(400, 'bad-request', '"documents" must be a non-empty array of document ids');
  }
  const analyst = requiredString(body, 'analyst');
  return c.json({ story: await asApiError(() => override(store, 'split', [id, ...documents], analyst)) });
}

async function storyOr404(store: Store, id: string): Promise<string> {
  if (!id || !(await store.getStory(id))) throw new ApiError(404, 'not-found', `no story "${id}"`);
  return id;
}

/** The story functions speak in usage errors (they serve the CLI first): here those are bad requests. */
async function asApiError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UsageError || err instanceof InputError) throw new ApiError(400, 'bad-request', err.message);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Input helpers

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, 'bad-request', 'the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, 'bad-request', 'the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'bad-request', `"${field}" must be a string`);
  return value;
}

function requiredString(body: Record<string, unknown>, field: string): string {
  const value = optionalString(body, field)?.trim();
  if (!value) throw new ApiError(400, 'bad-request', `"${field}" is required`);
  return value;
}

function integerParam(c: Context, name: string, fallback: number, min: number, max: number): number {
  const value = c.req.query(name);
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ApiError(400, 'bad-request', `"${name}" must be a whole number from ${min} to ${max}`);
  }
  return n;
}

const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?Z?)?)?)?$/;

function dateParam(c: Context, name: string): string | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === '') return undefined;
  if (!ISO_DATE.test(value)) throw new ApiError(400, 'bad-request', `"${name}" must be an ISO 8601 date`);
  return value;
}
