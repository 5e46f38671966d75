import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { ingest } from './ingest.ts';

const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><title>${title}</title>
<meta property="og:site_name" content="Harbour Watch"><meta property="article:published_time" content="2024-03-12T08:00:00Z">
<script>document.title = "never run"</script></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${title}</h1>${body}</article><footer>© Harbour Watch</footer></body></html>`;

const articleBody =
  '<p>The ferry Northern Star left the harbour at dawn on Monday with 212 passengers, the port authority said.</p>' +
  '<p>Officials said the crossing would take eleven hours and that the weather was calm along the route.</p>' +
  '<p>The operator denied reports that the ship had been held back for safety checks earlier this week.</p>';

let server: Server;
let base = '';
let etagHits = 0;

before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Watch</title><link>${base}/</link>
<item><title>Ferry sails</title><link>${base}/ferry</link><pubDate>Tue, 12 Mar 2024 08:00:00 GMT</pubDate><description>Short summary only.</description></item>
<item><title>Broken link</title><link>${base}/missing</link><description>The page is gone.</description></item>
</channel></rss>`);
    } else if (url === '/ferry') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Ferry sails with 212 passengers', articleBody));
    } else if (url === '/etag') {
      etagHits++;
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' });
      res.end(page('Ferry sails with 212 passengers', articleBody));
    } else if (url === '/loop-a') {
      res.writeHead(302, { location: '/loop-b' });
      res.end();
    } else if (url === '/loop-b') {
      res.writeHead(302, { location: '/loop-a' });
      res.end();
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

const freshStore = () => new SqliteStore(join(tempDir('url'), 'test.db'));

describe('ingest: URLs and feeds', () => {
  test('a feed with --follow stores the extracted pages; an item whose page fails keeps the feed text and is listed', async () => {
    const store = freshStore();
    const report = await ingest([`${base}/feed.xml`], { store, config: defaultConfig, follow: true });
    assert.equal(report.counts.added, 2);
    const failed = report.items.find((i) => i.status === 'failed');
    assert.match(failed?.error ?? '', /\/missing: .*404/);
    const ferry = (await store.listDocuments()).find((d) => d.title.startsWith('Ferry sails'))!;
    const doc = (await store.getDocument(ferry.id))!;
    assert.ok(doc.text.includes('212 passengers'));
    assert.ok(!doc.text.includes('never run') && !doc.text.includes('Home'));
    assert.equal(doc.source.name, 'Harbour Watch');
    assert.equal(doc.publishedAt.origin, 'metadata');
    await store.close();
  });

  test('re-fetching a page uses conditional GET and says unchanged', async () => {
    const store = freshStore();
    assert.equal((await ingest([`${base}/etag`], { store, config: defaultConfig })).counts.added, 1);
    const again = await ingest([`${base}/etag`], { store, config: defaultConfig });
    assert.equal(again.counts.unchanged, 1);
    assert.equal(etagHits, 2);
    await store.close();
  });

  test('an unreachable URL and a redirect loop fail with messages naming the URL; nothing else is lost', async () => {
    const store = freshStore();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/gone`;
    await new Promise((resolve) => closed.close(resolve));
    const report = await ingest([deadUrl, `${base}/loop-a`, `${base}/ferry`], { store, config: defaultConfig });
    assert.equal(report.counts.added, 1);
    const errors = report.items.filter((i) => i.status === 'failed').map((i) => i.error ?? '');
    assert.ok(
      errors.some((e) => e.includes(deadUrl) && /refused/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.includes('/loop-a') && /redirect loop/.test(e)),
      errors.join('\n'),
    );
    await store.close();
  });
});
