import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';
import { SqliteStore } from './sqlite.ts';
import { storeSuite } from './store.suite.ts';

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'triangulate-store-')), 'test.db');

storeSuite('sqlite', async () => new SqliteStore(freshPath()));

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
