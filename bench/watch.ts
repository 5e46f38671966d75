/**
 * The watcher against a local feed server: `sources` feeds on 127.0.0.1, polled round after round until `polls`
 * polls are done. Each round after the first, every other feed has a new item and the rest answer 304. Reports
 * polls per second and RSS at the start, the middle and the end (it must stay flat).
 *
 * All feeds are on one host, so politeness polls them one at a time (with no host interval here): this is the
 * sequential throughput of the poll path — conditional GET, parse, store, alerts — with the language layer and
 * clustering off unless `pipeline` turns them on (they have their own figures in `npm run bench`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { Watcher } from '../src/watch/watcher.ts';
import { type FeedItemSpec, startFeedServer } from '../test/feed-server.ts';
import { article } from './corpus.ts';

export interface WatchBenchOptions {
  sources?: number;
  polls?: number;
  pipeline?: { analyse?: boolean; cluster?: boolean };
}

export async function benchWatch({
  sources = 500,
  polls = 1000,
  pipeline = { analyse: false, cluster: false },
}: WatchBenchOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'triangulate-bench-watch-'));
  const server = await startFeedServer();
  const store = new SqliteStore(join(dir, 'watch.db'));
  try {
    const items = new Map<number, FeedItemSpec[]>();
    const addItem = (feed: number, n: number) => {
      const a = article(feed * 1000 + n);
      const list = [
        { guid: `f${feed}-${n}`, title: a.title, link: `${server.base}/a/${feed}/${n}`, text: a.paragraphs.join(' ') },
        ...(items.get(feed) ?? []),
      ].slice(0, 10);
      items.set(feed, list);
      server.setFeed(`/feed/${feed}.xml`, list, { title: `Bench Feed ${feed}` });
    };
    let t = Date.parse('2024-03-12T08:00:00Z');
    const now = () => new Date(t);
    for (let i = 0; i < sources; i++) {
      addItem(i, 0);
      await store.addWatchSource({
        url: server.url(`/feed/${i}.xml`),
        name: null,
        everySeconds: 60,
        now: now().toISOString(),
      });
    }
    await store.addAlertRule({ entity: null, keyword: 'barges', storyId: null, webhook: null, createdAt: '' });
    const watcher = new Watcher({
      store,
      config: defaultConfig,
      settings: { hostIntervalMs: 0, idleCheckMs: 5, concurrency: 8 },
      now,
      pipeline,
    });

    const rssMB = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;
    const rss: { start: number; middle?: number; end?: number } = { start: rssMB() };
    let done = 0;
    let round = 0;
    let errors = 0;
    let newDocuments = 0;
    const started = performance.now();
    while (done < polls) {
      if (round > 0) {
        t += 61_000;
        for (let i = 0; i < sources; i++) if ((i + round) % 2 === 0) addItem(i, round);
      }
      const summary = await watcher.run({ once: true });
      done += summary.polls;
      errors += summary.errors;
      newDocuments += summary.newDocuments;
      round++;
      if (rss.middle === undefined && done >= polls / 2) rss.middle = rssMB();
    }
    const seconds = (performance.now() - started) / 1000;
    rss.end = rssMB();
    return {
      sources,
      polls: done,
      rounds: round,
      requests: server.requests.length,
      notModified: server.requests.filter((r) => r.status === 304).length,
      newDocuments,
      errors,
      seconds: Math.round(seconds * 10) / 10,
      pollsPerSecond: Math.round((done / seconds) * 10) / 10,
      rssMB: rss,
    };
  } finally {
    await store.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchWatch(), null, 2)}\n`);
}
