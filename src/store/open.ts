import type { Config } from '../config.ts';
import { UsageError } from '../errors.ts';
import { SqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/** The store the configuration names: a SQLite file by default. */
export function openStore(config: Pick<Config, 'db'>): Store {
  if (/^postgres(?:ql)?:\/\//i.test(config.db)) {
    throw new UsageError('the PostgreSQL store is not available yet; use a SQLite file path for --db');
  }
  return new SqliteStore(config.db);
}
