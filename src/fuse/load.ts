/**
 * The I/O edge of fusion: a story's input (documents with their analyses, copy relations, observations) read from a
 * store or from files ingested into a throw-away in-memory store. `fuseStory` itself stays pure. Used by `brief`,
 * `export`, `observe`, the server's kept briefs and the digest.
 */
import { analyse } from '../analyse/index.ts';
import { StoryClusterer } from '../cluster/stories.ts';
import { type Config, defaultConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import { ingest } from '../ingest/ingest.ts';
import type { Analysis, Document, Observation } from '../model.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import type { FuseInput } from './types.ts';

/** The language layer of one document that has no stored analysis. */
export function analyseDocument(document: Document): Analysis {
  return analyse({ text: document.text, publishedAt: document.publishedAt.value });
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

/**
 * A stored story: its documents, the copy relations the clusterer recorded among them, and the observations linked
 * to it or to no story yet (fusion uses those only where they fit a fact).
 */
export async function fuseInputFromStory(store: Store, storyId: string): Promise<FuseInput> {
  const story = await store.getStory(storyId);
  if (!story) throw new UsageError(`no story "${storyId}" (see triangulate stories)`);
  const documents: Document[] = [];
  for (const id of story.docIds) {
    const document = await store.getDocument(id);
    if (document) documents.push(document);
  }
  const recorded = await store.relationsAmong(story.docIds);
  const input = await fuseInputFrom(store, documents, await storyObservations(store, storyId), storyId);
  return recorded?.length ? { ...input, relations: recorded } : input;
}

export async function storyObservations(store: Store, storyId?: string): Promise<Observation[]> {
  return (await store.listObservations()).filter((o) => !o.storyId || o.storyId === storyId);
}
