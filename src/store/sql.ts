/** Small helpers shared by the PostgreSQL store, the migrate command and their tests. */
import { createHash } from 'node:crypto';

/** Is `db` (a `--db` value) a PostgreSQL connection URL rather than a SQLite file path? */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db);
}

/**
 * A PostgreSQL advisory-lock key for a name: the first 8 bytes of its SHA-256 as a signed 64-bit integer (a decimal
 * string, which the driver passes as a bigint). Names, not numbers, so that callers cannot collide by accident.
 */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/** Where a connection URL points, without its password: for messages. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return 'a malformed postgres:// URL';
  }
}

/** SQL written with `?` placeholders (as the SQLite store's) numbered for PostgreSQL: `$1`, `$2`, … */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
