import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startFeedServer } from '../../test/feed-server.ts';
import { tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import type { Document } from '../model.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { ingest } from './ingest.ts';

const server = await startFeedServer();
after(() => server.close());

const items = [
  {
    guid: 'harbour-1',
    title: 'Harbour cranes idle as dockworkers walk out',
    link: 'http://127.0.0.1/harbour-1',
    text: 'Dockworkers at the Vell harbour stopped work on Monday morning after talks on night-shift pay broke down.',
  },
  {
    guid: 'harbour-2',
    title: 'Shipping lines divert cargo from Vell',
    link: 'http://127.0.0.1/harbour-2',
    text: 'Two shipping lines said on Tuesday they would divert container ships to the northern port until the strike ends.',
  },
];

/** A store whose first write of one document fails, as a disk error or a killed process would leave it. */
class FlakyStore extends SqliteStore {
  failNext = true;
  override async putDocument(document: Document) {
    if (this.failNext && document.title.startsWith('Shipping lines')) {
      this.failNext = false;
      throw new Error('disk I/O error');
    }
    return super.putDocument(document);
  }
}

test('ingest URL keeps the validators only once every item of the feed is stored', async () => {
  server.setFeed('/harbour.xml', items, { title: 'Vell Courier' });
  const url = server.url('/harbour.xml');
  const store = new FlakyStore(join(tempDir('validators'), 't.db'));
  const options = { store, config: defaultConfig, analyse: false, cluster: false };

  const first = await ingest([url], options);
  assert.equal(first.counts.added, 1);
  assert.equal(first.counts.failed, 1);
  assert.equal(await store.getFetchState(url), null, 'a feed with a failed item is not marked as seen');

  server.resetStats();
  const second = await ingest([url], options);
  const request = server.requests.find((r) => r.path === '/harbour.xml');
  assert.equal(request?.headers['if-none-match'], undefined, 'the feed is fetched in full again');
  assert.deepEqual([second.counts.added, second.counts.unchanged, second.counts.failed], [1, 1, 0]);
  assert.ok((await store.getFetchState(url))?.etag, 'now every item is stored: the validators are kept');

  const third = await ingest([url], options);
  assert.equal(third.items[0]?.title, 'not modified since the last fetch');
  await store.close();
});
