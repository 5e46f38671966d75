/**
 * Full-text search, part of the shared store suite: every `Store` implementation passes it (`searchSuite(name, open)`
 * beside `storeSuite`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sampleDocument } from './store.suite.ts';
import type { Store } from './store.ts';

async function fill(store: Store) {
  await store.putDocument(
    sampleDocument({
      id: '1000000000000001',
      url: 'https://meridian.example/ship',
      source: { id: 'meridian.example', name: 'Meridian Wire', kind: 'outlet', url: null },
      title: 'Sellan Trader spotted at naval pier',
      text: 'Satellite images show the cargo ship Sellan Trader at Pier 4 in Port Orlan.\n\nThe ship switched off its transponder.',
      publishedAt: { value: '2024-03-11T16:20', precision: 'minute', origin: 'stated' },
    }),
  );
  await store.putDocument(
    sampleDocument({
      id: '1000000000000002',
      url: 'https://herald.example/accuses',
      source: { id: 'herald.example', name: 'Kaldor Herald', kind: 'outlet', url: null },
      title: 'Kaldoria accuses Dravenia',
      text: 'The Foreign Ministry said the Sellan Trader took on drones. Officials in Orlan denied it at a café.',
      publishedAt: { value: '2024-03-12', precision: 'day', origin: 'stated' },
    }),
  );
  await store.putDocument(
    sampleDocument({
      id: '1000000000000003',
      url: 'https://gazette.example/strike',
      source: { id: 'gazette.example', name: 'Valmont Gazette', kind: 'outlet', url: null },
      title: 'Rail strike enters second day',
      text: 'Freight trains stood still across Kaldoria as the strike went on.',
      publishedAt: { value: null, precision: null, origin: 'unknown' },
    }),
  );
}

export function searchSuite(name: string, open: () => Promise<Store>): void {
  describe(`store search: ${name}`, () => {
    test('finds documents by words and phrases, best first, with highlighted plain-text snippets', async () => {
      const store = await open();
      try {
        await fill(store);
        const result = await store.search({ text: 'Sellan Trader' });
        assert.equal(result.total, 2);
        // The title match weighs more than a match in the text alone.
        assert.deepEqual(
          result.hits.map((h) => h.documentId),
          ['1000000000000001', '1000000000000002'],
        );
        const hit = result.hits[0]!;
        assert.equal(hit.source.name, 'Meridian Wire');
        assert.equal(hit.publishedAt.value, '2024-03-11T16:20');
        assert.ok(hit.score > result.hits[1]!.score);
        assert.deepEqual(
          hit.highlights.map((h) => hit.snippet.slice(h.start, h.end)),
          ['Sellan', 'Trader'],
        );
        assert.deepEqual(
          hit.titleHighlights.map((h) => hit.title.slice(h.start, h.end)),
          ['Sellan', 'Trader'],
        );
        assert.doesNotMatch(hit.snippet, /[\uE000\uE001<]/);
        // A phrase must match in order; the words alone match both documents' texts.
        assert.equal((await store.search({ text: '"trader sellan"' })).total, 0);
        assert.equal((await store.search({ text: 'rail' })).hits[0]?.documentId, '1000000000000003');
        assert.equal((await store.search({ text: 'submarine' })).total, 0);
      } finally {
        await store.close();
      }
    });

    test('diacritics are ignored both ways, and FTS syntax in the query is never an error', async () => {
      const store = await open();
      try {
        await fill(store);
        assert.equal((await store.search({ text: 'cafe' })).total, 1);
        assert.equal((await store.search({ text: 'cafè' })).total, 1);
        for (const text of ['AND', '"', 'drones AND', 'NOT', 'title:ship', 'NEAR(', '*', 'OR OR']) {
          await assert.doesNotReject(store.search({ text }), text);
        }
        assert.equal((await store.search({ text: 'drones OR freight' })).total, 2);
        assert.equal((await store.search({ text: 'Kaldor*' })).total, 2);
      } finally {
        await store.close();
      }
    });

    test('filters by source and publication range, with facets that leave their own filter out', async () => {
      const store = await open();
      try {
        await fill(store);
        const bySource = await store.search({ text: 'Sellan', sourceId: 'herald.example' });
        assert.deepEqual(
          bySource.hits.map((h) => h.documentId),
          ['1000000000000002'],
        );
        assert.deepEqual(bySource.facets.sources, [
          { id: 'herald.example', name: 'Kaldor Herald', count: 1 },
          { id: 'meridian.example', name: 'Meridian Wire', count: 1 },
        ]);
        const day = await store.search({ text: 'Sellan', from: '2024-03-11', to: '2024-03-11' });
        assert.deepEqual(
          day.hits.map((h) => h.documentId),
          ['1000000000000001'],
        );
        assert.deepEqual(day.facets.days, [
          { date: '2024-03-11', count: 1 },
          { date: '2024-03-12', count: 1 },
        ]);
        assert.equal((await store.search({ text: '', from: '2024-03-12' })).total, 1, 'undated documents drop out');
      } finally {
        await store.close();
      }
    });

    test('entities named by the analyses are a facet and a filter', async () => {
      const store = await open();
      try {
        await fill(store);
        const entity = (id: string, name: string, type: 'place' | 'organisation', mentions: number) => ({
          id,
          name,
          type,
          aliases: [],
          roles: [],
          mentions: Array.from({ length: mentions }, () => ({ start: 0, end: 1, text: 'x' })),
        });
        const analysis = (entities: ReturnType<typeof entity>[]) => ({
          sentences: [],
          entities,
          dates: [],
          quantities: [],
          claims: [],
        });
        await store.putAnalysis(
          '1000000000000001',
          analysis([entity('place:port-orlan', 'Port Orlan', 'place', 2), entity('org:x', 'X', 'organisation', 1)]),
        );
        await store.putAnalysis('1000000000000002', analysis([entity('place:port-orlan', 'Port Orlan', 'place', 1)]));
        // Analysing again replaces the document's entities rather than adding to them.
        await store.putAnalysis('1000000000000002', analysis([entity('place:port-orlan', 'Port Orlan', 'place', 1)]));
        const all = await store.search({ text: '' });
        assert.deepEqual(all.facets.entities, [
          { id: 'place:port-orlan', name: 'Port Orlan', type: 'place', count: 2 },
          { id: 'org:x', name: 'X', type: 'organisation', count: 1 },
        ]);
        const filtered = await store.search({ text: 'Sellan', entityId: 'org:x' });
        assert.deepEqual(
          filtered.hits.map((h) => h.documentId),
          ['1000000000000001'],
        );
        assert.equal(filtered.facets.entities.length, 2, 'the entity facet ignores its own filter');
        assert.equal((await store.search({ text: 'rail', entityId: 'place:port-orlan' })).total, 0);
      } finally {
        await store.close();
      }
    });

    test('a broad query may count its entity facet on a sample, scaled and said so', async () => {
      const store = await open();
      try {
        const entity = (id: string, name: string) => ({
          id,
          name,
          type: 'place' as const,
          aliases: [],
          roles: [],
          mentions: [{ start: 0, end: 1, text: 'x' }],
        });
        for (let i = 0; i < 60; i++) {
          const id = `2${String(i).padStart(15, '0')}`;
          await store.putDocument(
            sampleDocument({ id, url: null, title: `Convoy report ${i}`, text: `A convoy passed checkpoint ${i}.` }),
          );
          // Port Orlan in every document, Veska in one in four.
          const entities = [
            entity('place:port-orlan', 'Port Orlan'),
            ...(i % 4 ? [] : [entity('place:veska', 'Veska')]),
          ];
          await store.putAnalysis(id, { sentences: [], entities, dates: [], quantities: [], claims: [] });
        }
        const exact = await store.search({ text: 'convoy', entitySample: 100 });
        assert.equal(exact.facets.entitiesSample, undefined);
        assert.deepEqual(
          exact.facets.entities.map((e) => [e.id, e.count]),
          [
            ['place:port-orlan', 60],
            ['place:veska', 15],
          ],
        );
        const broad = await store.search({ text: 'convoy', entitySample: 20 });
        assert.equal(broad.total, 60, 'the total stays exact');
        assert.deepEqual(broad.facets.sources, exact.facets.sources, 'sources stay exact');
        assert.equal(broad.totalIsLowerBound, false);
        const step = broad.facets.entitiesSample?.step ?? 1;
        assert.equal(step, 3, 'beyond entitySample matches, about one in three is read');
        const [orlan, veska] = broad.facets.entities;
        assert.equal(orlan?.id, 'place:port-orlan');
        assert.ok(orlan.count % step === 0 && orlan.count >= 30 && orlan.count <= 90, `estimate ${orlan.count}`);
        if (veska) assert.ok(veska.count % step === 0 && veska.count < orlan.count);
      } finally {
        await store.close();
      }
    });

    test('a query matching more than the window weighs the most recently stored matches, and says so', async () => {
      const store = await open();
      try {
        for (let i = 0; i < 30; i++) {
          // Older reports first; the first ten say "convoy" twice in the title (they would rank first among all).
          const title = i < 10 ? `Convoy convoy sighted ${i}` : `Convoy report ${i}`;
          await store.putDocument(
            sampleDocument({
              id: `3${String(i).padStart(15, '0')}`,
              url: null,
              title,
              text: `A convoy passed checkpoint ${i}.`,
              source: {
                id: i % 2 ? 'odd.example' : 'even.example',
                name: `Source ${i % 2}`,
                kind: 'outlet',
                url: null,
              },
              ingestedAt: new Date(Date.UTC(2024, 2, 13, 10, 0, i)).toISOString(),
            }),
          );
        }
        const all = await store.search({ text: 'convoy', window: 100, limit: 50 });
        assert.equal(all.total, 30);
        assert.equal(all.totalIsLowerBound, false);
        assert.equal(all.window, 100);
        assert.ok(
          all.hits.slice(0, 10).every((h) => h.title.startsWith('Convoy convoy')),
          'all weighed: best first',
        );
        const bounded = await store.search({ text: 'convoy', window: 12, limit: 50 });
        assert.equal(bounded.total, 12, 'the window, as a lower bound');
        assert.equal(bounded.totalIsLowerBound, true);
        const weighed = bounded.hits.map((h) => Number(h.documentId.slice(1)));
        assert.deepEqual(
          [...weighed].sort((a, b) => a - b),
          Array.from({ length: 12 }, (_, k) => 18 + k),
          'the twelve stored last',
        );
        assert.equal(
          bounded.facets.sources.reduce((n, s) => n + s.count, 0),
          12,
          'facets count the weighed matches',
        );
        assert.deepEqual((await store.search({ text: 'convoy', window: 12, offset: 12 })).hits, []);
        const listed = await store.search({ text: '', window: 5 });
        assert.equal(listed.total, 5);
        assert.equal(listed.totalIsLowerBound, true);
      } finally {
        await store.close();
      }
    });

    test('an empty query lists documents newest first, paged', async () => {
      const store = await open();
      try {
        await fill(store);
        const all = await store.search({ text: '  ' });
        assert.equal(all.total, 3);
        assert.equal(all.totalIsLowerBound, false);
        assert.equal(all.hits[0]!.score, 0);
        const page = await store.search({ text: '', limit: 1, offset: 1 });
        assert.equal(page.total, 3);
        assert.equal(page.hits.length, 1);
        assert.equal(page.hits[0]!.documentId, all.hits[1]!.documentId);
        assert.deepEqual(page.hits[0]!.highlights, []);
      } finally {
        await store.close();
      }
    });
  });
}
