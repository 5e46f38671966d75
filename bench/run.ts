/**
 * `npm run bench`: throughput and memory figures as JSON on stdout. Sizes can be lowered for a quick look:
 * `npm run bench -- --docs 2000 --server-docs 5000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyse } from '../src/analyse/index.ts';
import { defaultConfig } from '../src/config.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { benchClustering } from './clustering.ts';
import { article, writeHtmlCorpus, writeTextCorpus } from './corpus.ts';
import { benchServer } from './server.ts';
import { benchWatch } from './watch.ts';

const { values } = parseArgs({
  options: { docs: { type: 'string', default: '10000' }, 'server-docs': { type: 'string', default: '100000' } },
});
const docs = Number(values.docs);

/**
 * Ingest alone (read, decode, parse, boilerplate, language, store) is measured apart from the language layer and
 * clustering, which `ingest` also runs by default and which have their own figures below.
 */
async function ingestBench(kind: 'text' | 'html') {
  const dir = mkdtempSync(join(tmpdir(), `triangulate-bench-${kind}-`));
  try {
    const corpus = join(dir, 'corpus');
    (kind === 'text' ? writeTextCorpus : writeHtmlCorpus)(corpus, docs);
    const store = new SqliteStore(join(dir, 'bench.db'));
    const started = performance.now();
    const report = await ingest([corpus], { store, config: defaultConfig, analyse: false, cluster: false });
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

/** The language layer over news-length articles (seven generated articles joined: about 600 words). */
function analysisBench(n: number) {
  const texts = Array.from({ length: n }, (_, i) =>
    [0, 1, 2, 3, 4, 5, 6].flatMap((k) => article(i * 7 + k).paragraphs).join('\n\n'),
  );
  analyse({ text: texts[0]!, publishedAt: '2024-03-15' }); // load models outside the timing
  const started = performance.now();
  for (const text of texts) analyse({ text, publishedAt: '2024-03-15' });
  const seconds = (performance.now() - started) / 1000;
  const words = texts.reduce((sum, t) => sum + t.split(/\s+/).length, 0) / n;
  return {
    articles: n,
    wordsPerArticle: Math.round(words),
    seconds: round(seconds),
    articlesPerSecond: round(n / seconds),
  };
}

const results: Record<string, unknown> = {
  node: process.version,
  ingestText: await ingestBench('text'),
  ingestHtml: await ingestBench('html'),
  analysis: analysisBench(Math.max(50, Math.round(docs / 20))),
  clustering: benchClustering([docs, docs * 10]),
  // The API on a large store (built once and kept in the temp folder: see bench/server.ts).
  server: await benchServer(Number(values['server-docs'])),
  watch: await benchWatch({ sources: 500, polls: 1000 }),
  fusion: await (await import('./fusion.ts')).benchFusion(),
};
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
