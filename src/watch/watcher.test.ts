import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type FeedItemSpec, type FeedServer, startFeedServer } from '../../test/feed-server.ts';
import { tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { PollReport } from './poller.ts';
import { Watcher, type WatcherSettings } from './watcher.ts';

const freshStore = () => new SqliteStore(join(tempDir('watch'), 'watch.db'));

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2024-03-12T08:00:00Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (seconds: number) => {
      t += seconds * 1000;
    },
    iso: () => new Date(t).toISOString(),
  };
}

const FAST: Partial<WatcherSettings> = { hostIntervalMs: 0, idleCheckMs: 20, backoffBaseSeconds: 60 };

function item(n: number, text?: string): FeedItemSpec {
  return {
    guid: `item-${n}`,
    title: `Harbour report ${n}: cranes idle at pier ${n}`,
    link: `http://127.0.0.1/articles/${n}`,
    text:
      text ??
      `Port officials said on Monday that ${n + 2} cranes stood idle at pier ${n} after a power cut. ` +
        `Dock workers gave a different count of ${n + 5}.`,
  };
}

async function pollOnce(watcher: Watcher): Promise<PollReport[]> {
  const reports: PollReport[] = [];
  (watcher as unknown as { options: { onPoll?: (r: PollReport) => void } }).options.onPoll = (r) => reports.push(r);
  await watcher.run({ once: true });
  return reports;
}

describe('watcher: polling a feed that changes', () => {
  let server: FeedServer;
  before(async () => {
    server = await startFeedServer();
  });
  after(() => server.close());

  test('new items are stored, an unchanged feed is a 304, an edited item is a new version, alerts match', async () => {
    const store = freshStore();
    const clock = manualClock();
    await store.addWatchSource({ url: server.url('/harbour.xml'), name: null, everySeconds: 60, now: clock.iso() });
    await store.addAlertRule({ entity: null, keyword: 'ferry', storyId: null, webhook: null, createdAt: clock.iso() });
    const watcher = new Watcher({ store, config: defaultConfig, settings: FAST, now: clock.now });

    server.setFeed('/harbour.xml', [item(2), item(1)]);
    let [report] = await pollOnce(watcher);
    assert.equal(report!.status, 'ok');
    assert.equal(report!.newDocuments.length, 2);
    assert.equal(await store.countDocuments(), 2);
    const [source] = await store.listWatchSources();
    assert.equal(source!.nextDueAt, new Date(clock.now().getTime() + 60_000).toISOString());
    assert.equal(source!.totalNewItems, 2);

    // Not due yet: nothing is fetched.
    server.resetStats();
    assert.deepEqual(await pollOnce(watcher), []);
    assert.equal(server.requests.length, 0);

    // Due, unchanged: a conditional GET answered 304.
    clock.advance(61);
    [report] = await pollOnce(watcher);
    assert.equal(report!.status, 'not-modified');
    assert.ok(server.requests[0]!.headers['if-none-match'], 'the request carried the ETag');
    assert.equal(server.requests[0]!.status, 304);

    // A new item about a ferry, and item 1 edited in place.
    server.setFeed('/harbour.xml', [
      item(3, 'The night ferry to Kessel was cancelled on Tuesday, the operator said.'),
      item(2),
      item(1, `${item(1).text} The port later corrected the figure to four cranes.`),
    ]);
    clock.advance(61);
    [report] = await pollOnce(watcher);
    assert.equal(report!.status, 'ok');
    const statuses = report!.items.map((i) => `${i.status}:${i.title}`).sort();
    assert.deepEqual(statuses, [
      'added:Harbour report 3: cranes idle at pier 3',
      'new-version:Harbour report 1: cranes idle at pier 1',
      'unchanged:Harbour report 2: cranes idle at pier 2',
    ]);
    assert.equal(await store.countDocuments(), 4);
    const versions = await store.versionsOf('http://127.0.0.1/articles/1');
    assert.deepEqual(
      versions.map((v) => v.version),
      [1, 2],
    );
    assert.equal(report!.alerts, 1);
    const matches = await store.listAlertMatches();
    assert.equal(matches.length, 1);
    assert.equal(matches[0]!.title, 'Harbour report 3: cranes idle at pier 3');
    assert.deepEqual(matches[0]!.reasons, ['keyword "ferry" in the text']);
    await store.close();
  });

  test('items over the per-fetch cap are skipped, the first (newest) are kept', async () => {
    const store = freshStore();
    const clock = manualClock();
    server.setFeed(
      '/big.xml',
      Array.from({ length: 30 }, (_, i) => item(100 + 30 - i)),
    );
    await store.addWatchSource({ url: server.url('/big.xml'), name: null, everySeconds: 60, now: clock.iso() });
    const watcher = new Watcher({
      store,
      config: defaultConfig,
      settings: { ...FAST, maxItemsPerFetch: 5 },
      now: clock.now,
    });
    const [report] = await pollOnce(watcher);
    assert.equal(report!.newDocuments.length, 5);
    assert.equal(report!.skipped, 25);
    const titles = (await store.listDocuments()).map((d) => d.title).sort();
    assert.deepEqual(
      titles,
      [126, 127, 128, 129, 130].map((n) => `Harbour report ${n}: cranes idle at pier ${n}`),
    );
    await store.close();
  });
});

