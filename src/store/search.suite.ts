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

    test('an empty query lists documents newest first, paged', async () => {
      const store = await open();
      try {
        await fill(store);
        const all = await store.search({ text: '  ' });
        assert.equal(all.total, 3);
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
