import type { Command } from 'commander';
import { fuseStory } from '../../fuse/fuse.ts';
import { exportCsv, exportJson, exportMarkdown } from '../../fuse/render.ts';
import { printJson } from '../output.ts';
import { checkFormat } from './brief.ts';
import { storyFusionInput } from './story-input.ts';

const FORMATS = ['json', 'csv', 'md'] as const;

export function register(program: Command): void {
  program
    .command('export')
    .description("a story's facts and claims, with every supporting sentence and its source")
    .argument('[story...]', 'a story id, or files and directories to fuse as one story')
    .option('--docs <ids>', 'stored documents to fuse as one story (comma-separated ids or prefixes)')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'json')
    .action(async (story: string[], opts: { docs?: string; format: string }, command: Command) => {
      const format = checkFormat(opts.format, FORMATS);
      const fusion = fuseStory(await storyFusionInput(command, story, opts.docs));
      if (format === 'json') return printJson(exportJson(fusion));
      process.stdout.write(format === 'csv' ? exportCsv(fusion) : exportMarkdown(fusion));
    });
}