describe('watcher: failures', () => {
  let server: FeedServer;
  let failing = true;
  before(async () => {
    server = await startFeedServer();
    server.route('/flaky.xml', (_req, res) => {
      if (failing) res.writeHead(500, 'Internal Server Error').end('oops');
      else
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky</title><item><title>Back online</title><link>http://127.0.0.1/back</link><description>The wire service is back online after an outage on Monday.</description></item></channel></rss>`,
          );
    });
    server.route('/malformed.xml', (_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/rss+xml' })
        .end(
          '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Half</item></channel></rss>',
        );
    });
    server.route('/slow.xml', (_req, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('late'), 1500).unref();
    });
    server.route('/busy.xml', (_req, res) => {
      res.writeHead(429, { 'retry-after': '7200' }).end();
    });
  });
  after(() => server.close());

  test('a 500 backs off exponentially with the error kept; a success clears it', async () => {
    const store = freshStore();
    const clock = manualClock();
    const url = server.url('/flaky.xml');
    await store.addWatchSource({ url, name: 'Flaky Wire', everySeconds: 60, now: clock.iso() });
    const watcher = new Watcher({
      store,
      config: defaultConfig,
      settings: { ...FAST, backoffBaseSeconds: 60, backoffMaxSeconds: 600 },
      now: clock.now,
    });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const [report] = await pollOnce(watcher);
      assert.equal(report!.status, 'error');
      assert.match(report!.error!, /flaky\.xml: HTTP 500 Internal Server Error/);
      const [source] = await store.listWatchSources();
      assert.equal(source!.failures, attempt);
      assert.equal(source!.lastStatus, 'error');
      assert.match(source!.lastError!, /HTTP 500/);
      const wait = (Date.parse(source!.nextDueAt) - clock.now().getTime()) / 1000;
      waits.push(wait);
      // Not due before the backoff has passed.
      clock.advance(wait - 1);
      assert.deepEqual(await pollOnce(watcher), []);
      clock.advance(1);
    }
    assert.deepEqual(waits, [60, 120, 240, 480, 600]);
    failing = false;
    const [report] = await pollOnce(watcher);
    assert.equal(report!.status, 'ok');
    const [source] = await store.listWatchSources();
    assert.equal(source!.failures, 0);
    assert.equal(source!.lastError, null);
    assert.equal(source!.nextDueAt, new Date(clock.now().getTime() + 60_000).toISOString());
    assert.equal((await store.listDocuments())[0]?.title, 'Back online');
    await store.close();
  });

  test('malformed XML, a timeout and a 429 with Retry-After are failures named in the source state', async () => {
    const store = freshStore();
    const clock = manualClock();
    for (const path of ['/malformed.xml', '/slow.xml', '/busy.xml']) {
      await store.addWatchSource({ url: server.url(path), name: null, everySeconds: 60, now: clock.iso() });
    }
    const config = { ...defaultConfig, fetch: { ...defaultConfig.fetch, timeoutMs: 300 } };
    const watcher = new Watcher({ store, config, settings: FAST, now: clock.now });
    const reports = await pollOnce(watcher);
    assert.equal(reports.length, 3);
    const byPath = new Map((await store.listWatchSources()).map((s) => [new URL(s.url).pathname, s]));
    assert.match(byPath.get('/malformed.xml')!.lastError!, /malformed XML at line 1/);
    assert.equal(await store.getFetchState(server.url('/malformed.xml')), null, 'no validators kept for a bad feed');
    assert.match(byPath.get('/slow.xml')!.lastError!, /timed out after 300 ms/);
    const busy = byPath.get('/busy.xml')!;
    assert.match(busy.lastError!, /HTTP 429/);
    assert.equal((Date.parse(busy.nextDueAt) - clock.now().getTime()) / 1000, 7200, 'Retry-After honoured');
    assert.equal(await store.countDocuments(), 0);
    await store.close();
  });
});

