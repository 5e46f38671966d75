import type { Command } from 'commander';
import { type Config, resolveConfig } from '../config.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';

/** Resolve the configuration from the global flags of any subcommand. */
export function configOf(command: Command): Readonly<Config> {
  const { db, maxBytes } = command.optsWithGlobals() as { db?: string; maxBytes?: string };
  return resolveConfig({ db, maxBytes: maxBytes ? Number(maxBytes) : undefined });
}

/** Run `work` with the configured store open, closing it whatever happens. */
export async function withStore<T>(command: Command, work: (store: Store, config: Readonly<Config>) => Promise<T>) {
  const config = configOf(command);
  const store = openStore(config);
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}
