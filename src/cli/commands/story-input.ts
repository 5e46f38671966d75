/**
 * The input of `brief` and `export`: a story's documents with their analyses, their relations and the analyst's
 * observations, read from the store (`--docs ID,ID`, or a story id once the store keeps stories) or from files and
 * directories ingested into a throw-away in-memory store.
 */

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { analyse } from '../../analyse/index.ts';
import { StoryClusterer } from '../../cluster/stories.ts';
import { type Config, defaultConfig } from '../../config.ts';
import { UsageError } from '../../errors.ts';
import type { FuseInput } from '../../fuse/types.ts';
import { ingest } from '../../ingest/ingest.ts';
import type { Analysis, Document, Observation } from '../../model.ts';
import { SqliteStore } from '../../store/sqlite.ts';
import type { Store } from '../../store/store.ts';
import { configOf, withStore } from '../context.ts';
import { resolveDocumentId } from './documents.ts';

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
  const inStory = new Set(story.docIds);
  const snapshot = await store.loadClusterSnapshot();
  const recorded = snapshot?.relations.filter((r) => inStory.has(r.a) && inStory.has(r.b));
  const input = await fuseInputFrom(store, documents, await storyObservations(store, storyId), storyId);
  return recorded?.length ? { ...input, relations: recorded } : input;
}

async function storyObservations(store: Store, storyId?: string): Promise<Observation[]> {
  return (await store.listObservations()).filter((o) => !o.storyId || o.storyId === storyId);
}

/** Documents named by id (or unique prefix) in the store. */
export async function fuseInputFromStore(store: Store, ids: string[], storyId?: string): Promise<FuseInput> {
  if (!ids.length) throw new UsageError('--docs needs at least one document id');
  const documents: Document[] = [];
  for (const id of ids) documents.push((await store.getDocument(await resolveDocumentId(store, id)))!);
  return fuseInputFrom(store, documents, await storyObservations(store, storyId), storyId);
}

/**
 * The story a `brief` or `export` names: a stored story id, `--docs ID,ID` (stored documents), or files and
 * directories (ingested into memory: nothing is written to the database).
 */
export async function storyFusionInput(command: Command, story: string[], docs?: string): Promise<FuseInput> {
  if (docs) {
    if (story.length) throw new UsageError('give a story or --docs, not both');
    const ids = docs
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return withStore(command, (store) => fuseInputFromStore(store, ids));
  }
  if (!story.length) throw new UsageError('name a story id, files or directories, or --docs ID,ID');
  if (story.every((s) => existsSync(s))) return fuseInputFromFiles(story, configOf(command));
  if (story.length > 1)
    throw new UsageError(`not files or directories: ${story.filter((s) => !existsSync(s)).join(', ')}`);
  return withStore(command, (store) => fuseInputFromStory(store, story[0]!));
}
