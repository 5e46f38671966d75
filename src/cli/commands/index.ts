import type { Command } from 'commander';
import * as analyse from './analyse.ts';
import * as demo from './demo.ts';
import * as documents from './documents.ts';
import * as evalCommand from './eval.ts';
import * as ingest from './ingest.ts';
import * as migrate from './migrate.ts';
import * as observe from './observe.ts';
import * as stories from './stories.ts';
import * as worker from './worker.ts';

/** Every command of the CLI, in the order `--help` lists them. */
export const commands: { register(program: Command): void }[] = [
  demo,
  ingest,
  documents,
  analyse,
  stories,
  observe,
  evalCommand,
  migrate,
  worker,
];
