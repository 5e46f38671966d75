/**
 * Move a whole store to another — SQLite file ⇄ PostgreSQL, or to another of the same kind — table by table, in one
 * transaction on the target, then verify: per table, the row count and a content checksum read back from both sides.
 *
 * Tables, not `Store` methods: the copy must take every table that exists (the watcher's, the server's, whatever a
 * later migration adds) without this file knowing them. Both sides are first opened as stores, which applies the
 * same migrations, so their tables and columns match; derived tables that only one side has (SQLite's FTS5 index and
 * its shadow tables) are left out and rebuilt by the target itself (triggers, generated columns).
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { UsageError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { type Dialect, MIGRATIONS } from './migrations.ts';
import { PostgresStore } from './postgres.ts';
import { describeServer, isPostgresUrl } from './sql.ts';
import { SqliteStore } from './sqlite.ts';

export interface TableCheck {
  table: string;
  rows: { source: number; target: number };
  /** Order-independent digest of every row's values (see `rowDigest`), hex. */
  checksum: { source: string; target: string };
  match: boolean;
}

export interface MigrateReport {
  from: string;
  to: string;
  /** Copied tables, in copy order (parents before the tables that reference them). */
  tables: TableCheck[];
  /** Tables not copied, and why (derived data the target rebuilds, bookkeeping). */
  skipped: { table: string; reason: string }[];
  rows: number;
  /** Every copied table has the same row count and checksum on both sides. */
  ok: boolean;
  ms: number;
}

interface TableInfo {
  name: string;
  /** Stored columns, in table order (generated columns are left out: the target computes them). */
  columns: string[];
  /** Tables this one references. */
  parents: string[];
  /** Auto-numbered columns (PostgreSQL identity/serial), whose sequence must move past the copied values. */
  numbered: string[];
  /** Why this table is not data to copy, if it is not. */
  derived?: string;
}

type Row = unknown[];

