import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../test/cli.ts';
import { noPostgres, startPostgres, type TestCluster } from '../../test/postgres.ts';
import { tempDir } from '../../test/support.ts';
import { assignStories, clusterInputOf } from '../cluster/assign.ts';
import type { Document } from '../model.ts';
import { migrateStore } from './migrate.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import { sampleDocument } from './store.suite.ts';
import type { Store } from './store.ts';

/** A store with something in every table, and text that tests the encodings: accents, emoji, CRLF, quotes. */
async function fill(store: Store): Promise<void> {
  const docs: Document[] = [
    sampleDocument(),
    sampleDocument({ id: 'ffff0000ffff0000', text: 'A convoy crossed the bridge at dusk.\r\n\r\n"Quoted" — ok.' }),
    sampleDocument({
      id: '0000000000000003',
      url: null,
      source: { id: 'jornal.example', name: 'Jornal Exemplo', kind: 'outlet', url: null },
      title: 'Padeiros em greve 🍞 em Lisboa',
      text: 'Os padeiros de Lisboa pararam na terça-feira; Zoë said “no”.',
      byline: null,
      publishedAt: { value: null, precision: null, origin: 'unknown' },
    }),
  ];
  for (const doc of docs) await store.putDocument(doc);
  await store.putAnalysis(docs[0]!.id, {
    sentences: [{ start: 0, end: 36 }],
    entities: [],
    dates: [],
    quantities: [],
    claims: [],
  });
  await store.putObservation({
    id: 'obs-1',
    place: 'Ponte 25 de Abril',
    observedAt: '2024-03-12T06:00:00Z',
    description: 'Six trucks, 6 × 🚚',
    analyst: 'kim',
    createdAt: '2024-03-12T07:00:00Z',
  });
  await store.putFetchState({ url: 'https://x.example/feed', etag: '"v1"', lastModified: null, fetchedAt: 'now' });
  const plan = assignStories(
    null,
    docs.map((d) => clusterInputOf(d, null)),
  );
  await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed);
  await store.addWatchSource({ url: 'https://a.example/feed', name: 'A', everySeconds: 600, now: '2024-03-12T00:00Z' });
  await store.addWatchSource({ url: 'https://b.example/feed', name: null, everySeconds: 60, now: '2024-03-12T00:00Z' });
  const rule = await store.addAlertRule({
    entity: null,
    keyword: 'convoy',
    storyId: null,
    webhook: null,
    createdAt: '2024-03-12T00:00Z',
  });
  await store.putAlertMatch({ ruleId: rule.id, documentId: docs[0]!.id, matchedAt: '2024-03-13', reasons: ['kw'] });
  await store.putDigestState({ name: 'daily', watermark: 'W', snapshot: { n: 1 }, lastSentDay: null, updatedAt: 'U' });
  await store.addAuditEntry({
    at: '2024-03-14T08:00:00Z',
    analyst: 'ana',
    action: 'merge',
    storyId: plan.stories[0]!.id,
    detail: { note: 'même convoi' },
  });
}

/** Everything a store answers, through its interface: two stores that answer the same hold the same. */
async function contents(store: Store) {
  const documents = await store.listDocuments();
  return {
    count: await store.countDocuments(),
    documents,
    full: await Promise.all(documents.map((d) => store.getDocument(d.id))),
    analyses: await Promise.all(documents.map((d) => store.getAnalysis(d.id))),
    versions: await store.versionsOf('https://news.example/convoy'),
    sources: await Promise.all(['news.example', 'jornal.example'].map((id) => store.getSource(id))),
    observations: await store.listObservations(),
    fetch: await store.getFetchState('https://x.example/feed'),
    cluster: await store.loadClusterSnapshot(),
    stories: await store.listStories(),
    audit: await store.listAudit(),
    unclustered: await store.unclusteredDocumentIds(),
    // The search index is rebuilt by the target: the same hits (scores and snippets are each engine's own).
    search: await store
      .search({ text: 'convoy OR padeiros' })
      .then((r) => ({ total: r.total, ids: r.hits.map((h) => h.documentId).sort(), facets: r.facets })),
    watch: await store.listWatchSources(),
    rules: await store.listAlertRules(),
    matches: await store.listAlertMatches(),
    digest: await store.getDigestState('daily'),
  };
}

