import type { Command } from 'commander';
import { type IngestReport, ingest } from '../../ingest/ingest.ts';
import { withStore } from '../context.ts';
import { EXIT } from '../exit.ts';
import { printJson, progress } from '../output.ts';

export function register(program: Command): void {
  program
    .command('ingest')
    .description('ingest files, directories (recursively), URLs and feeds into the store')
    .argument('<inputs...>', 'files, directories, http(s) URLs or feeds')
    .option('--source <name>', 'outlet name for inputs that do not say')
    .option('--follow', "for feeds: fetch each item's page and extract the full article")
    .option('--json', 'print the report as JSON')
    .action(async (inputs: string[], opts: { source?: string; follow?: boolean; json?: boolean }, command: Command) => {
      const report = await withStore(command, async (store, config) => {
        const bar = progress('ingest', opts);
        const result = await ingest(inputs, {
          store,
          config,
          sourceName: opts.source,
          follow: opts.follow,
          onProgress: bar.tick,
        });
        bar.done();
        return result;
      });
      if (opts.json) printJson(report);
      else printReport(report);
      process.exitCode = report.counts.failed > 0 ? EXIT.someFailed : EXIT.ok;
    });
}

export function printReport(report: IngestReport): void {
  for (const item of report.items) {
    if (item.status === 'failed') process.stderr.write(`failed     ${item.error}\n`);
    else process.stdout.write(`${item.status.padEnd(10)} ${item.id}  ${item.title ?? item.input}\n`);
  }
  const { added, unchanged, failed } = report.counts;
  process.stdout.write(
    `${added} added, ${report.counts['new-version']} new versions, ${unchanged} unchanged, ${failed} failed\n`,
  );
}