describe('watcher: Retry-After', () => {
  test('a host that asked to wait is left alone: --once defers its other sources instead of waiting', async () => {
    const server = await startFeedServer();
    try {
      server.route('/busy.xml', (_req, res) => void res.writeHead(503, { 'retry-after': '3600' }).end());
      server.setFeed('/later.xml', [item(7)]);
      const store = freshStore();
      const clock = manualClock();
      await store.addWatchSource({ url: server.url('/busy.xml'), name: null, everySeconds: 60, now: clock.iso() });
      await store.addWatchSource({ url: server.url('/later.xml'), name: null, everySeconds: 60, now: clock.iso() });
      const watcher = new Watcher({ store, config: defaultConfig, settings: FAST, now: clock.now });
      const started = Date.now();
      const summary = await watcher.run({ once: true });
      assert.ok(Date.now() - started < 5000, 'did not sleep through the Retry-After');
      assert.deepEqual(
        { polls: summary.polls, errors: summary.errors, deferred: summary.deferred },
        {
          polls: 1,
          errors: 1,
          deferred: 1,
        },
      );
      assert.deepEqual(
        server.requests.map((r) => r.path),
        ['/busy.xml'],
      );
      const later = (await store.listWatchSources()).find((s) => s.url.endsWith('/later.xml'))!;
      assert.equal(later.lastStatus, null, 'still due, polled once the host is willing');
      await store.close();
    } finally {
      await server.close();
    }
  });
});

describe('watcher: politeness', () => {
  test('two sources on one host are never fetched at once, and wait the host interval in between', async () => {
    const server = await startFeedServer();
    try {
      const store = freshStore();
      const now = new Date().toISOString();
      for (const name of ['a', 'b', 'c']) {
        server.setFeed(`/${name}.xml`, [item(name.charCodeAt(0))], { delayMs: 150 });
        await store.addWatchSource({ url: server.url(`/${name}.xml`), name: null, everySeconds: 60, now });
      }
      const watcher = new Watcher({
        store,
        config: defaultConfig,
        settings: { hostIntervalMs: 100, concurrency: 4, idleCheckMs: 20 },
      });
      await watcher.run({ once: true });
      assert.equal(server.requests.length, 3);
      assert.equal(server.maxInFlight(), 1, 'requests to one host overlapped');
      const sorted = [...server.requests].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) {
        const gap = sorted[i]!.start - sorted[i - 1]!.end;
        assert.ok(gap >= 90, `only ${gap.toFixed(0)} ms between two requests to the host`);
      }
      await store.close();
    } finally {
      await server.close();
    }
  });
});
