/**
 * Story clustering at stream scale: a generated stream of news reports goes through the clustering pass exactly
 * as a long-running worker runs it — batches of 1,000 documents are fingerprinted, looked up in the store's
 * on-disk index (archived stories sharing an LSH band or exact text), assigned online in an active window, and the
 * changed rows written to a SQLite store — and the run reports documents per second (wall and CPU), peak RSS, and
 * the CPU cost per document in each tenth of the stream (flat when the cost does not grow with the collection).
 *
 * Each size runs in a process of its own, so that its peak RSS is its own:
 *   node --import tsx bench/clustering.ts 10000 100000 1000000
 * `npm run bench` runs the size it is given and ten times that (10k and 100k by default).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignStories, prepareDocuments } from '../src/cluster/assign.ts';
import type { ClusterInput } from '../src/cluster/fingerprint.ts';
import { StoryClusterer } from '../src/cluster/stories.ts';
import { SqliteStore } from '../src/store/sqlite.ts';

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

/**
 * A stream of n reports in publication order, generated lazily (a million reports never sit in RAM at once):
 * `perDay` reports a day; one report in eight starts a story, which then draws reports for 1–4 days; the others
 * report on a live story (its own people, place, number and topic words mixed with common news words). One report
 * in 30 is a retitled, lightly edited copy of an earlier report from anywhere in the stream (mostly long out of the
 * active window): the on-disk index must bring its story back.
 */
export function* streamReports(n: number, seed = 1, perDay = 5000): Generator<ClusterInput & { story: number }> {
  const rnd = prng(seed);
  const start = Date.parse('2024-01-01T00:00:00Z');
  const step = 86_400_000 / perDay;
  const storyOf = new Int32Array(n);
  const live: Array<{ index: number; until: number }> = [];
  let stories = 0;
  const storyFacts = (index: number) => {
    const r = prng(seed * 7919 + index);
    return {
      names: Array.from({ length: 4 }, () => `${name(r)} ${name(r)}`),
      place: name(r),
      number: String(10 + Math.floor(r() * 9000)),
      topic: Array.from({ length: 5 }, () => COMMON[Math.floor(r() * COMMON.length)]!),
    };
  };
  const report = (i: number, story: number, edit: number) => {
    const r = prng(seed * 104_729 + i);
    const facts = storyFacts(story);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
    const sentences: string[] = [];
    for (let k = 0; k < 8; k++) {
      const words = Array.from({ length: 8 }, () => pick(COMMON));
      words.splice(2, 0, pick(facts.topic), pick(facts.topic));
      sentences.push(`${pick(facts.names)} said ${words.join(' ')} in ${facts.place} with ${facts.number}.`);
    }
    const title = `${facts.place}: ${pick(facts.topic)} ${pick(facts.topic)}`;
    if (edit) sentences[edit % 8] = `${pick(facts.names)} added that ${pick(COMMON)} ${pick(COMMON)} followed.`;
    return { title: edit ? `Update: ${title}` : title, text: sentences.join(' ') };
  };
  for (let i = 0; i < n; i++) {
    const t = start + i * step;
    while (live.length && live[0]!.until < t) live.shift();
    let story: number;
    let body: { title: string; text: string };
    if (i > 100 && rnd() < 1 / 30) {
      const j = Math.floor(rnd() * (i - 1));
      story = storyOf[j]!;
      body = report(j, story, 1 + Math.floor(rnd() * 7));
    } else {
      if (live.length === 0 || rnd() < 1 / 8) {
        live.push({ index: stories, until: t + (1 + rnd() * 3) * 86_400_000 });
        live.sort((a, b) => a.until - b.until);
        stories++;
        story = stories - 1;
      } else story = live[Math.floor(rnd() * live.length)]!.index;
      body = report(i, story, 0);
    }
    storyOf[i] = story;
    yield {
      id: `doc-${i}`,
      ...body,
      sourceId: `outlet-${Math.floor(rnd() * 20)}`,
      publishedAt: new Date(t).toISOString(),
      story,
    };
  }
}

