/**
 * The story a `brief` or `export` command names, read through the fusion loader (`src/fuse/load.ts`).
 */

import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { fuseInputFrom, fuseInputFromFiles, fuseInputFromStory, storyObservations } from '../../fuse/load.ts';
import type { FuseInput } from '../../fuse/types.ts';
import type { Document } from '../../model.ts';
import type { Store } from '../../store/store.ts';
import { configOf, withStore } from '../context.ts';
import { resolveDocumentId } from './documents.ts';

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
