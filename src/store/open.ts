import type { Config } from '../config.ts';
import { PostgresStore } from './postgres.ts';
import { isPostgresUrl } from './sql.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/** The store the configuration names: a postgres:// URL opens the PostgreSQL store, anything else a SQLite file. */
export function openStore(config: Pick<Config, 'db'>): Store {
  return isPostgresUrl(config.db) ? new PostgresStore(config.db) : new SqliteStore(config.db);
}
