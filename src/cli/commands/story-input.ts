/**
 * The input of `brief` and `export`: a story's documents with their analyses, their relations and the analyst's
 * observations, read from the store (`--docs ID,ID`, or a story id once the store keeps stories) or from files and
 * directories ingested into a throw-away in-memory store.
 */
import { findClaims } from '../../analyse/claims/index.ts';
import { findEntities } from '../../analyse/entities/index.ts';
import { findTemporalExpressions } from '../../analyse/temporal/index.ts';
import { sentenceSpans } from '../../analyse/text/tokens.ts';
import { StoryClusterer } from '../../cluster/stories.ts';
import { type Config, defaultConfig } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import type { FuseInput } from '../../fuse/types.ts';
import { ingest } from '../../ingest/ingest.ts';
import type { Analysis, Document, Observation } from '../../model.ts';
import { SqliteStore } from '../../store/sqlite.ts';
import type { Store } from '../../store/store.ts';
import { resolveDocumentId } from './documents.ts';

/**
 * The language layer of one document. Stands in for the lead's `analyse()` (src/analyse/index.ts) until it lands;
 * then this becomes a call to it.
 */
export function analyseDocument(document: Document): Analysis {
  const entities = findEntities(document.text);
  return {
    sentences: sentenceSpans(document.text),
    entities,
    dates: findTemporalExpressions(document.text, { publishedAt: document.publishedAt.value }),
    quantities: [],
    claims: findClaims(document.text, { entities }),
  };
}

/** Copy relations among the documents, from the cluster stage, adding them oldest first as they would arrive. */
export function relationsOf(documents: Document[]) {
  const clusterer = new StoryClusterer();
  const sorted = [...documents].sort((a, b) =>
    (a.publishedAt.value ?? '9999').localeCompare(b.publishedAt.value ?? '9999'),
  );
  for (const d of sorted)
    clusterer.add({ id: d.id, title: d.title, text: d.text, sourceId: d.source.id, publishedAt: d.publishedAt.value });
  return clusterer.relations();
}

/** A story's fusion input from documents: stored analyses where there are, computed otherwise. */
export async function fuseInputFrom(
  store: Store,
  documents: Document[],
  observations: Observation[],
  storyId?: string,
): Promise<FuseInput> {
  const withAnalysis = [];
  for (const document of documents)
    withAnalysis.push({ document, analysis: (await store.getAnalysis(document.id)) ?? analyseDocument(document) });
  return { storyId, documents: withAnalysis, relations: relationsOf(documents), observations };
}

/** Ingest files or directories into an in-memory store and return everything in it as one story's input. */
export async function fuseInputFromFiles(
  paths: string[],
  config: Readonly<Config> = defaultConfig,
): Promise<FuseInput> {
  const store = new SqliteStore(':memory:');
  try {
    const report = await ingest(paths, { store, config });
    const documents: Document[] = [];
    for (const item of report.items)
      if (item.kind === 'document' && item.id) {
        const document = await store.getDocument(item.id);
        if (document && !documents.some((d) => d.id === document.id)) documents.push(document);
      }
    return await fuseInputFrom(store, documents, await store.listObservations());
  } finally {
    await store.close();
  }
}

/** Documents named by id (or unique prefix) in the store. */
export async function fuseInputFromStore(store: Store, ids: string[], storyId?: string): Promise<FuseInput> {
  if (!ids.length) throw new UsageError('--docs needs at least one document id');
  const documents: Document[] = [];
  for (const id of ids) documents.push((await store.getDocument(await resolveDocumentId(store, id)))!);
  const observations = (await store.listObservations()).filter((o) => !o.storyId || o.storyId === storyId);
  return fuseInputFrom(store, documents, observations, storyId);
}
