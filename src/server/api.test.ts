// biome-ignore-all lint/suspicious/noExplicitAny: the JSON answers are checked field by field
/** The API through real HTTP on 127.0.0.1 (a random port), against the demo corpus. */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { projectRoot, tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import { ingest } from '../ingest/ingest.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { type RunningServer, startServer } from './serve.ts';

let server: RunningServer;
let store: SqliteStore;

before(async () => {
  store = new SqliteStore(join(tempDir('api'), 'demo.db'));
  await ingest([join(projectRoot, 'examples', 'demo')], { store, config: defaultConfig });
  server = await startServer({ store, config: defaultConfig, port: 0, host: '127.0.0.1', maxBodyBytes: 64 * 1024 });
});

after(async () => {
  await server.close();
  await store.close();
});

const url = (path: string) => new URL(path, server.url).toString();

async function getJson(path: string) {
  const response = await fetch(url(path));
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url(path), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('api: documents and search', () => {
  test('documents list newest first; one document comes with versions and analysis', async () => {
    const list = await getJson('/api/documents?limit=5');
    assert.equal(list.status, 200);
    assert.equal(list.body.total, await store.countDocuments());
    assert.equal(list.body.documents.length, 5);
    // Undated documents sort by their ingest time; the dated ones are newest first.
    const dates = list.body.documents.map((d: any) => d.publishedAt.value).filter(Boolean);
    assert.deepEqual(dates, [...dates].sort().reverse());

    const id = list.body.documents[0].id;
    const one = await getJson(`/api/documents/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.document.id, id);
    assert.equal(one.body.document.raw.content, undefined, 'raw input only on request');
    assert.ok(Array.isArray(one.body.versions));
    assert.ok('analysis' in one.body);
    const raw = await getJson(`/api/documents/${id.slice(0, 8)}?raw=1`);
    assert.equal(raw.body.document.id, id, 'a unique prefix is enough');
    assert.equal(typeof raw.body.document.raw.content, 'string');
    const versions = await getJson(`/api/documents/${id}/versions`);
    assert.deepEqual(versions.body, { versions: one.body.versions });
  });

  test('unknown and malformed ids, bad parameters: 404 and 400 with the JSON error shape', async () => {
    const missing = await getJson('/api/documents/ffffffffffffffff');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: { code: 'not-found', message: 'no document "ffffffffffffffff"' } });
    assert.equal((await getJson('/api/documents/not-an-id')).status, 400);
    const badLimit = await getJson('/api/search?q=ship&limit=5000');
    assert.equal(badLimit.status, 400);
    assert.equal(badLimit.body.error.code, 'bad-request');
    assert.match(badLimit.body.error.message, /"limit"/);
    assert.equal((await getJson('/api/search?from=last-week')).status, 400);
    const nowhere = await getJson('/api/nothing-here');
    assert.equal(nowhere.status, 404);
    assert.equal(nowhere.body.error.code, 'not-found');
  });

  test('search: phrase, highlights, facets, filters; FTS syntax in the query is not an error', async () => {
    const result = await getJson(`/api/search?q=${encodeURIComponent('"naval pier"')}`);
    assert.equal(result.status, 200);
    assert.ok(result.body.total >= 2);
    for (const hit of result.body.hits) {
      const marked = hit.highlights.map((h: any) => hit.snippet.slice(h.start, h.end).toLowerCase());
      const inTitle = hit.titleHighlights.length > 0;
      assert.ok(marked.includes('naval pier') || inTitle, `${hit.title}: the phrase is highlighted`);
    }
    const sources = result.body.facets.sources;
    assert.equal(
      sources.reduce((n: number, s: any) => n + s.count, 0),
      result.body.total,
    );
    const one = sources[0];
    const filtered = await getJson(`/api/search?q=${encodeURIComponent('"naval pier"')}&source=${one.id}`);
    assert.equal(filtered.body.total, one.count);
    assert.ok(filtered.body.hits.every((h: any) => h.source.id === one.id));

    const strike = await getJson('/api/search?q=strike&from=2024-03-13&to=2024-03-13');
    assert.ok(strike.body.hits.every((h: any) => h.publishedAt.value.startsWith('2024-03-13')));
    assert.ok(strike.body.total >= 1);

    // The demo is analysed on ingest: entities are a facet, and filtering by one gives exactly its count.
    const sellan = await getJson('/api/search?q=Sellan');
    const named = sellan.body.facets.entities;
    assert.ok(named.length > 0, 'entities are listed');
    const byEntity = await getJson(`/api/search?q=Sellan&entity=${encodeURIComponent(named[0].id)}`);
    assert.equal(byEntity.body.total, named[0].count);

    for (const q of ['AND', '"', 'NEAR(ship', 'ship AND OR', 'title:ship', '*']) {
      const response = await getJson(`/api/search?q=${encodeURIComponent(q)}`);
      assert.equal(response.status, 200, q);
    }
  });
});

describe('api: observations and ingest', () => {
  test('an observation is added (201), the same again is unchanged (200), a bad one is 400', async () => {
    const observation = {
      place: 'Quessa, Eastern Terminal',
      lat: -37.9,
      lon: -23.5,
      observedAt: '2024-03-13T07:00:00Z',
      description: 'Vessel alongside berth 3.',
      analyst: 'API Test',
    };
    const added = await postJson('/api/observations', observation);
    assert.equal(added.status, 201);
    assert.equal(added.body.status, 'added');
    assert.match(added.body.observation.id, /^obs-/);
    const again = await postJson('/api/observations', observation);
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'unchanged');
    const list = await getJson('/api/observations');
    assert.ok(list.body.observations.some((o: any) => o.id === added.body.observation.id));

    const bad = await postJson('/api/observations', { ...observation, lat: 123 });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /"lat" must be a number from -90 to 90/);
    assert.equal((await postJson('/api/observations', '{not json')).status, 400);
    assert.equal((await postJson('/api/observations', [observation])).status, 400);
  });

  test('pasted text is ingested through the orchestrator and is searchable at once', async () => {
    const text = 'Tugboat strike halts Quessa harbour\n15 March 2024\n\nTugboat crews in Quessa walked out at noon.';
    const result = await postJson('/api/ingest', { text, source: 'Quessa Test Radio' });
    assert.equal(result.status, 200);
    assert.equal(result.body.report.counts.added, 1);
    const item = result.body.report.items[0];
    assert.equal(item.title, 'Tugboat strike halts Quessa harbour');
    const document = await getJson(`/api/documents/${item.id}`);
    assert.equal(document.body.document.source.name, 'Quessa Test Radio');
    assert.equal(document.body.document.publishedAt.value, '2024-03-15');
    const found = await getJson('/api/search?q=tugboat');
    assert.deepEqual(
      found.body.hits.map((h: any) => h.documentId),
      [item.id],
    );
    const again = await postJson('/api/ingest', { text, source: 'Quessa Test Radio' });
    assert.equal(again.body.report.counts.unchanged, 1);
  });

  test('ingest refuses a body without url or text, with both, a non-http URL, and a path as name', async () => {
    for (const body of [{}, { url: 'https://x.example/', text: 'x' }, { url: 'file:///etc/passwd' }, { text: '  ' }]) {
      const response = await postJson('/api/ingest', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.code, 'bad-request');
    }
    assert.equal((await postJson('/api/ingest', { text: 'x', name: '../../etc/passwd' })).status, 400);
    assert.equal((await postJson('/api/ingest', { text: 42 })).status, 400);
  });

  test('a URL that cannot be fetched is a failed item naming it, not a server error', async () => {
    const result = await postJson('/api/ingest', { url: `${server.url}no-such-page` });
    assert.equal(result.status, 200);
    assert.equal(result.body.report.counts.failed, 1);
    assert.match(result.body.report.items[0].error, /no-such-page/);
  });
});

describe('api: protocol guards over HTTP', () => {
  test('405 with Allow for a known path and a wrong method', async () => {
    const response = await fetch(url('/api/documents'), { method: 'DELETE' });
    assert.equal(response.status, 405);
    assert.match(response.headers.get('allow') ?? '', /GET/);
    assert.equal(((await response.json()) as any).error.code, 'method-not-allowed');
  });

  test('415 for a form post, 403 for a cross-site one, 413 for a body over the limit', async () => {
    const form = await fetch(url('/api/observations'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'place=x',
    });
    assert.equal(form.status, 415);
    const crossSite = await postJson('/api/ingest', { text: 'x' }, { Origin: 'https://evil.example' });
    assert.equal(crossSite.status, 403);
    assert.equal(crossSite.body.error.code, 'forbidden');
    const big = await postJson('/api/ingest', { text: 'x'.repeat(70 * 1024) });
    assert.equal(big.status, 413);
    assert.equal(big.body.error.code, 'payload-too-large');
  });

  test('a chunked body over the limit is cut off with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url('/api/ingest'), { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"text": "');
      for (let i = 0; i < 80; i++) req.write('y'.repeat(1024));
      req.end('"}');
    });
    assert.equal(status, 413);
  });

  test('pages and API answers carry the security headers; the page has no inline script', async () => {
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    const html = await page.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script is a file');
    assert.doesNotMatch(html, /https?:\/\//, 'nothing loaded from elsewhere');
    const script = await fetch(url('/app.js'));
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.ok((await script.text()).length > 1000);
    const api = await fetch(url('/api/status'));
    assert.equal(api.headers.get('x-content-type-options'), 'nosniff');
    const atlas = await fetch(url('/atlas/countries-110m.json'));
    assert.equal(((await atlas.json()) as any).type, 'Topology');
  });
});

describe('api: stories', () => {
  test('stories list; one story has its documents; split and merge act and are audited', async () => {
    const list = await getJson('/api/stories');
    assert.equal(list.status, 200);
    assert.ok(list.body.stories.length >= 2, 'the demo corpus has at least two stories');
    const biggest = [...list.body.stories].sort((a: any, b: any) => b.size - a.size)[0];
    const one = await getJson(`/api/stories/${biggest.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.story.documents.length, biggest.size);
    const members = new Set(one.body.story.documents.map((d: any) => d.id));
    assert.ok(one.body.story.relations.every((r: any) => members.has(r.a) && members.has(r.b)));
    assert.ok(Array.isArray(one.body.observations));

    const brief = await getJson(`/api/stories/${biggest.id}/brief`);
    assert.equal(brief.status, 200);
    assert.equal(typeof brief.body.brief.lead, 'string');
    assert.ok(brief.body.brief.lead.length > 20);
    const facts = ['corroborated', 'singleOrigin', 'disputed', 'contradicted', 'openQuestions'].flatMap(
      (k) => brief.body.brief[k],
    );
    assert.ok(facts.length > 0, 'the biggest demo story has facts');
    for (const f of facts) assert.ok(f.sources.every((m: any) => typeof m.text === 'string'));
    assert.equal((await getJson('/api/stories/nope/brief')).status, 404);

    const moved = one.body.story.documents[0].id;
    const split = await postJson(`/api/stories/${biggest.id}/split`, { documents: [moved], analyst: 'API Test' });
    assert.equal(split.status, 200);
    assert.deepEqual(
      split.body.story.documents.map((d: any) => d.id),
      [moved],
    );
    const newId = split.body.story.id;
    assert.notEqual(newId, biggest.id);
    assert.equal(split.body.story.audit[0].analyst, 'API Test');

    const merged = await postJson('/api/stories/merge', { a: biggest.id, b: newId, analyst: 'API Test' });
    assert.equal(merged.status, 200);
    assert.ok(merged.body.story.documents.some((d: any) => d.id === moved));
    assert.equal(merged.body.story.size, biggest.size);
  });

  test("a story's documents come a page at a time, oldest first, with the relations among the page", async () => {
    const biggest = (await getJson('/api/stories?limit=500')).body.stories.sort((a: any, b: any) => b.size - a.size)[0];
    assert.ok(biggest.size >= 3, 'the biggest demo story has three documents or more');
    const whole = (await getJson(`/api/stories/${biggest.id}?limit=500`)).body.story;
    assert.equal(whole.documents.length, biggest.size);
    assert.deepEqual(whole.documentsPage, { offset: 0, limit: 500, total: biggest.size, nextOffset: null });
    const dates = whole.documents.map((d: any) => d.publishedAt.value).filter(Boolean);
    assert.deepEqual(dates, [...dates].sort(), 'oldest first');
    const counted = Object.values(whole.relationCounts as Record<string, number>).reduce((n, k) => n + k, 0);
    assert.equal(counted, whole.relations.length, 'one page holding every document: counts and relations agree');

    const first = (await getJson(`/api/stories/${biggest.id}?limit=2`)).body.story;
    assert.deepEqual(first.documentsPage, { offset: 0, limit: 2, total: biggest.size, nextOffset: 2 });
    assert.deepEqual(
      first.documents.map((d: any) => d.id),
      whole.documents.slice(0, 2).map((d: any) => d.id),
    );
    const onPage = new Set(first.documents.map((d: any) => d.id));
    assert.ok(first.relations.every((r: any) => onPage.has(r.a) && onPage.has(r.b)));
    assert.deepEqual(first.relationCounts, whole.relationCounts, 'counts are of the whole story');
    const second = (await getJson(`/api/stories/${biggest.id}?limit=2&offset=2`)).body.story;
    assert.deepEqual(
      second.documents.map((d: any) => d.id),
      whole.documents.slice(2, 4).map((d: any) => d.id),
    );
    assert.equal((await getJson(`/api/stories/${biggest.id}?limit=0`)).status, 400);
  });

  test('the stories list pages and filters, and shows the counts of each kept brief', async () => {
    const all = (await getJson('/api/stories?limit=500')).body;
    assert.equal(all.nextOffset, null);
    const first = await getJson('/api/stories?limit=1');
    assert.deepEqual(
      first.body.stories.map((s: any) => s.id),
      [all.stories[0].id],
    );
    assert.equal(first.body.nextOffset, 1);
    const second = await getJson('/api/stories?limit=1&offset=1');
    assert.equal(second.body.stories[0].id, all.stories[1].id);
    const source = all.stories.at(-1).sources[0];
    const bySource = await getJson(`/api/stories?source=${encodeURIComponent(source)}`);
    assert.ok(bySource.body.stories.length >= 1 && bySource.body.stories.length < all.stories.length);
    assert.ok(bySource.body.stories.every((s: any) => s.sources.includes(source)));
    assert.equal((await getJson('/api/stories?since=2030-01-01')).body.stories.length, 0);
    assert.equal((await getJson('/api/stories?limit=0')).status, 400);

    const biggest = [...all.stories].sort((a: any, b: any) => b.size - a.size)[0];
    await getJson(`/api/stories/${biggest.id}/brief`); // fused and kept now, if the server had not yet
    const listed = (await getJson('/api/stories?limit=500')).body.stories.find((s: any) => s.id === biggest.id);
    assert.ok(listed.counts, 'the kept brief gives the counts');
    assert.ok(listed.counts.disputed >= 1 && listed.counts.contradicted >= 1, 'the demo story is disputed');
    assert.ok(listed.counts.outlets >= 5 && listed.counts.origins >= listed.counts.outlets);
  });

  test("a story's places: located from observations or countries, each with the facts it bears on", async () => {
    const all = (await getJson('/api/stories?limit=500')).body.stories;
    const biggest = [...all].sort((a: any, b: any) => b.size - a.size)[0];
    const { status, body } = await getJson(`/api/stories/${biggest.id}/places`);
    assert.equal(status, 200);
    const orlan = body.places.find((p: any) => p.name === 'Port Orlan');
    assert.ok(orlan, 'Port Orlan is named in the story');
    assert.equal(orlan.basis, 'observation');
    assert.deepEqual([orlan.lat, orlan.lon], [-38.4127, -24.7731], 'where the analysts observed Pier 4');
    assert.ok(
      orlan.facts.some((f: any) => /Port Orlan/.test(f.statement)),
      'facts read from sentences naming it',
    );
    assert.ok(
      body.places.some((p: any) => p.lat === null),
      'invented places nobody located stay off the map',
    );
    assert.ok(body.observations.length >= 2);
    assert.ok(body.observations.some((o: any) => o.stance === 'contradicts' && o.facts.length === 1));
    assert.equal((await getJson('/api/stories/nope/places')).status, 404);
  });

  test('unknown stories are 404; bad merge and split bodies are 400', async () => {
    assert.equal((await getJson('/api/stories/nope')).status, 404);
    const [first] = (await getJson('/api/stories')).body.stories;
    assert.equal((await postJson('/api/stories/merge', { a: first.id, b: 'nope', analyst: 'x' })).status, 404);
    assert.equal((await postJson('/api/stories/merge', { a: first.id, b: first.id, analyst: 'x' })).status, 400);
    assert.equal((await postJson('/api/stories/merge', { a: first.id, b: first.id })).status, 400);
    assert.equal((await postJson(`/api/stories/${first.id}/split`, { documents: [], analyst: 'x' })).status, 400);
    const outside = await postJson(`/api/stories/${first.id}/split`, { documents: ['ffffffffffffffff'], analyst: 'x' });
    assert.equal(outside.status, 400);
    assert.equal((await fetch(url(`/api/stories/${first.id}`), { method: 'POST' })).status, 405);
  });
});

describe('api: briefs of large stories are fused in the background, never on the request', () => {
  let background: RunningServer;
  let path: string;
  before(async () => {
    path = join(tempDir('api-bg'), 'demo.db');
    const filling = new SqliteStore(path);
    await ingest([join(projectRoot, 'examples', 'demo')], { store: filling, config: defaultConfig });
    await filling.close();
    background = await startServer({
      store: new SqliteStore(path),
      db: path, // the refresher opens its own connection in a worker thread
      config: defaultConfig,
      port: 0,
      host: '127.0.0.1',
      inlineFusionUpTo: 0, // every story counts as large here
    });
  });
  after(async () => {
    await background.close();
  });

  test('the brief is pending (or stale) until the worker has fused it, then current', async () => {
    const get = async (p: string) => (await fetch(new URL(p, background.url))).json() as Promise<any>;
    const [story] = (await get('/api/stories?limit=1')).stories;
    let answer = await get(`/api/stories/${story.id}/brief`);
    assert.ok(['pending', 'current'].includes(answer.state), answer.state);
    assert.equal(answer.brief === null, answer.state === 'pending');
    for (let i = 0; i < 200 && answer.state !== 'current'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await get(`/api/stories/${story.id}/brief`);
    }
    assert.equal(answer.state, 'current', 'fused by the background refresher (the request path never fuses here)');
    assert.ok(answer.brief.lead.length > 20);
    assert.match(answer.computedAt, /^\d{4}-\d{2}-\d{2}T/);
    const places = await get(`/api/stories/${story.id}/places`);
    assert.equal(places.briefState, 'current');
  });

  test('a worker that cannot open the store gives way to refreshing in the server thread', async () => {
    const store = new SqliteStore(path);
    const server = await startServer({
      store,
      db: join(path, 'not-a-directory', 'x.db'), // the worker fails to open this
      config: defaultConfig,
      port: 0,
      host: '127.0.0.1',
      inlineFusionUpTo: 0,
    });
    try {
      // A story without a kept brief: the one a split makes.
      const [story] = (await store.listStories()).sort((a, b) => b.docIds.length - a.docIds.length);
      await fetch(new URL(`/api/stories/${story!.id}/split`, server.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ documents: [story!.docIds[0]], analyst: 'API Test' }),
      });
      const moved = (await store.listStories()).find((s) => s.docIds.length === 1 && s.docIds[0] === story!.docIds[0]);
      let answer: any;
      for (let i = 0; i < 200 && answer?.state !== 'current'; i++) {
        if (i) await new Promise((resolve) => setTimeout(resolve, 100));
        answer = await (await fetch(new URL(`/api/stories/${moved!.id}/brief`, server.url))).json();
      }
      assert.equal(answer.state, 'current');
    } finally {
      await server.close();
      await store.close();
    }
  });
});
