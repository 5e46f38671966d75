import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { fuseStory } from '../../fuse/fuse.ts';
import { briefHtml, briefJson, briefMarkdown } from '../../fuse/render.ts';
import { printJson } from '../output.ts';
import { storyFusionInput } from './story-input.ts';

const FORMATS = ['md', 'json', 'html'] as const;

export function register(program: Command): void {
  program
    .command('brief')
    .description('a story brief: lead, timeline, corroborated / single-origin / disputed / contradicted / open facts')
    .argument('[story...]', 'a story id, or files and directories to fuse as one story')
    .option('--docs <ids>', 'stored documents to fuse as one story (comma-separated ids or prefixes)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'md')
    .option('--json', 'print JSON (same as --format json)')
    .action(async (story: string[], opts: { docs?: string; format: string; json?: boolean }, command: Command) => {
      const format = opts.json ? 'json' : checkFormat(opts.format, FORMATS);
      const fusion = fuseStory(await storyFusionInput(command, story, opts.docs));
      if (format === 'json') return printJson(briefJson(fusion));
      process.stdout.write(format === 'html' ? briefHtml(fusion) : briefMarkdown(fusion));
    });
}

export function checkFormat<T extends string>(format: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(format)) return format as T;
  throw new UsageError(`--format takes ${allowed.join(', ')}; not "${format}"`);
}
