/**
 * Story clustering throughput: assign n synthetic documents online and report documents per second (wall and CPU),
 * and per CPU second for each tenth of the run, to show that the per-document cost stays flat as the collection
 * grows.
 *
 * Usable from `npm run bench` (import `benchClustering`) or directly:
 *   node --import tsx bench/clustering.ts 10000
 */
import type { ClusterInput } from '../src/cluster/fingerprint.ts';
import { StoryClusterer } from '../src/cluster/stories.ts';

const COMMON = `government officials police report city country people week statement minister court president
  company market price attack election vote border train health school water power fire storm quake rescue
  investigation talks agreement security army support plan announced confirmed warned expected increase damage`
  .split(/\s+/)
  .filter(Boolean);
const SYLLABLES = ['ka', 'lo', 'mir', 'ten', 'vos', 'ra', 'dun', 'pel', 'zi', 'bar', 'nok', 'se', 'tul', 'gra'];

/** A small deterministic PRNG (mulberry32), so runs are comparable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function name(rnd: () => number): string {
  const n = 2 + Math.floor(rnd() * 2);
  let s = '';
  for (let i = 0; i < n; i++) s += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
  return s[0]!.toUpperCase() + s.slice(1);
}

/**
 * n synthetic reports of about n/8 stories: each story has its own people, places and numbers, reports mix them
 * with common news words in varying order, and arrive interleaved in time.
 */
export function syntheticReports(n: number, seed = 1): Array<ClusterInput & { story: number }> {
  const rnd = prng(seed);
  const storyCount = Math.max(1, Math.round(n / 8));
  const stories = Array.from({ length: storyCount }, () => ({
    names: Array.from({ length: 4 }, () => `${name(rnd)} ${name(rnd)}`),
    place: name(rnd),
    number: String(10 + Math.floor(rnd() * 9000)),
    topic: Array.from({ length: 5 }, () => COMMON[Math.floor(rnd() * COMMON.length)]!),
  }));
  const docs: Array<ClusterInput & { story: number }> = [];
  const start = Date.parse('2024-01-01T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const storyIndex = Math.floor(rnd() * storyCount);
    const story = stories[storyIndex]!;
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const sentences: string[] = [];
    for (let k = 0; k < 8; k++) {
      const words = Array.from({ length: 8 }, () => pick(COMMON));
      words.splice(2, 0, pick(story.topic), pick(story.topic));
      sentences.push(`${pick(story.names)} said ${words.join(' ')} in ${story.place} with ${story.number}.`);
    }
    docs.push({
      id: `doc-${i}`,
      title: `${story.place}: ${pick(story.topic)} ${pick(story.topic)}`,
      text: sentences.join(' '),
      sourceId: `outlet-${Math.floor(rnd() * 20)}`,
      publishedAt: new Date(start + i * 60_000 + storyIndex * 3_600_000).toISOString(),
      story: storyIndex,
    });
  }
  return docs;
}

export interface ClusteringBenchResult {
  bench: 'clustering';
  documents: number;
  stories: number;
  seconds: number;
  docsPerSecond: number;
  /** Per CPU second of this process (user + system): comparable on a busy machine, where wall time is not. */
  docsPerCpuSecond: number;
  /** Docs per CPU second in each tenth of the run: flat when per-document cost does not grow with the collection. */
  docsPerCpuSecondByTenth: number[];
  reclusterSeconds: number;
  reclusterCpuSeconds: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function benchClustering(n = 10_000, options: { recluster?: boolean } = {}): ClusteringBenchResult {
  const docs = syntheticReports(n);
  const clusterer = new StoryClusterer();
  const tenth = Math.max(1, Math.floor(n / 10));
  const byTenth: number[] = [];
  const started = performance.now();
  const cpuStarted = cpuSeconds();
  let sliceStart = cpuStarted;
  docs.forEach((doc, i) => {
    clusterer.add(doc);
    if ((i + 1) % tenth === 0) {
      const now = cpuSeconds();
      byTenth.push(Math.round(tenth / (now - sliceStart)));
      sliceStart = now;
    }
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStarted;
  const reclusterStart = performance.now();
  const reclusterCpuStart = cpuSeconds();
  if (options.recluster !== false) clusterer.recluster();
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    bench: 'clustering',
    documents: n,
    stories: clusterer.storyList().length,
    seconds: round(seconds),
    docsPerSecond: Math.round(n / seconds),
    docsPerCpuSecond: Math.round(n / cpu),
    docsPerCpuSecondByTenth: byTenth,
    reclusterSeconds: round((performance.now() - reclusterStart) / 1000),
    reclusterCpuSeconds: round(cpuSeconds() - reclusterCpuStart),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(benchClustering(Number(process.argv[2] ?? 10_000)), null, 2)}\n`);
}
