/**
 * API latency on a large store: N generated news reports (100,000 by default in `npm run bench`) grouped in stories
 * of skewed sizes, the real server on a random loopback port, and sequential requests for the stories list, a story
 * page (the story's first page of documents and its brief, as the page asks for them; the largest stories apart),
 * search (what analysts type; apart, words in most documents) and single documents. Reports p50/p95/max in
 * milliseconds per endpoint, the time from starting the server to its first answer, and the load average.
 *
 * Filling such a store takes minutes, so it is built once and kept in the OS temp folder under a name carrying the
 * generator version and size (`--fresh` rebuilds it). The fill goes through the product's own code paths for what
 * it stores: `ingestText` (parse, build, store, language layer, story clustering) in batches of a few thousand
 * texts, then `refreshStoryBriefs` (fusion of every story, as the server does in the background).
 *
 *   node --import tsx bench/server.ts [--docs 100000] [--fresh] [--fill-only] [--store PATH]
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../src/config.ts';
import { ingestText } from '../src/ingest/ingest.ts';
import { startServer } from '../src/server/serve.ts';
import { refreshStoryBriefs } from '../src/server/summaries.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { prng } from './clustering.ts';

/** Bump when the generated corpus changes: the cached store is named after it. */
const GENERATOR_VERSION = 2;

/**
 * What analysts type: names of places, people and organisations, a country, an event at a place, a phrase, a prefix
 * (taken from the generated reports, so that each matches a story or a few). Words that every generated report
 * shares (its template's) are measured apart, as `searchBroad`: a query matching most of the store.
 */
export function searchQueries(reports: { text: string }[]): string[] {
  const queries: string[] = [];
  for (let i = 0; queries.length < 40; i++) {
    const text = reports[(i * 7919) % reports.length]!.text;
    const hit = /A (\w+) hit (\w+), (\w+), on \w+, ((\w+) (\w+)) of the ((\w+) [\w ]+?) said/.exec(text);
    if (!hit) continue;
    const [, event, town, country, person, , surname, org, orgWord] = hit;
    queries.push(
      [
        town!,
        `"${person}"`,
        `${event} ${town}`,
        `${country} ${event}`,
        `"${org}"`,
        `${surname!.slice(0, 4)}*`,
        `${orgWord} OR ${town}`,
      ][i % 7]!,
    );
  }
  return queries;
}

const BROAD_QUERIES = ['evacuated', '"port authority"', 'residents expected', 'under investigation'];

const COUNTRIES = [
  'Kenya',
  'Peru',
  'Norway',
  'Vietnam',
  'Chile',
  'Ghana',
  'Poland',
  'Japan',
  'Brazil',
  'Canada',
  'Egypt',
  'India',
  'Spain',
  'Mexico',
  'Nigeria',
  'Indonesia',
  'Portugal',
  'Finland',
  'Morocco',
  'Australia',
];

/** Queries for the generated corpus of `bench/corpus.ts` (the PostgreSQL bench). */
export const QUERIES = [
  'containers',
  'Port Aven',
  '"coast guard spokesman"',
  'trucks OR barges',
  'baseless report',
  'Kess*',
  'satellite images border',
  'AND "unbalanced',
  'ministry denied',
  'resumed September',
];

