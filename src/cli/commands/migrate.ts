import type { Command } from 'commander';
import { type MigrateReport, migrateStore } from '../../store/migrate.ts';
import { EXIT } from '../exit.ts';
import { printJson, progress } from '../output.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('move a whole store to another (SQLite file ⇄ PostgreSQL), then compare row counts and checksums')
    .requiredOption('--from <db>', 'the store to copy: a SQLite file or a postgres:// URL')
    .requiredOption('--to <db>', 'a new, empty store to copy into: a SQLite file or a postgres:// URL')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { from: string; to: string; json?: boolean }) => {
      const bar = progress('migrate', opts);
      const report = await migrateStore(opts.from, opts.to, bar.tick);
      bar.done();
      if (opts.json) printJson(report);
      else printMigrateReport(report);
      process.exitCode = report.ok ? EXIT.ok : EXIT.someFailed;
    });
}

function printMigrateReport(report: MigrateReport): void {
  const width = Math.max(5, ...report.tables.map((t) => t.table.length));
  process.stdout.write(`${'table'.padEnd(width)}  ${'rows'.padStart(8)}  checksum                          \n`);
  for (const t of report.tables) {
    const rows = t.rows.source === t.rows.target ? String(t.rows.target) : `${t.rows.source}→${t.rows.target}`;
    const verdict = t.match ? 'same' : `DIFFERENT (source ${t.checksum.source})`;
    process.stdout.write(`${t.table.padEnd(width)}  ${rows.padStart(8)}  ${t.checksum.target} ${verdict}\n`);
  }
  for (const s of report.skipped) process.stdout.write(`${s.table.padEnd(width)}  not copied: ${s.reason}\n`);
  process.stdout.write(
    report.ok
      ? `migrated ${report.rows} rows in ${report.tables.length} tables from ${report.from} to ${report.to}: row counts and checksums match (${report.ms} ms)\n`
      : `migration from ${report.from} to ${report.to} does NOT match: see the tables marked DIFFERENT\n`,
  );
}