describe('migrate', { skip: noPostgres }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(async () => {
    await cluster?.stop();
  });

  test('SQLite → PostgreSQL → SQLite moves every table without loss, and says so', async () => {
    const dir = tempDir('migrate');
    const sqlitePath = join(dir, 'source.db');
    const original = new SqliteStore(sqlitePath);
    await fill(original);
    const expected = await contents(original);
    await original.close();

    const url = await cluster.createDatabase();
    const there = await migrateStore(sqlitePath, url);
    assert.equal(there.ok, true, JSON.stringify(there, null, 2));
    const copied = new Map(there.tables.map((t) => [t.table, t]));
    for (const table of ['sources', 'documents', 'document_versions', 'analyses', 'observations', 'fetch_state']) {
      assert.ok(copied.get(table)!.rows.target > 0, `${table} has rows`);
    }
    for (const table of ['cluster_docs', 'cluster_state', 'stories', 'story_audit']) {
      assert.ok(copied.get(table)!.rows.target > 0, `${table} has rows`);
    }
    assert.equal(copied.get('documents')!.rows.source, 3);
    const order = there.tables.map((t) => t.table);
    assert.ok(order.indexOf('sources') < order.indexOf('documents'), 'parents are copied before children');
    assert.ok(there.skipped.some((s) => s.table === 'schema_migrations'));
    const onPostgres = await new PostgresStore(url).open();
    try {
      assert.deepEqual(await contents(onPostgres), expected);
      const added = await onPostgres.addWatchSource({
        url: 'https://c.example/',
        name: null,
        everySeconds: 60,
        now: 'T',
      });
      assert.equal(added.id, 3, 'new rows are numbered after the copied ones');
      await onPostgres.removeWatchSource(String(added.id));
    } finally {
      await onPostgres.close();
    }

    const backPath = join(dir, 'back.db');
    const back = await migrateStore(url, backPath);
    assert.equal(back.ok, true, JSON.stringify(back, null, 2));
    assert.deepEqual(
      back.tables.map((t) => [t.table, t.rows.target, t.checksum.target]),
      there.tables.map((t) => [t.table, t.rows.target, t.checksum.target]),
      'the same rows and checksums on the way back',
    );
    const onSqlite = new SqliteStore(backPath);
    try {
      assert.deepEqual(await contents(onSqlite), expected);
    } finally {
      await onSqlite.close();
    }
  });

  test('a target that is not empty, a missing source file and the same store twice are usage errors', async () => {
    const dir = tempDir('migrate');
    const path = join(dir, 'a.db');
    const store = new SqliteStore(path);
    await store.putDocument(sampleDocument());
    await store.close();
    const url = await cluster.createDatabase();
    assert.equal((await migrateStore(path, url)).ok, true);
    await assert.rejects(migrateStore(path, url), /not empty \(\w+ has \d+ rows\)/);
    await assert.rejects(migrateStore(join(dir, 'nothing.db'), url), /no such SQLite file/);
    await assert.rejects(migrateStore(path, path), /same store/);
  });

  test('triangulate migrate --json reports per table; exit 0 when everything matches', async () => {
    const dir = tempDir('migrate');
    const path = join(dir, 'cli.db');
    const store = new SqliteStore(path);
    await fill(store);
    await store.close();
    const url = await cluster.createDatabase();
    const result = await runCli(['migrate', '--from', path, '--to', url, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.ok, true);
    assert.equal(report.from, path);
    assert.doesNotMatch(report.to, /@/, 'no credentials in the report');
    const documents = report.tables.find((t: { table: string }) => t.table === 'documents');
    assert.deepEqual(documents.rows, { source: 3, target: 3 });
    assert.match(documents.checksum.source, /^[0-9a-f]{32}$/);
    assert.equal(documents.checksum.source, documents.checksum.target);
    const usage = await runCli(['migrate', '--from', path, '--to', url]);
    assert.equal(usage.code, 2, 'into a non-empty store');
    assert.match(usage.stderr, /not empty/);
  });
});
