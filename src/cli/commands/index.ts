import type { Command } from 'commander';
import * as evalCommand from './eval.ts';

/** Every command of the CLI, in the order `--help` lists them. */
export const commands: { register(program: Command): void }[] = [evalCommand];
