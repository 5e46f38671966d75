import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { noPostgres, startPostgres, type TestCluster } from '../../test/postgres.ts';
import { tempDir } from '../../test/support.ts';
import { MIGRATIONS } from './migrations.ts';
import { openStore } from './open.ts';
import { PostgresStore } from './postgres.ts';
import { searchSuite } from './search.suite.ts';
import { SqliteStore } from './sqlite.ts';
import { sampleDocument, storeSuite } from './store.suite.ts';
import type { Store } from './store.ts';

describe('postgres', { skip: noPostgres }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster?.stop();
  });

  storeSuite('postgres', async () => new PostgresStore(await cluster.createDatabase()).open());
  searchSuite('postgres', async () => new PostgresStore(await cluster.createDatabase()).open());

  test('postgres: the watch list, alerts and digest state answer as on SQLite', async () => {
    const calls = async (store: Store) => {
      await store.putDocument(sampleDocument());
      const out: unknown[] = [];
      const a = await store.addWatchSource({ url: 'https://a.example/feed', name: 'A', everySeconds: 600, now: 'T1' });
      out.push(
        a,
        await store.addWatchSource({ url: 'https://b.example/feed', name: null, everySeconds: 60, now: 'T0' }),
      );
      out.push(await store.addWatchSource({ url: 'https://a.example/feed', name: null, everySeconds: 300, now: 'T2' }));
      await store.recordPoll(a.id, {
        polledAt: 'T3',
        nextDueAt: 'T4',
        status: 'error',
        error: 'HTTP 503',
        failures: 1,
        newItems: 2,
      });
      out.push(await store.listWatchSources(), await store.dueWatchSources('T3', 10));
      out.push(await store.removeWatchSource('https://b.example/feed'), await store.removeWatchSource('99'));
      const rule = await store.addAlertRule({
        entity: null,
        keyword: 'convoy',
        storyId: null,
        webhook: 'http://127.0.0.1:1/hook',
        createdAt: 'T5',
      });
      const match = { ruleId: rule.id, documentId: sampleDocument().id, matchedAt: 'T6', reasons: ['keyword'] };
      out.push(rule, await store.putAlertMatch(match), await store.putAlertMatch(match));
      await store.recordWebhook(rule.id, match.documentId, 'failed', 'refused');
      out.push(
        await store.listAlertRules(),
        await store.listAlertMatches(),
        await store.listAlertMatches({ since: 'T6' }),
      );
      out.push(await store.documentsIngestedBetween('2024-03-13', '2024-03-14'));
      await store.putDigestState({
        name: 'daily',
        watermark: 'W1',
        snapshot: { s: [1] },
        lastSentDay: null,
        updatedAt: 'U',
      });
      await store.putDigestState({
        name: 'daily',
        watermark: 'W2',
        snapshot: { s: [2] },
        lastSentDay: 'D',
        updatedAt: 'U2',
      });
      out.push(await store.getDigestState('daily'), await store.getDigestState('weekly'));
      out.push(await store.removeAlertRule(rule.id), await store.listAlertMatches());
      await store.close();
      return out;
    };
    const { join } = await import('node:path');
    const onSqlite = await calls(new SqliteStore(join(tempDir('watch-pg'), 'w.db')));
    const onPostgres = await calls(await new PostgresStore(await cluster.createDatabase()).open());
    assert.deepEqual(onPostgres, onSqlite);
  });

  test('postgres: --db postgres://… opens this store; migrations are recorded once', async () => {
    const url = await cluster.createDatabase();
    const store = openStore({ db: url });
    assert.ok(store instanceof PostgresStore);
    await store.close();
    // Workers starting together apply each migration once.
    await Promise.all([1, 2, 3].map(async () => (await new PostgresStore(url).open()).close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      assert.deepEqual(
        rows.map((r) => r.version),
        MIGRATIONS.map((m) => m.version).sort((a, b) => a - b),
      );
    } finally {
      await client.end();
    }
  });

  test('postgres: concurrent writers of one URL get distinct versions; the same document twice is stored once', async () => {
    const url = await cluster.createDatabase();
    const stores = await Promise.all([1, 2, 3, 4].map(() => new PostgresStore(url).open()));
    try {
      const docs = Array.from({ length: 8 }, (_, i) =>
        sampleDocument({ id: `00000000000000${String(i).padStart(2, '0')}`, text: `Version ${i} of the report.` }),
      );
      const results = await Promise.all(
        [...docs, ...docs].map((doc, i) => stores[i % stores.length]!.putDocument(doc)),
      );
      assert.equal(results.filter((r) => r.status === 'unchanged').length, docs.length);
      const versions = await stores[0]!.versionsOf(docs[0]!.url!);
      assert.deepEqual(
        versions.map((v) => v.version),
        [1, 2, 3, 4, 5, 6, 7, 8],
      );
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('postgres: a search reads the newest rows first and answers as a search of all its matches', async () => {
    const store = await new PostgresStore(await cluster.createDatabase()).open();
    try {
      // 400 reports stored one second apart: `patrol` in each, `convoy` in every tenth, `ferry` in the oldest 30.
      for (let i = 0; i < 400; i++) {
        const words = ['patrol', ...(i % 10 === 0 ? ['convoy'] : []), ...(i < 30 ? ['ferry'] : [])];
        await store.putDocument(
          sampleDocument({
            id: `4${String(i).padStart(15, '0')}`,
            url: null,
            title: `Report ${i}`,
            text: `A ${words.join(' and a ')} passed checkpoint ${i}.`,
            ingestedAt: new Date(Date.UTC(2024, 2, 13, 10, 0, 0) + i * 1000).toISOString(),
          }),
        );
      }
      await store.pool.query('ANALYZE documents');
      const bounded: string[] = [];
      const query = store.pool.query.bind(store.pool) as (...args: unknown[]) => unknown;
      store.pool.query = ((config: unknown, ...rest: unknown[]) => {
        const text = typeof config === 'string' ? config : (config as { text?: string }).text;
        if (text?.includes('d.ingested_at >=')) bounded.push(text);
        return query(config, ...rest);
      }) as typeof store.pool.query;
      const newest = (every: (i: number) => boolean, n: number) =>
        Array.from({ length: 400 }, (_, i) => i)
          .filter(every)
          .slice(-n)
          .map((i) => `4${String(i).padStart(15, '0')}`)
          .sort();
      for (const [text, every, matches] of [
        ['patrol', () => true, 400],
        ['convoy', (i: number) => i % 10 === 0, 40],
        ['ferry', (i: number) => i < 30, 30],
      ] as const) {
        bounded.length = 0;
        const result = await store.search({ text, window: 8, limit: 50 });
        assert.ok(bounded.length > 0, `${text}: the recent rows were read first`);
        assert.equal(result.total, 8, text);
        assert.equal(result.totalIsLowerBound, matches > 8, text);
        assert.deepEqual(result.hits.map((h) => h.documentId).sort(), newest(every, 8), `${text}: the newest eight`);
        assert.equal(
          result.facets.days.reduce((n, d) => n + d.count, 0),
          8,
          `${text}: facets count the weighed matches`,
        );
      }
    } finally {
      await store.close();
    }
  });

  test('postgres: an unreachable server is a usage error that names it', async () => {
    const store = new PostgresStore('postgres://nobody:secret@127.0.0.1:1/nothing');
    await assert.rejects(store.countDocuments(), (err: Error) => {
      assert.equal(err.name, 'UsageError');
      assert.match(err.message, /127\.0\.0\.1:1\/nothing/);
      assert.doesNotMatch(err.message, /secret/);
      return true;
    });
    await store.close();
  });
});
