/**
 * Fusion figures: facts per story, the share of mentions aligned into multi-mention facts, and fusion time per story,
 * on the example corpus (stories from the product's clusterer, as `ingest` stores them) and on the stories of the
 * clustering dev set in `../shared/bench/clustering/dev.jsonl` (grouped by their gold event labels, so that the
 * figures measure fusion alone, not clustering errors). The dev-set part skips with a message when `../shared` is
 * absent. Times are wall-clock for `fuseStory` alone (analysis and copy relations are computed before), and CPU time
 * of this process beside them: on a busy machine wall time is noisy.
 *
 * The large-story case fuses one generated story of hundreds to thousands of reports (bench/corpus.ts's articles about
 * one place, as the PostgreSQL bench's stories are: ≈ 90 words each, many near-copies of each other), analysed by the
 * product's language layer and related by its clusterer beforehand; it reports CPU time of `fuseStory` alone.
 *
 * Usable from `npm run bench` (import `benchFusion`) or directly: `node --import tsx bench/fusion.ts [--large 430,2000]`.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../src/config.ts';
import { fuseStory } from '../src/fuse/fuse.ts';
import { fuseInputFrom, fuseInputFromStory } from '../src/fuse/load.ts';
import type { FuseInput, StoryFusion } from '../src/fuse/types.ts';
import { ingest, ingestText } from '../src/ingest/ingest.ts';
import type { Document } from '../src/model.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { projectRoot, sharedDir } from '../test/support.ts';
import { article } from './corpus.ts';

export interface FusedStory {
  id: string;
  input: FuseInput;
  fusion: StoryFusion;
  wallMs: number;
  cpuMs: number;
}

export interface FusionFigures {
  stories: number;
  documents: number;
  /** Facts per story (event and quantity facts). */
  factsPerStory: { mean: number; median: number; max: number };
  mentions: number;
  /** Share of statement mentions that sit in a fact with at least one other mention. */
  alignedShare: number;
  /** Share of facts with mentions from two or more documents. */
  crossDocumentFactShare: number;
  statuses: Record<string, number>;
  fusionMsPerStory: { mean: number; median: number; p90: number; max: number };
  fusionCpuMsPerStory: { mean: number };
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Fuse one story, timed. */
export function fuseTimed(id: string, input: FuseInput): FusedStory {
  const wall = performance.now();
  const cpu = cpuMs();
  const fusion = fuseStory(input);
  return { id, input, fusion, wallMs: performance.now() - wall, cpuMs: cpuMs() - cpu };
}

export function figures(stories: FusedStory[]): FusionFigures {
  const facts = stories.map((s) => s.fusion.facts.length);
  let mentions = 0;
  let aligned = 0;
  let crossDocument = 0;
  let factCount = 0;
  const statuses: Record<string, number> = {};
  for (const { fusion } of stories) {
    // Event facts partition a story's statements; quantity facts re-use mentions already counted there.
    const events = fusion.facts.filter((f) => f.kind === 'event');
    for (const f of events) {
      const own = f.mentions.filter((m) => m.originBasis !== 'observation');
      mentions += own.length;
      if (own.length > 1) aligned += own.length;
      if (f.documents.filter((d) => !d.startsWith('observation:')).length > 1) crossDocument++;
    }
    factCount += fusion.facts.length;
    for (const f of fusion.facts) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
  }
  const wall = stories.map((s) => s.wallMs);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  return {
    stories: stories.length,
    documents: stories.reduce((n, s) => n + s.input.documents.length, 0),
    factsPerStory: { mean: round(mean(facts)), median: quantile(facts, 0.5), max: Math.max(0, ...facts) },
    mentions,
    alignedShare: round(aligned / (mentions || 1), 3),
    crossDocumentFactShare: round(crossDocument / (factCount || 1), 3),
    statuses,
    fusionMsPerStory: {
      mean: round(mean(wall)),
      median: round(quantile(wall, 0.5)),
      p90: round(quantile(wall, 0.9)),
      max: round(Math.max(0, ...wall)),
    },
    fusionCpuMsPerStory: { mean: round(mean(stories.map((s) => s.cpuMs))) },
  };
}