const FIRST = ['Anna', 'Tomas', 'Leila', 'Marco', 'Ines', 'David', 'Sara', 'Kofi', 'Elena', 'Yusuf', 'Maria', 'Jonas'];
const SYLLABLES = ['ka', 'lo', 'mir', 'ten', 'vos', 'ra', 'dun', 'pel', 'zi', 'bar', 'nok', 'se', 'tul', 'gra'];
const EVENTS = [
  { event: 'fire', objects: 'warehouses' },
  { event: 'flood', objects: 'homes' },
  { event: 'landslide', objects: 'roads' },
  { event: 'strike', objects: 'trains' },
  { event: 'explosion', objects: 'tankers' },
  { event: 'storm', objects: 'boats' },
  { event: 'protest', objects: 'shops' },
  { event: 'blackout', objects: 'hospitals' },
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const MASTHEADS = ['Herald', 'Times', 'Post', 'Wire', 'Gazette', 'Observer', 'Courier', 'Ledger', 'Monitor', 'Daily'];

function word(rnd: () => number, syllables = 2 + Math.floor(rnd() * 2)): string {
  let s = '';
  for (let i = 0; i < syllables; i++) s += SYLLABLES[Math.floor(rnd() * SYLLABLES.length)];
  return s[0]!.toUpperCase() + s.slice(1);
}

/**
 * `n` reports as plain-text files (front matter with the outlet and URL, then title, date line, paragraphs): stories of 1 to ~120 reports (most small, a few large), each with its own town, person,
 * organisation and numbers, spread over ten months; a quarter of the reports give another count, some deny.
 */
export function generatedReports(n: number, seed = 7): { name: string; text: string }[] {
  const rnd = prng(seed);
  const outlets = Array.from({ length: 60 }, (_, i) => {
    const name = `${word(rnd)} ${MASTHEADS[i % MASTHEADS.length]}`;
    return { name, host: `${name.toLowerCase().replace(/\s+/g, '-')}.example` };
  });
  const reports: { name: string; text: string }[] = [];
  const start = Date.parse('2024-01-01T06:00:00Z');
  while (reports.length < n) {
    const size = Math.min(n - reports.length, Math.max(1, Math.round(1 / (0.02 + rnd() * 0.98)) ** 1.4));
    const town = word(rnd);
    const country = COUNTRIES[Math.floor(rnd() * COUNTRIES.length)]!;
    const person = `${FIRST[Math.floor(rnd() * FIRST.length)]} ${word(rnd)}`;
    const org = `${word(rnd)} ${rnd() < 0.5 ? 'Port Authority' : 'Civil Defence'}`;
    const { event, objects } = EVENTS[Math.floor(rnd() * EVENTS.length)]!;
    const count = 3 + Math.floor(rnd() * 400);
    const evacuated = 10 * (1 + Math.floor(rnd() * 90));
    const began = start + Math.floor((reports.length / n) * 300) * 86_400_000;
    const month = MONTHS[Math.floor(rnd() * MONTHS.length)]!;
    for (let k = 0; k < size; k++) {
      const at = new Date(began + k * 3 * 3_600_000 + Math.floor(rnd() * 3_600_000));
      const day = WEEKDAYS[at.getUTCDay() % 5]!;
      const other = rnd() < 0.25;
      const told = other ? count + 5 + Math.floor(rnd() * 30) : count;
      const paragraphs = [
        `A ${event} hit ${town}, ${country}, on ${day}, ${person} of the ${org} said.`,
        `According to the ${org}, ${told} ${objects} were damaged and ${evacuated} people were evacuated.`,
        rnd() < 0.5 ? `${person} told reporters that the cause of the ${event} was still under investigation.` : '',
        rnd() < 0.3 ? `The interior ministry of ${country} denied that the ${objects} had been unsafe.` : '',
        `Residents of ${town} said the ${event} had been expected since ${month}.`,
      ].filter(Boolean);
      const outlet = outlets[Math.floor(rnd() * outlets.length)]!;
      // Every report its own detail: identical texts would be one document (ids derive from the content).
      const hhmm = `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
      paragraphs.push(
        `${person} spoke to the ${outlet.name} at ${hhmm}, report ${reports.length + 1} of the day's file.`,
      );
      const title = `${event[0]!.toUpperCase()}${event.slice(1)} in ${town}: ${told} ${objects} damaged`;
      const dateLine = `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()] ?? 'November'} ${at.getUTCFullYear()}, ${String(
        at.getUTCHours(),
      ).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')} UTC`;
      const number = String(reports.length).padStart(6, '0');
      // Front matter names the outlet and the page, as an export from a news database would.
      const head = `---\nsource: ${outlet.name}\nurl: https://${outlet.host}/news/${number}\n---\n`;
      reports.push({ name: `${number}.txt`, text: `${head}${[title, dateLine, ...paragraphs].join('\n\n')}` });
    }
  }
  return reports;
}

