import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir } from '../../test/support.ts';
import { MIGRATIONS } from './migrations.ts';
import { searchSuite } from './search.suite.ts';
import { SqliteStore } from './sqlite.ts';
import { storeSuite } from './store.suite.ts';

const freshPath = () => join(tempDir('store'), 'test.db');

storeSuite('sqlite', async () => new SqliteStore(freshPath()));
searchSuite('sqlite', async () => new SqliteStore(freshPath()));

test('sqlite: migrations are recorded once and the file is in WAL mode', async () => {
  const path = freshPath();
  await new SqliteStore(path).close();
  await new SqliteStore(path).close(); // opening again applies nothing twice
  const db = new Database(path, { readonly: true });
  const versions = db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[];
  assert.deepEqual(
    versions.map((v) => v.version),
    MIGRATIONS.map((m) => m.version),
  );
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});

test('sqlite: migration 2 indexes the documents and entities stored before it', async () => {
  const path = freshPath();
  const db = new Database(path);
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)');
  for (const statement of MIGRATIONS[0]!.statements) db.exec(statement);
  db.prepare("INSERT INTO schema_migrations VALUES (1, 'v1', 'then')").run();
  db.prepare("INSERT INTO sources (id, name, kind) VALUES ('s', 'S', 'outlet')").run();
  db.prepare(
    `INSERT INTO documents (id, source_id, title, published_origin, sort_date, language, text, paragraphs_json,
       removed_json, raw_location, raw_format, raw_content, raw_sha256, ingested_at)
     VALUES ('abcdabcdabcdabcd', 's', 'Old news', 'unknown', 'x', 'en', 'A convoy crossed the bridge.', '[]', '[]',
       'old.txt', 'text', 'raw', 'sha', 'then')`,
  ).run();
  db.prepare("INSERT INTO analyses VALUES ('abcdabcdabcdabcd', ?, 'then')").run(
    JSON.stringify({ entities: [{ id: 'place:bridge', name: 'Bridge', type: 'place', mentions: [{}, {}] }] }),
  );
  db.close();
  const store = new SqliteStore(path);
  const result = await store.search({ text: 'convoy' });
  assert.deepEqual(
    result.hits.map((h) => h.documentId),
    ['abcdabcdabcdabcd'],
  );
  assert.deepEqual(result.facets.entities, [{ id: 'place:bridge', name: 'Bridge', type: 'place', count: 1 }]);
  await store.close();
});