/** The example corpus, ingested as a user would (analysis and clustering on), each stored story fused. */
export async function demoStories(): Promise<FusedStory[]> {
  const store = new SqliteStore(':memory:');
  try {
    await ingest([join(projectRoot, 'examples', 'demo')], { store, config: defaultConfig });
    const out: FusedStory[] = [];
    const stories = await store.listStories();
    // One untimed run first: module loading and JIT warm-up are not fusion time.
    if (stories[0]) fuseStory(await fuseInputFromStory(store, stories[0].id));
    for (const story of stories) out.push(fuseTimed(story.id, await fuseInputFromStory(store, story.id)));
    return out;
  } finally {
    await store.close();
  }
}

/** The clustering dev set's stories by gold label, or null when `../shared` is absent. */
export async function devStories(): Promise<FusedStory[] | null> {
  if (!sharedDir) return null;
  const rows = readFileSync(join(sharedDir, 'bench', 'clustering', 'dev.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; text: string; label: string });
  const store = new SqliteStore(':memory:');
  try {
    const report = await ingestText(
      rows.map((r) => ({ name: `${r.id}.txt`, text: r.text })),
      { store, config: defaultConfig, cluster: false },
    );
    const labelOf = new Map(rows.map((r) => [`${r.id}.txt`, r.label]));
    const byLabel = new Map<string, Document[]>();
    for (const item of report.items) {
      if (item.kind !== 'document' || !item.id) continue;
      const document = await store.getDocument(item.id);
      const label = labelOf.get(item.input);
      if (!document || !label) continue;
      const list = byLabel.get(label) ?? [];
      if (!list.some((d) => d.id === document.id)) list.push(document);
      byLabel.set(label, list);
    }
    const out: FusedStory[] = [];
    for (const [label, documents] of [...byLabel].sort(([a], [b]) => a.localeCompare(b)))
      out.push(fuseTimed(label, await fuseInputFrom(store, documents, [], label)));
    return out;
  } finally {
    await store.close();
  }
}

/** One generated story of `n` reports about one place, as a story's fusion input (analyses and copy relations). */
export async function largeStoryInput(n: number): Promise<FuseInput> {
  const store = new SqliteStore(':memory:');
  try {
    const inputs = Array.from({ length: n }, (_, k) => {
      const a = article(k * 8); // every eighth article: one place, the other details varying
      return { name: `${k}.txt`, text: [a.title, '', a.date, '', ...a.paragraphs].join('\n\n') };
    });
    const report = await ingestText(inputs, { store, config: defaultConfig, cluster: false });
    const documents: Document[] = [];
    for (const item of report.items) {
      const document = item.kind === 'document' && item.id ? await store.getDocument(item.id) : null;
      if (document && !documents.some((d) => d.id === document.id)) documents.push(document);
    }
    return await fuseInputFrom(store, documents, [], `large-${n}`);
  } finally {
    await store.close();
  }
}

/** Fusion of one large story: its size and the CPU time of `fuseStory` alone (the input is built beforehand). */
export async function largeStory(n: number) {
  const input = await largeStoryInput(n);
  const { fusion, cpuMs, wallMs } = fuseTimed(`large-${n}`, input);
  return {
    documents: input.documents.length,
    relations: input.relations.length,
    mentions: fusion.facts.filter((f) => f.kind === 'event').reduce((sum, f) => sum + f.mentions.length, 0),
    facts: fusion.facts.length,
    cpuMs: round(cpuMs),
    wallMs: round(wallMs),
    loadAverage: round(loadavg()[0]!, 2),
  };
}

export async function benchFusion(largeSizes: number[] = [430, 2000]) {
  const demo = figures(await demoStories());
  const dev = await devStories();
  const large = [];
  for (const n of largeSizes) large.push(await largeStory(n));
  return {
    bench: 'fusion',
    demo: { storiesFrom: 'the product clusterer (ingest of examples/demo)', ...demo },
    dev: dev
      ? { storiesFrom: 'gold event labels of ../shared/bench/clustering/dev.jsonl', ...figures(dev) }
      : { skipped: '../shared/bench/clustering/dev.jsonl is not beside the project' },
    largeStory: large,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { large: { type: 'string', default: '430,2000' } } });
  const sizes = values.large.split(',').filter(Boolean).map(Number);
  if (sizes.some((n) => !(n > 0))) throw new Error('--large takes comma-separated positive numbers of reports');
  process.stdout.write(`${JSON.stringify(await benchFusion(sizes), null, 2)}\n`);
}