/** The cached store of `documents` reports, built first if missing (into a side file, renamed when complete). */
export async function benchStore(documents: number, { fresh = false, log = (_: string) => {} } = {}) {
  const path = join(tmpdir(), `triangulate-bench-server-v${GENERATOR_VERSION}-${documents}.db`);
  if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  if (existsSync(path)) return { path, fillSeconds: null };
  const building = `${path}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  const started = performance.now();
  const store = new SqliteStore(building);
  const reports = generatedReports(documents);
  const batch = 5000;
  for (let i = 0; i < reports.length; i += batch) {
    await ingestText(reports.slice(i, i + batch), { store, config: defaultConfig });
    log(`bench store: ${Math.min(i + batch, reports.length)} of ${reports.length} documents`);
  }
  const briefs = await refreshStoryBriefs(store, {
    onProgress: (done, total) => done % 2000 === 0 && log(`bench store: ${done} of ${total} briefs`),
  });
  log(`bench store: ${briefs} story briefs`);
  await store.close();
  renameSync(building, path);
  return { path, fillSeconds: Math.round((performance.now() - started) / 1000) };
}

export interface LatencyFigures {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export async function benchServer(
  documents: number,
  requestsPerEndpoint = 200,
  options: { fresh?: boolean; store?: string } = {},
) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // `--store PATH`: an existing database (its stories' briefs fused) instead of the generated one.
  const { path, fillSeconds } = options.store
    ? { path: options.store, fillSeconds: null }
    : await benchStore(documents, { ...options, log });
  const store = new SqliteStore(path);
  try {
    const loadBefore = loadavg();
    // From the start of the server to its first answer: stale briefs are refreshed in a worker thread meanwhile.
    const starting = performance.now();
    const server = await startServer({ store, config: defaultConfig, port: 0, host: '127.0.0.1', db: path });
    try {
      const get = jsonGetter(server.url);
      const listed = (await get('/api/stories?limit=200')).stories as { id: string; size: number }[];
      const firstAnswerMs = Math.round(performance.now() - starting);
      const stories = listed.map((s) => s.id);
      // The largest stories of the store (hundreds of documents): their page and brief apart.
      const largest = (await store.listStories({ limit: 1_000_000 }))
        .sort((a, b) => b.docIds.length - a.docIds.length)
        .slice(0, 10);
      const ids = (await store.listDocuments({ limit: 1000, offset: Math.min(5000, documents / 2) })).map((d) => d.id);
      const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;
      const queries = searchQueries(generatedReports(Math.min(documents, await store.countDocuments())));
      return {
        documents: await store.countDocuments(),
        stories: (await store.listStories({ limit: 1_000_000 })).length,
        fillSeconds,
        store: path,
        storiesList: await measure(requestsPerEndpoint, (i) =>
          get(`/api/stories?offset=${(i % 5) * 50}${i % 4 === 0 ? '&since=2024-06-01' : ''}`),
        ),
        firstAnswerMs,
        storyPage: await measure(requestsPerEndpoint, async (i) => {
          const id = pick(stories, i);
          await Promise.all([get(`/api/stories/${id}`), get(`/api/stories/${id}/brief`)]);
        }),
        largestStories: largest.map((s) => s.docIds.length),
        storyPageLargest: await measure(Math.min(requestsPerEndpoint, 50), async (i) => {
          const story = largest[i % largest.length]!;
          const offset = (Math.floor(i / largest.length) * 50) % story.docIds.length;
          await Promise.all([get(`/api/stories/${story.id}?offset=${offset}`), get(`/api/stories/${story.id}/brief`)]);
        }),
        briefStates: await briefStates(
          get,
          largest.map((s) => s.id),
        ),
        search: await measure(requestsPerEndpoint, (i) =>
          get(`/api/search?q=${encodeURIComponent(pick(queries, i))}${i % 5 === 0 ? '&from=2024-03-10' : ''}`),
        ),
        searchBroad: await measure(Math.min(requestsPerEndpoint, 40), (i) =>
          get(`/api/search?q=${encodeURIComponent(pick(BROAD_QUERIES, i))}`),
        ),
        searchEntity: await measure(Math.min(requestsPerEndpoint, 40), (i) =>
          get(`/api/search?q=${encodeURIComponent(pick(queries, i))}&entity=country:KEN`),
        ),
        searchBrowse: await measure(requestsPerEndpoint, (i) => get(`/api/search?offset=${(i % 10) * 20}`)),
        document: await measure(requestsPerEndpoint, (i) => get(`/api/documents/${pick(ids, i)}`)),
        loadAverage: { before: loadBefore.map(round1), after: loadavg().map(round1) },
      };
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** How many of these stories' briefs the server answers as current, stale or pending (not fused yet). */
async function briefStates(get: ReturnType<typeof jsonGetter>, ids: string[]) {
  const states: Record<string, number> = {};
  for (const id of ids) {
    const { state } = (await get(`/api/stories/${id}/brief`)) as { state: string };
    states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}

/** GET a path of a running server as JSON; a status other than 2xx is an error naming the path. */
export function jsonGetter(base: string) {
  return async (path: string) => {
    const response = await fetch(new URL(path, base));
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
}

export async function measure(n: number, request: (i: number) => Promise<unknown>): Promise<LatencyFigures> {
  await request(0); // warm the statement cache and the connection
  const times: number[] = [];
  for (let i = 1; i <= n; i++) {
    const started = performance.now();
    await request(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
  return { requests: n, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      docs: { type: 'string', default: '100000' },
      fresh: { type: 'boolean', default: false },
      'fill-only': { type: 'boolean', default: false },
      store: { type: 'string' },
    },
  });
  if (values['fill-only']) {
    const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
    process.stdout.write(`${JSON.stringify(await benchStore(Number(values.docs), { fresh: values.fresh, log }))}\n`);
    process.exit(0);
  }
  const result = await benchServer(Number(values.docs), 200, { fresh: values.fresh, store: values.store });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
