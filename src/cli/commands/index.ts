import type { Command } from 'commander';
import * as alert from './alert.ts';
import * as analyse from './analyse.ts';
import * as brief from './brief.ts';
import * as demo from './demo.ts';
import * as digest from './digest.ts';
import * as documents from './documents.ts';
import * as evalCommand from './eval.ts';
import * as exportCommand from './export.ts';
import * as ingest from './ingest.ts';
import * as migrate from './migrate.ts';
import * as observe from './observe.ts';
import * as serve from './serve.ts';
import * as source from './source.ts';
import * as stories from './stories.ts';
import * as watch from './watch.ts';
import * as worker from './worker.ts';

/** Every command of the CLI, in the order `--help` lists them. */
export const commands: { register(program: Command): void }[] = [
  demo,
  ingest,
  documents,
  analyse,
  stories,
  brief,
  exportCommand,
  observe,
  serve,
  evalCommand,
  migrate,
  worker,
  // Watching sources
  source,
  watch,
  alert,
  digest,
];
