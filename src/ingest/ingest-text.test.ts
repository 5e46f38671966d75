import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { ingestText } from './ingest.ts';

const freshStore = () => new SqliteStore(join(tempDir('ingest-text'), 'test.db'));

const ARTICLE = `Convoy crosses the north bridge
12 March 2024, 09:15

A convoy of six trucks crossed the north bridge at dawn, witnesses said.

Officials denied that any convoy had moved.

Follow us on Mastodon`;

test('pasted text goes through the same steps as a file: date line, boilerplate, document, idempotent', async () => {
  const store = freshStore();
  try {
    const report = await ingestText([{ name: 'pasted.txt', text: ARTICLE }], {
      store,
      config: defaultConfig,
      sourceName: 'Bridge Watch',
    });
    assert.deepEqual(report.counts, { added: 1, unchanged: 0, 'new-version': 0, failed: 0 });
    const document = (await store.getDocument(report.items[0]!.id!))!;
    assert.equal(document.title, 'Convoy crosses the north bridge');
    assert.equal(document.source.name, 'Bridge Watch');
    assert.equal(document.publishedAt.value, '2024-03-12T09:15');
    assert.doesNotMatch(document.text, /Mastodon|09:15/);
    assert.ok(document.removed.some((r) => r.reason === 'social-prompt'));
    const again = await ingestText([{ name: 'pasted.txt', text: ARTICLE }], { store, config: defaultConfig });
    assert.equal(again.counts.unchanged, 1);
  } finally {
    await store.close();
  }
});

test('pasted text over the size cap is a failed item naming the input, not an exception', async () => {
  const store = freshStore();
  try {
    const tooBig = await ingestText([{ name: 'big.txt', text: 'x'.repeat(2000) }], {
      store,
      config: { ...defaultConfig, maxInputBytes: 1000 },
    });
    assert.equal(tooBig.counts.failed, 1);
    assert.match(tooBig.items[0]!.error!, /^big\.txt: /);
    assert.equal(await store.countDocuments(), 0);
  } finally {
    await store.close();
  }
});
