/**
 * `npm run bench`: throughput and memory figures as JSON on stdout. Sizes can be lowered for a quick look:
 * `npm run bench -- --docs 2000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../src/config.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { writeHtmlCorpus, writeTextCorpus } from './corpus.ts';

const { values } = parseArgs({ options: { docs: { type: 'string', default: '10000' } } });
const docs = Number(values.docs);

async function ingestBench(kind: 'text' | 'html') {
  const dir = mkdtempSync(join(tmpdir(), `triangulate-bench-${kind}-`));
  try {
    const corpus = join(dir, 'corpus');
    (kind === 'text' ? writeTextCorpus : writeHtmlCorpus)(corpus, docs);
    const store = new SqliteStore(join(dir, 'bench.db'));
    const started = performance.now();
    const report = await ingest([corpus], { store, config: defaultConfig });
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    return {
      documents: docs,
      added: report.counts.added,
      failed: report.counts.failed,
      seconds: round(seconds),
      documentsPerSecond: round(docs / seconds),
      rssMB: round(process.memoryUsage().rss / 2 ** 20),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const results: Record<string, unknown> = {
  node: process.version,
  ingestText: await ingestBench('text'),
};
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
