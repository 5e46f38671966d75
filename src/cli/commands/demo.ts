import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ingest } from '../../ingest/ingest.ts';
import type { Store } from '../../store/store.ts';
import { withStore } from '../context.ts';
import { EXIT } from '../exit.ts';
import { printJson, progress } from '../output.ts';
import { serveUntilStopped } from './serve.ts';

/** The bundled example corpus; the same relative path from src/ and from the compiled dist/. */
export const DEMO_CORPUS = fileURLToPath(new URL('../../../examples/demo', import.meta.url));

export function register(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled example corpus into the database and print what was found')
    .option('--serve', 'then serve the workbench on http://127.0.0.1:8080 (Ctrl-C stops it)')
    .option('--port <port>', 'port for --serve', '8080')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean; serve?: boolean; port: string }, command: Command) => {
      await withStore(command, async (store, config) => {
        const bar = progress('demo', opts);
        const report = await ingest([DEMO_CORPUS], { store, config, onProgress: bar.tick });
        bar.done();
        const failures = report.items.filter((i) => i.error);
        const summary = { db: config.db, ingest: report.counts, failures, ...(await found(store)) };
        if (opts.json) printJson(summary);
        else printSummary(summary);
        process.exitCode = failures.length ? EXIT.someFailed : EXIT.ok;
        if (opts.serve) {
          await serveUntilStopped(store, config, { token: null, port: Number(opts.port), host: '127.0.0.1' });
        }
      });
    });
}

async function found(store: Store) {
  const documents = await store.listDocuments({ limit: 1000 });
  const sources = new Map<string, number>();
  for (const d of documents) sources.set(d.source.name, (sources.get(d.source.name) ?? 0) + 1);
  return {
    documents: documents.map((d) => ({ id: d.id, title: d.title, source: d.source.name, publishedAt: d.publishedAt })),
    sources: [...sources].map(([name, count]) => ({ name, documents: count })),
    observations: (await store.listObservations()).map((o) => ({ id: o.id, place: o.place, analyst: o.analyst })),
  };
}

function printSummary(
  summary: Awaited<ReturnType<typeof found>> & {
    db: string;
    ingest: Record<string, number>;
    failures: { error?: string }[];
  },
) {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`Demo corpus ingested into ${summary.db}: ${summary.ingest.added} added, ${summary.ingest.unchanged} unchanged.`);
  for (const failure of summary.failures) out(`  failed: ${failure.error}`);
  out();
  out(`${summary.documents.length} documents from ${summary.sources.length} sources:`);
  for (const d of summary.documents)
    out(`  ${d.id}  ${(d.publishedAt.value ?? 'undated').padEnd(20)}  ${d.source.padEnd(22)} ${d.title}`);
  out();
  out(`${summary.observations.length} analyst observations:`);
  for (const o of summary.observations) out(`  ${o.id}  ${o.place} (${o.analyst})`);
  out();
  out('Next: triangulate stories · triangulate story ID · triangulate brief ID · triangulate serve');
}
