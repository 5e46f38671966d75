import { Command, CommanderError } from 'commander';
import { InputError, UsageError } from '../errors.ts';
import { commands } from './commands/index.ts';
import { EXIT } from './exit.ts';

export function buildProgram(): Command {
  const program = new Command('triangulate')
    .description('Stories, claims, corroboration and timelines from overlapping news reports.')
    .option('--db <file|url>', 'SQLite database file or postgres:// URL (env TRIANGULATE_DB)', undefined)
    .showHelpAfterError()
    .exitOverride();
  for (const command of commands) command.register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`triangulate: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof InputError) {
      process.stderr.write(`triangulate: ${err.message}\n`);
      return EXIT.someFailed;
    }
    throw err;
  }
}