/** One side of a migration: a store's tables, read and written in batches. */
interface Endpoint {
  readonly label: string;
  readonly dialect: Dialect;
  tables(): Promise<Map<string, TableInfo>>;
  versions(): Promise<number[]>;
  count(table: string): Promise<number>;
  read(table: string, columns: string[]): AsyncIterable<Row[]>;
  begin(): Promise<void>;
  insert(table: string, columns: string[], rows: Row[]): Promise<void>;
  /** After a table is copied: move its number sequences past the copied ids. */
  afterCopy(table: TableInfo): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

const BATCH_ROWS = 500;

export async function migrateStore(
  from: string,
  to: string,
  onProgress?: (done: number, total: number) => void,
): Promise<MigrateReport> {
  const started = Date.now();
  if (!isPostgresUrl(from) && !existsSync(from)) throw new UsageError(`--from ${from}: no such SQLite file`);
  if (from === to) throw new UsageError('--from and --to name the same store');
  const source = await openEndpoint(from);
  let target: Endpoint | undefined;
  try {
    target = await openEndpoint(to);
    const known = new Set(MIGRATIONS.map((m) => m.version));
    const unknown = (await source.versions()).filter((v) => !known.has(v));
    if (unknown.length) {
      throw new UsageError(
        `${source.label} has schema versions this triangulate does not know (${unknown.join(', ')}); upgrade first`,
      );
    }
    const sourceTables = await source.tables();
    const targetTables = await target.tables();
    const skipped: MigrateReport['skipped'] = [];
    const copied: TableInfo[] = [];
    for (const table of sourceTables.values()) {
      const there = targetTables.get(table.name);
      if (table.name === 'schema_migrations') {
        skipped.push({ table: table.name, reason: 'bookkeeping: the target records its own migrations' });
      } else if (table.derived) {
        skipped.push({ table: table.name, reason: table.derived });
      } else if (!there || there.derived) {
        throw new UsageError(`${target.label} has no table ${table.name}: both must be at the same schema version`);
      } else {
        const missing = table.columns.filter((c) => !there.columns.includes(c));
        if (missing.length) {
          throw new UsageError(`${target.label}: table ${table.name} lacks column(s) ${missing.join(', ')}`);
        }
        copied.push({ ...there, columns: table.columns });
      }
    }
    for (const table of targetTables.values()) {
      if (!sourceTables.has(table.name) && !table.derived && table.name !== 'schema_migrations') {
        skipped.push({ table: table.name, reason: `not in ${source.label}` });
      }
    }
    const ordered = copyOrder(copied);
    for (const table of ordered) {
      const n = await target.count(table.name);
      if (n > 0) {
        throw new UsageError(
          `${target.label} is not empty (${table.name} has ${n} rows): migrate into a new, empty store`,
        );
      }
    }

    const total = (await Promise.all(ordered.map((t) => source.count(t.name)))).reduce((a, b) => a + b, 0);
    const sourceDigests = new Map<string, Digest>();
    let done = 0;
    await target.begin();
    try {
      for (const table of ordered) {
        const digest = new Digest();
        for await (const rows of source.read(table.name, table.columns)) {
          for (const row of rows) digest.add(row);
          try {
            await target.insert(table.name, table.columns, rows);
          } catch (err) {
            throw new UsageError(`copying ${table.name} into ${target.label} failed: ${(err as Error).message}`);
          }
          done += rows.length;
          onProgress?.(done, total);
        }
        await target.afterCopy(table);
        sourceDigests.set(table.name, digest);
      }
      await target.commit();
    } catch (err) {
      await target.rollback();
      throw err;
    }

    const tables: TableCheck[] = [];
    for (const table of ordered) {
      const digest = new Digest();
      for await (const rows of target.read(table.name, table.columns)) for (const row of rows) digest.add(row);
      const before = sourceDigests.get(table.name)!;
      tables.push({
        table: table.name,
        rows: { source: before.rows, target: digest.rows },
        checksum: { source: before.hex(), target: digest.hex() },
        match: before.rows === digest.rows && before.hex() === digest.hex(),
      });
    }
    return {
      from: source.label,
      to: target.label,
      tables,
      skipped,
      rows: tables.reduce((sum, t) => sum + t.rows.target, 0),
      ok: tables.every((t) => t.match),
      ms: Date.now() - started,
    };
  } finally {
    await source.close();
    await target?.close();
  }
}

/** Parents before children (foreign keys), otherwise by name. */
function copyOrder(tables: TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (table: TableInfo, path: Set<string>) => {
    if (placed.has(table.name) || path.has(table.name)) return;
    path.add(table.name);
    for (const parent of [...table.parents].sort()) {
      const p = byName.get(parent);
      if (p && p !== table) visit(p, path);
    }
    placed.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(table, new Set());
  return ordered;
}

/**
 * An order-independent digest of a table's rows: the sum, modulo 2^128, of each row's SHA-256 (first 16 bytes). The
 * stores return rows in different orders and number types (PostgreSQL's bigint as text), so each value is first put
 * in one canonical form: numbers and bigints as decimal text, booleans as 1/0, bytes as base64.
 */
class Digest {
  rows = 0;
  private sum = 0n;
  private static readonly MOD = 1n << 128n;

  add(row: Row): void {
    this.rows++;
    const hash = sha256(JSON.stringify(row.map(canonical)));
    this.sum = (this.sum + BigInt(`0x${hash.slice(0, 32)}`)) % Digest.MOD;
  }

  hex(): string {
    return this.sum.toString(16).padStart(32, '0');
  }
}

function canonical(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Buffer.isBuffer(value)) return `base64:${value.toString('base64')}`;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

async function openEndpoint(db: string): Promise<Endpoint> {
  return isPostgresUrl(db) ? PostgresEndpoint.open(db) : SqliteEndpoint.open(db);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

class SqliteEndpoint implements Endpoint {
  readonly dialect = 'sqlite';

  private constructor(
    readonly label: string,
    private readonly db: Database.Database,
  ) {}

  static async open(path: string): Promise<SqliteEndpoint> {
    await new SqliteStore(path).close(); // creates the file if needed and applies the migrations
    const db = new Database(path);
    db.pragma('foreign_keys = ON');
    return new SqliteEndpoint(path, db);
  }

  async tables(): Promise<Map<string, TableInfo>> {
    const all = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string; sql: string | null }[];
    const virtual = all.filter((t) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(t.sql ?? '')).map((t) => t.name);
    const tables = new Map<string, TableInfo>();
    for (const { name } of all) {
      const owner = virtual.find((v) => name === v || name.startsWith(`${v}_`));
      const columns = (
        this.db.prepare('SELECT name, hidden FROM pragma_table_xinfo(?)').all(name) as {
          name: string;
          hidden: number;
        }[]
      )
        .filter((c) => c.hidden === 0)
        .map((c) => c.name);
      const parents = (
        this.db.prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as {
          parent: string;
        }[]
      ).map((r) => r.parent);
      tables.set(name, {
        name,
        columns,
        parents,
        numbered: [],
        ...(owner
          ? { derived: `SQLite full-text index (${owner}): the target keeps its own, built from documents` }
          : {}),
      });
    }
    return tables;
  }

  async versions(): Promise<number[]> {
    return (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    );
  }

  async count(table: string): Promise<number> {
    return (this.db.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
  }

  async *read(table: string, columns: string[]): AsyncIterable<Row[]> {
    const statement = this.db.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`).raw(true);
    let batch: Row[] = [];
    for (const row of statement.iterate()) {
      batch.push(row as Row);
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }

  async begin(): Promise<void> {
    this.db.exec('BEGIN IMMEDIATE');
  }

  async insert(table: string, columns: string[], rows: Row[]): Promise<void> {
    const statement = this.db.prepare(
      `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    );
    // better-sqlite3 binds no booleans: PostgreSQL BOOLEAN values go in as SQLite's 1/0.
    for (const row of rows) statement.run(row.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
  }

  async afterCopy(): Promise<void> {
    // SQLite numbers INTEGER PRIMARY KEY rows past the largest id by itself.
  }

  async commit(): Promise<void> {
    this.db.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

class PostgresEndpoint implements Endpoint {
  readonly dialect = 'postgres';
  private writer: pg.PoolClient | null = null;

  private constructor(
    readonly label: string,
    private readonly store: PostgresStore,
  ) {}

  static async open(url: string): Promise<PostgresEndpoint> {
    const store = await new PostgresStore(url, { maxConnections: 2 }).open();
    return new PostgresEndpoint(`postgres://${describeServer(url)}`, store);
  }

  private query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
    return this.store.pool.query<R>(sql, params);
  }

  async tables(): Promise<Map<string, TableInfo>> {
    const names = (
      await this.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
      )
    ).rows.map((r) => r.name);
    const tables = new Map<string, TableInfo>();
    for (const name of names) {
      const columns = (
        await this.query<{ name: string; generated: string; identity: string; default: string | null }>(
          `SELECT column_name AS name, is_generated AS generated, is_identity AS identity, column_default AS default
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
           ORDER BY ordinal_position`,
          [name],
        )
      ).rows;
      const parents = (
        await this.query<{ parent: string }>(
          `SELECT DISTINCT p.relname AS parent FROM pg_constraint k JOIN pg_class p ON p.oid = k.confrelid
           WHERE k.contype = 'f' AND k.conrelid = (SELECT oid FROM pg_class WHERE relname = $1
             AND relnamespace = current_schema()::regnamespace)`,
          [name],
        )
      ).rows.map((r) => r.parent);
      tables.set(name, {
        name,
        columns: columns.filter((c) => c.generated !== 'ALWAYS').map((c) => c.name),
        parents,
        numbered: columns.filter((c) => c.identity === 'YES' || /^nextval\(/.test(c.default ?? '')).map((c) => c.name),
      });
    }
    return tables;
  }

  async versions(): Promise<number[]> {
    return (await this.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
  }

  async count(table: string): Promise<number> {
    return (await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${quote(table)}`)).rows[0]!.n;
  }

  /** Through a cursor, in batches, on a connection of its own: tables larger than memory stream. */
  async *read(table: string, columns: string[]): AsyncIterable<Row[]> {
    const client = await this.store.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(
        `DECLARE rows NO SCROLL CURSOR FOR SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`,
      );
      for (;;) {
        const { rows } = await client.query<Row>({ text: `FETCH ${BATCH_ROWS} FROM rows`, rowMode: 'array' });
        if (!rows.length) break;
        yield rows;
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async begin(): Promise<void> {
    this.writer = await this.store.pool.connect();
    await this.writer.query('BEGIN');
  }

  async insert(table: string, columns: string[], rows: Row[]): Promise<void> {
    const width = columns.length;
    // At most 65535 parameters per statement.
    const perStatement = Math.max(1, Math.floor(60_000 / width));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk.map((_, r) => `(${columns.map((_, c) => `$${r * width + c + 1}`).join(', ')})`);
      await this.writer!.query(
        `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${values.join(', ')}`,
        chunk.flat(),
      );
    }
  }

  async afterCopy(table: TableInfo): Promise<void> {
    for (const column of table.numbered) {
      await this.writer!.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quote(column)}) FROM ${quote(table.name)}), 0) + 1, false)`,
        [quote(table.name), column],
      );
    }
  }

  async commit(): Promise<void> {
    const writer = this.writer!;
    this.writer = null;
    try {
      await writer.query('COMMIT');
    } finally {
      writer.release();
    }
  }

  async rollback(): Promise<void> {
    if (!this.writer) return;
    await this.writer.query('ROLLBACK').catch(() => {});
    this.writer.release();
    this.writer = null;
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
