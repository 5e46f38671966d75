/**
 * The clustering consumer's resident clusterer: kept between its own passes, reloaded from the store once another
 * writer (another worker's pass, an analyst's merge or split, `triangulate ingest`) has saved the clustering state.
 */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { writeTextCorpus } from '../../bench/corpus.ts';
import { tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import { ingest } from '../ingest/ingest.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { place, type ResidentClusterer } from './worker.ts';

let dir: string;
let files: string[];
before(() => {
  dir = tempDir('resident');
  writeTextCorpus(join(dir, 'corpus'), 15);
  files = readdirSync(join(dir, 'corpus'))
    .sort()
    .map((name) => join(dir, 'corpus', name));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Store `inputs` without placing them; their document ids in input order. */
async function stored(store: Store, inputs: string[]): Promise<string[]> {
  const report = await ingest(inputs, { store, config: defaultConfig, cluster: false });
  return report.items.map((item) => item.id!);
}

/** The store, counting the window loads of the clustering passes. */
function counting(store: SqliteStore): { store: Store; loads: () => number } {
  let loads = 0;
  const view = new Proxy(store, {
    get(target, key) {
      if (key === 'loadClusterSnapshot') loads++;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: view, loads: () => loads };
}

async function memberships(store: Store): Promise<string[][]> {
  return (await store.listStories({ limit: 1000 })).map((s) => [...s.docIds].sort()).sort();
}

test('the consumer keeps its clusterer between its own passes and reloads after another writer saved', async () => {
  const sqlite = new SqliteStore(join(dir, 'resident.db'));
  const { store, loads } = counting(sqlite);
  const resident: ResidentClusterer = { current: null };
  try {
    assert.equal(await store.clusterRevision(), 0);
    await place(store, await stored(store, files.slice(0, 5)), resident);
    assert.equal(loads(), 1, 'the first pass looks for a stored state');
    assert.equal(resident.current?.revision, 1, 'its save is revision 1');

    await place(store, await stored(store, files.slice(5, 8)), resident);
    assert.equal(loads(), 1, 'nobody else wrote: no reload');
    assert.equal(resident.current?.revision, 2);

    // Another writer: `triangulate ingest` clusters what it stores.
    await ingest(files.slice(8, 11), { store, config: defaultConfig });
    assert.equal(await store.clusterRevision(), 3);
    await place(store, await stored(store, files.slice(11)), resident);
    assert.equal(loads(), 3, 'the state changed under it: reloaded (ingest loaded once too)');
    assert.equal(resident.current?.revision, 4);

    const placed = (await memberships(store)).flat().sort();
    const documents = (await store.listDocuments({ limit: 1000 })).map((d) => d.id).sort();
    assert.deepEqual(placed, documents, 'every document in exactly one story');

    // The same sequence reloading before every pass makes the same stories.
    const reference = new SqliteStore(join(dir, 'reference.db'));
    try {
      await place(reference, await stored(reference, files.slice(0, 5)), { current: null });
      await place(reference, await stored(reference, files.slice(5, 8)), { current: null });
      await ingest(files.slice(8, 11), { store: reference, config: defaultConfig });
      await place(reference, await stored(reference, files.slice(11)), { current: null });
      assert.deepEqual(await memberships(store), await memberships(reference));
    } finally {
      await reference.close();
    }
  } finally {
    await sqlite.close();
  }
});