export interface ClusteringBenchResult {
  bench: 'clustering';
  documents: number;
  batch: number;
  stories: number;
  seconds: number;
  docsPerSecond: number;
  /** Per CPU second of this process (user + system): comparable on a busy machine, where wall time is not. */
  docsPerCpuSecond: number;
  /** CPU microseconds per document in each tenth of the stream: flat when the cost does not grow with the stream. */
  cpuMicrosPerDocByTenth: number[];
  /**
   * CPU microseconds per document in each step of a batch: fingerprinting, looking up the on-disk index, assigning
   * (reviving, deciding, evicting), and writing the changed rows. The rest is the generator and the bench's checks.
   */
  cpuMicrosPerDocByPhase: { fingerprint: number; archiveLookup: number; assign: number; save: number };
  /** Peak resident set size of the process (the stream generator and SQLite's page cache included). */
  peakRssMB: number;
  /** Documents in RAM at the end (the active window), against all documents seen. */
  activeDocuments: number;
  /** Documents that came back from the on-disk index (copies of archived documents bring their story back). */
  revived: number;
  /** Edited copies of earlier reports that joined the story of their original. */
  copiesRejoined: number;
  copies: number;
  databaseMB: number;
  load: string;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** One size in this process: the stream through the clustering pass and a SQLite store. */
export async function benchClusteringOnce(n = 10_000, batch = 1000): Promise<ClusteringBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'triangulate-bench-cluster-'));
  try {
    const store = new SqliteStore(join(dir, 'bench.db'));
    // The bench stores no document rows (their ingest has its own figures): cluster rows may then not reference
    // them. Everything else is the store's own code.
    (store as unknown as { db: { pragma(s: string): unknown } }).db.pragma('foreign_keys = OFF');
    const clusterer = new StoryClusterer();
    const tenth = Math.max(1, Math.floor(n / 10));
    const byTenth: number[] = [];
    const started = performance.now();
    const cpuStarted = cpuSeconds();
    let sliceStart = cpuStarted;
    let done = 0;
    let revived = 0;
    let peakRss = 0;
    const phases = { fingerprint: 0, archiveLookup: 0, assign: 0, save: 0 };
    const originalOf = new Map<string, number>();
    let copies = 0;
    let rejoined = 0;
    const stream = streamReports(n);
    const storyOfDoc = new Int32Array(n);
    while (done < n) {
      const docs: Array<ClusterInput & { story: number }> = [];
      for (let k = 0; k < batch && done + k < n; k++)
        docs.push(stream.next().value as ClusterInput & { story: number });
      let t = cpuSeconds();
      const lap = (phase: keyof typeof phases) => {
        const now = cpuSeconds();
        phases[phase] += now - t;
        t = now;
      };
      const prepared = prepareDocuments(docs);
      lap('fingerprint');
      const archived = await store.loadArchivedStories(prepared.bands, prepared.exact);
      lap('archiveLookup');
      const plan = assignStories(null, prepared, archived, { clusterer, reclusterUpTo: 0 });
      lap('assign');
      revived += plan.changed.revived;
      await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed);
      lap('save');
      for (const d of docs) {
        const i = Number(d.id.slice(4));
        storyOfDoc[i] = d.story;
        if (d.title?.startsWith('Update: ')) {
          copies++;
          originalOf.set(d.id, d.story);
        }
      }
      for (const [id] of originalOf) {
        // A copy rejoined when it shares its story with a report of the same generated story.
        const story = clusterer.storyOf(id);
        const view = story ? clusterer.story(story) : null;
        if (
          view?.docIds.some(
            (other) =>
              other !== id && !originalOf.has(other) && storyOfDoc[Number(other.slice(4))] === originalOf.get(id),
          )
        )
          rejoined++;
      }
      originalOf.clear();
      done += docs.length;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      while (byTenth.length < 10 && done >= (byTenth.length + 1) * tenth) {
        const now = cpuSeconds();
        byTenth.push(Math.round(((now - sliceStart) * 1e6) / tenth));
        sliceStart = now;
        // Progress on stderr, so that a long run stopped early still tells how far it got and at what cost.
        process.stderr.write(
          `${JSON.stringify({ documents: done, cpuMicrosPerDoc: byTenth.at(-1), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20), heapMB: Math.round(process.memoryUsage().heapUsed / 2 ** 20), activeDocuments: clusterer.activeDocuments, wallSeconds: Math.round((performance.now() - started) / 1000) })}\n`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds() - cpuStarted;
    const stories = (await store.listStories({ limit: 10_000_000 })).length;
    await store.close();
    const round = (x: number) => Math.round(x * 10) / 10;
    return {
      bench: 'clustering',
      documents: n,
      batch,
      stories,
      seconds: round(seconds),
      docsPerSecond: Math.round(n / seconds),
      docsPerCpuSecond: Math.round(n / cpu),
      cpuMicrosPerDocByTenth: byTenth,
      cpuMicrosPerDocByPhase: Object.fromEntries(
        Object.entries(phases).map(([phase, seconds]) => [phase, Math.round((seconds * 1e6) / n)]),
      ) as ClusteringBenchResult['cpuMicrosPerDocByPhase'],
      peakRssMB: round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
      activeDocuments: clusterer.activeDocuments,
      revived,
      copiesRejoined: rejoined,
      copies,
      databaseMB: round(statSync(join(dir, 'bench.db')).size / 2 ** 20),
      load: loadAverage(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function loadAverage(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Each size in a child process of its own (peak RSS is per process). */
export function benchClustering(sizes: number[] = [10_000, 100_000]): ClusteringBenchResult[] {
  const self = fileURLToPath(import.meta.url);
  return sizes.map((n) => {
    // A 512 MB heap limit: the live state must fit in it at every size (it would fail, not just grow, if it did
    // not), and V8 does not grow the heap merely because it may.
    const out = execFileSync(
      process.execPath,
      ['--max-old-space-size=512', '--import', 'tsx', self, '--one', String(n)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    return JSON.parse(out) as ClusteringBenchResult;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === '--one') process.stdout.write(`${JSON.stringify(await benchClusteringOnce(Number(args[1])))}\n`);
  else {
    const sizes = args.length ? args.map(Number) : [10_000, 100_000];
    process.stdout.write(`${JSON.stringify(benchClustering(sizes), null, 2)}\n`);
  }
}
