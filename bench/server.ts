/**
 * API latency: a store of N generated documents (ingested and clustered the normal way, without the language layer),
 * the real server on a random loopback port, and sequential requests to search, the story list, single stories and
 * single documents. Reports p50/p95/max in milliseconds per endpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../src/config.ts';
import { ingest } from '../src/ingest/ingest.ts';
import { startServer } from '../src/server/serve.ts';
import { SqliteStore } from '../src/store/sqlite.ts';
import { writeTextCorpus } from './corpus.ts';

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

export interface LatencyFigures {
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export async function benchServer(documents: number, requestsPerEndpoint = 200) {
  const dir = mkdtempSync(join(tmpdir(), 'triangulate-bench-server-'));
  const store = new SqliteStore(join(dir, 'bench.db'));
  try {
    writeTextCorpus(join(dir, 'corpus'), documents);
    const loadStarted = performance.now();
    await ingest([join(dir, 'corpus')], { store, config: defaultConfig, analyse: false });
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const server = await startServer({ store, config: defaultConfig, port: 0, host: '127.0.0.1' });
    try {
      const get = async (path: string) => {
        const response = await fetch(new URL(path, server.url));
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        return response.json() as Promise<Record<string, unknown>>;
      };
      const stories = ((await get('/api/stories')).stories as { id: string }[]).map((s) => s.id);
      const ids = (await store.listDocuments({ limit: 1000 })).map((d) => d.id);
      const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length]!;
      return {
        documents,
        storyCount: stories.length,
        loadSeconds: Math.round(loadSeconds * 10) / 10,
        search: await measure(requestsPerEndpoint, (i) =>
          get(`/api/search?q=${encodeURIComponent(pick(QUERIES, i))}${i % 5 === 0 ? '&from=2024-03-10' : ''}`),
        ),
        searchBrowse: await measure(requestsPerEndpoint, (i) => get(`/api/search?offset=${(i % 10) * 20}`)),
        stories: await measure(Math.min(requestsPerEndpoint, 50), () => get('/api/stories')),
        story: await measure(requestsPerEndpoint, (i) => get(`/api/stories/${pick(stories, i)}`)),
        document: await measure(requestsPerEndpoint, (i) => get(`/api/documents/${pick(ids, i)}`)),
      };
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
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
