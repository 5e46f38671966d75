import type { Command } from 'commander';
import { analyse } from '../../analyse/index.ts';
import { InputError, UsageError } from '../../errors.ts';
import { buildDocument } from '../../ingest/document.ts';
import { readInput } from '../../ingest/ingest.ts';
import { parseMetadataDate } from '../../ingest/published-date.ts';
import { configOf } from '../context.ts';
import { printJson } from '../output.ts';

export function register(program: Command): void {
  program
    .command('analyse')
    .alias('analyze')
    .description('run the language layer on one file or URL without storing it')
    .argument('<input>', 'a text, Markdown or HTML file, or a URL (a feed: its first item)')
    .option('--published <date>', 'publication date to anchor relative dates on (supplies or overrides)')
    .option('--json', 'print JSON')
    .action(async (input: string, opts: { published?: string; json?: boolean }, command: Command) => {
      const config = configOf(command);
      const published = opts.published ? parseMetadataDate(opts.published, '--published') : undefined;
      if (opts.published && !published) throw new UsageError(`--published: not a date: ${opts.published}`);
      const { drafts } = await readInput(input, config);
      const draft = drafts[0];
      if (!draft) throw new InputError(input, 'no article in the input');
      const document = buildDocument(draft, {}, new Date().toISOString());
      const publishedAt = published ?? document.publishedAt;
      const analysis = analyse({ text: document.text, publishedAt: publishedAt.value });
      const result = { id: document.id, title: document.title, publishedAt, text: document.text, ...analysis };
      if (opts.json) return printJson(result);
      printAnalysis(result);
    });
}

function printAnalysis(result: { title: string; text: string } & ReturnType<typeof analyse>): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(result.title);
  out(`${result.sentences.length} sentences`);
  out();
  out('Entities:');
  for (const e of result.entities) {
    const roles = e.roles.length ? ` — ${e.roles.map((r) => r.text).join('; ')}` : '';
    out(`  ${e.name} (${e.type}, ${e.mentions.length}×)${roles}`);
  }
  out();
  out('Dates:');
  for (const d of result.dates) out(`  ${d.text} → ${d.value} (${d.type})`);
  if (result.quantities.length) {
    out();
    out('Quantities:');
    for (const q of result.quantities) out(`  ${q.text} → ${q.value ?? '?'} ${q.unit}`);
  }
  out();
  out('Claims:');
  for (const c of result.claims) {
    const time = c.time ? ` [${c.time.value || c.time.text}]` : '';
    const nested = c.parent ? ` (within ${c.parent})` : '';
    out(`  ${c.id} ${c.source?.text ?? '(no source)'} —${c.stance}→ ${c.content.text}${time}${nested}`);
  }
}
