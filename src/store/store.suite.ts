/**
 * The one test suite every `Store` implementation passes (SQLite now, PostgreSQL later): call `storeSuite` with a
 * factory that returns a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyOverride, assignStories, clusterInputOf, prepareDocuments } from '../cluster/assign.ts';
import { StoryClusterer } from '../cluster/stories.ts';
import type { Document, Observation } from '../model.ts';
import { ClusterStateChanged, type Store, type StoryQuery, updateClusterState } from './store.ts';

export function sampleDocument(overrides: Partial<Document> = {}): Document {
  const text = overrides.text ?? 'A convoy crossed the bridge at dawn.\n\nOfficials denied it.';
  return {
    id: 'a1b2c3d4e5f60718',
    url: 'https://news.example/convoy',
    source: { id: 'news.example', name: 'News Example', kind: 'outlet', url: 'https://news.example' },
    title: 'Convoy crosses bridge',
    byline: 'Ana Writer',
    publishedAt: { value: '2024-03-12T09:15', precision: 'minute', origin: 'stated', evidence: '12 March 2024, 09:15' },
    language: 'en',
    text,
    paragraphs: [
      { start: 0, end: 36 },
      { start: 38, end: 58 },
    ],
    removed: [{ text: 'Follow us on Mastodon', reason: 'social-prompt', rule: 'pattern:follow-us' }],
    raw: { location: 'convoy.txt', format: 'text', mediaType: null, content: `Convoy crosses bridge\n\n${text}` },
    ingestedAt: '2024-03-13T10:00:00.000Z',
    ...overrides,
  };
}

/** A second report about another event (a bakers' strike), with the fields the tests vary. */
function strikeDocument(overrides: Partial<Document> = {}): Document {
  return sampleDocument({
    id: '0000000000000003',
    url: null,
    title: 'Bakers strike over flour prices',
    text: 'Bakers in Lisbon stopped work over the price of flour.',
    ...overrides,
  });
}

export function storeSuite(name: string, open: () => Promise<Store>): void {
  describe(`store: ${name}`, () => {
    test('a document round-trips whole, and storing it again is "unchanged"', async () => {
      const store = await open();
      try {
        const doc = sampleDocument();
        assert.deepEqual(await store.putDocument(doc), { status: 'added', id: doc.id, version: 1 });
        assert.deepEqual(await store.getDocument(doc.id), doc);
        assert.deepEqual(await store.putDocument(doc), { status: 'unchanged', id: doc.id });
        assert.equal(await store.countDocuments(), 1);
        assert.equal(await store.findByRaw('convoy.txt', (await import('../hash.ts')).sha256(doc.raw.content)), doc.id);
        assert.deepEqual(await store.documentIdsWithPrefix('a1b2', 5), [doc.id]);
        assert.equal(await store.getDocument('ffffffffffffffff'), null);
      } finally {
        await store.close();
      }
    });

    test('changed content at the same URL is kept as a new version beside the old one', async () => {
      const store = await open();
      try {
        const first = sampleDocument();
        const second = sampleDocument({ id: 'ffff0000ffff0000', text: 'A convoy crossed the bridge at dusk.' });
        await store.putDocument(first);
        assert.deepEqual(await store.putDocument(second), {
          status: 'new-version',
          id: second.id,
          version: 2,
          previousId: first.id,
        });
        const versions = await store.versionsOf(first.url!);
        assert.deepEqual(
          versions.map((v) => [v.version, v.documentId]),
          [
            [1, first.id],
            [2, second.id],
          ],
        );
        assert.ok(await store.getDocument(first.id), 'the first version is still there');
      } finally {
        await store.close();
      }
    });

    test('documents list newest first and filter by source and date', async () => {
      const store = await open();
      try {
        await store.putDocument(sampleDocument());
        await store.putDocument(
          sampleDocument({
            id: '0000000000000001',
            url: null,
            source: { id: 'other.example', name: 'Other', kind: 'outlet', url: null },
            publishedAt: { value: '2024-03-14', precision: 'day', origin: 'metadata' },
          }),
        );
        const all = await store.listDocuments();
        assert.deepEqual(
          all.map((d) => d.id),
          ['0000000000000001', 'a1b2c3d4e5f60718'],
        );
        assert.equal(all[1]!.source.name, 'News Example');
        assert.deepEqual(
          (await store.listDocuments({ sourceId: 'news.example' })).map((d) => d.id),
          ['a1b2c3d4e5f60718'],
        );
        assert.deepEqual(
          (await store.listDocuments({ since: '2024-03-13' })).map((d) => d.id),
          ['0000000000000001'],
        );
        const lines = await store.paragraphsBySource('news.example');
        assert.ok(lines[0]!.lines.includes('Follow us on Mastodon'), 'removed lines count for recurring-line learning');
      } finally {
        await store.close();
      }
    });

    test('analyses, observations and fetch state are kept', async () => {
      const store = await open();
      try {
        const doc = sampleDocument();
        await store.putDocument(doc);
        const analysis = { sentences: [{ start: 0, end: 36 }], entities: [], dates: [], quantities: [], claims: [] };
        await store.putAnalysis(doc.id, analysis);
        assert.deepEqual(await store.getAnalysis(doc.id), analysis);
        const observation: Observation = {
          id: 'obs-1',
          place: 'North bridge',
          observedAt: '2024-03-12T06:00:00Z',
          description: 'Six trucks on the bridge',
          analyst: 'kim',
          createdAt: '2024-03-12T07:00:00Z',
        };
        assert.equal((await store.putObservation(observation)).status, 'added');
        assert.equal((await store.putObservation(observation)).status, 'unchanged');
        assert.deepEqual(await store.listObservations(), [observation]);
        await store.putFetchState({
          url: 'https://x.example/feed',
          etag: '"v1"',
          lastModified: null,
          fetchedAt: 'now',
        });
        await store.putFetchState({
          url: 'https://x.example/feed',
          etag: '"v2"',
          lastModified: null,
          fetchedAt: 'later',
        });
        assert.equal((await store.getFetchState('https://x.example/feed'))?.etag, '"v2"');
      } finally {
        await store.close();
      }
    });

    test('clustering state, stories and the audit log round-trip', async () => {
      const store = await open();
      try {
        const docs = [
          sampleDocument(),
          sampleDocument({
            id: '0000000000000002',
            url: 'https://other.example/bridge',
            source: { id: 'other.example', name: 'Other', kind: 'outlet', url: null },
            title: 'Trucks cross the bridge at dawn',
            publishedAt: { value: '2024-03-12T11:00', precision: 'minute', origin: 'stated' },
          }),
          strikeDocument({ publishedAt: { value: null, precision: null, origin: 'unknown' } }),
        ];
        for (const doc of docs) await store.putDocument(doc);
        assert.equal(await store.loadClusterSnapshot(), null);
        assert.equal(await store.clusterRevision(), 0);
        assert.deepEqual(await store.unclusteredDocumentIds(), [
          'a1b2c3d4e5f60718',
          '0000000000000002',
          '0000000000000003',
        ]);
        const first = assignStories(null, [clusterInputOf(docs[0]!, null), clusterInputOf(docs[1]!, null)]);
        await store.saveClusterSnapshot(first.snapshot, first.stories, first.changed);
        assert.deepEqual(await store.unclusteredDocumentIds(), ['0000000000000003']);
        assert.deepEqual(
          await store.unclusteredDocumentIds(['0000000000000003', 'a1b2c3d4e5f60718', 'not-stored']),
          ['0000000000000003'],
          'among given ids: only those stored and unplaced',
        );
        assert.equal(await store.clusterRevision(), 1, 'every save bumps the revision');
        const loaded = await store.loadClusterSnapshot();
        // A pass's plan carries only the changed document frequencies; the clusterer's own snapshot has them all.
        assert.deepEqual(loaded, JSON.parse(JSON.stringify(first.clusterer.snapshot())));
        const second = assignStories(loaded, [clusterInputOf(docs[2]!, null)]);
        await store.saveClusterSnapshot(second.snapshot, second.stories, second.changed);
        assert.deepEqual(await store.loadClusterSnapshot(), JSON.parse(JSON.stringify(second.clusterer.snapshot())));
        assert.deepEqual(await store.unclusteredDocumentIds(), []);

        const stories = await store.listStories();
        assert.deepEqual(new Set(stories.map((s) => s.id)), new Set(second.stories.map((s) => s.id)));
        for (const story of second.stories) assert.deepEqual(await store.getStory(story.id), story);
        assert.equal(await store.getStory('no-such-story'), null);
        assert.deepEqual(await store.listStories({ limit: 1 }), stories.slice(0, 1));
        assert.ok((await store.listStories({ since: '2024-03-12T10:00' })).length <= stories.length);
        // A full save (no `changed` set) replaces every row.
        await store.saveClusterSnapshot(second.clusterer.snapshot(), second.stories);
        assert.deepEqual(await store.loadClusterSnapshot(), JSON.parse(JSON.stringify(second.clusterer.snapshot())));
        assert.equal(await store.clusterRevision(), 3);

        const storyId = stories[0]!.id;
        const merge = await store.addAuditEntry({
          at: '2024-03-14T08:00:00Z',
          analyst: 'ana',
          action: 'merge',
          storyId,
          detail: { from: ['s9'], note: 'same convoy' },
        });
        await store.addAuditEntry({
          at: '2024-03-14T09:00:00Z',
          analyst: 'kim',
          action: 'recluster',
          storyId: null,
          detail: {},
        });
        assert.deepEqual(await store.listAudit(storyId), [merge]);
        assert.deepEqual(
          (await store.listAudit()).map((e) => e.analyst),
          ['ana', 'kim'],
        );
      } finally {
        await store.close();
      }
    });

    test('a clustering save read at an older revision is refused whole, and the pass runs again on the new state', async () => {
      const store = await open();
      try {
        const bridge = sampleDocument();
        const strike = strikeDocument();
        const ferry = sampleDocument({
          id: '0000000000000004',
          url: null,
          title: 'Ferry delayed by fog',
          text: 'The morning ferry to the islands waited two hours for the fog to lift.',
        });
        for (const doc of [bridge, strike, ferry]) await store.putDocument(doc);
        const first = assignStories(null, [clusterInputOf(bridge, null), clusterInputOf(strike, null)]);
        await store.saveClusterSnapshot(first.snapshot, first.stories, first.changed, { expectRevision: 0 });
        const [a, b] = first.stories.map((story) => story.id) as [string, string];
        assert.ok(a && b && a !== b, 'two stories to merge');

        const revisionsSeen: number[] = [];
        await updateClusterState(store, async (revision) => {
          revisionsSeen.push(revision);
          const plan = assignStories(await store.loadClusterSnapshot(), [clusterInputOf(ferry, null)]);
          if (revisionsSeen.length === 1) {
            // An analyst merges the two stories while this pass runs, and saves first.
            const merge = applyOverride((await store.loadClusterSnapshot())!, { action: 'merge', a, b });
            await store.saveClusterSnapshot(merge.snapshot, merge.stories, merge.changed, { expectRevision: 1 });
            await assert.rejects(
              store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed, { expectRevision: revision }),
              ClusterStateChanged,
            );
            assert.deepEqual(await store.unclusteredDocumentIds(), [ferry.id], 'the refused save wrote nothing');
            assert.equal(await store.clusterRevision(), 2);
          }
          await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed, { expectRevision: revision });
        });
        assert.deepEqual(revisionsSeen, [1, 2]);
        assert.deepEqual(await store.unclusteredDocumentIds(), []);
        const merged = (await store.listStories()).find((story) => story.docIds.includes(bridge.id))!;
        assert.ok(merged.docIds.includes(strike.id), "the analyst's merge survives the pass");
        assert.equal(await store.clusterRevision(), 3);
      } finally {
        await store.close();
      }
    });

    test('stories filter by dates, source and entity and page by offset; briefs are kept per story', async () => {
      const store = await open();
      try {
        const bridge = sampleDocument();
        const strike = strikeDocument({
          source: { id: 'other.example', name: 'Other', kind: 'outlet', url: null },
          publishedAt: { value: '2024-04-02', precision: 'day', origin: 'stated' },
        });
        for (const doc of [bridge, strike]) await store.putDocument(doc);
        const lisbon = { id: 'place:lisbon', name: 'Lisbon', type: 'place' as const, aliases: [], roles: [] };
        await store.putAnalysis(strike.id, {
          sentences: [],
          entities: [{ ...lisbon, mentions: [{ start: 10, end: 16, text: 'Lisbon' }] }],
          dates: [],
          quantities: [],
          claims: [],
        });
        const plan = assignStories(null, [clusterInputOf(bridge, null), clusterInputOf(strike, null)]);
        await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed);
        const storyOf = (doc: string) => plan.stories.find((s) => s.docIds.includes(doc))!.id;
        const ids = async (query: StoryQuery) => (await store.listStories(query)).map((s) => s.id);
        assert.equal(plan.stories.length, 2);
        assert.deepEqual(await ids({}), [storyOf(strike.id), storyOf(bridge.id)], 'newest activity first');
        assert.deepEqual(await ids({ limit: 1, offset: 1 }), [storyOf(bridge.id)]);
        assert.deepEqual(await ids({ since: '2024-04-01' }), [storyOf(strike.id)]);
        assert.deepEqual(await ids({ until: '2024-03-12' }), [storyOf(bridge.id)]);
        assert.deepEqual(await ids({ sourceId: 'other.example' }), [storyOf(strike.id)]);
        assert.deepEqual(await ids({ entityId: 'place:lisbon' }), [storyOf(strike.id)]);
        assert.deepEqual(await ids({ entityId: 'place:porto' }), []);
        assert.deepEqual(
          (await store.listDocuments({ ids: [strike.id, 'ffffffffffffffff'] })).map((d) => d.id),
          [strike.id],
        );

        const summary = {
          origins: 2,
          outlets: 1,
          corroborated: 1,
          singleOrigin: 0,
          disputed: 1,
          contradicted: 0,
          openQuestions: 0,
        };
        const kept = {
          storyId: storyOf(strike.id),
          signature: 'v1',
          brief: { lead: 'Bakers struck.' },
          summary,
          computedAt: 'now',
        };
        assert.equal(await store.getStoryBrief(kept.storyId), null);
        await store.putStoryBrief(kept);
        await store.putStoryBrief({ ...kept, signature: 'v2' });
        assert.deepEqual(await store.getStoryBrief(kept.storyId), { ...kept, signature: 'v2' });
        assert.deepEqual(
          await store.storyBriefSummaries([kept.storyId, storyOf(bridge.id)]),
          new Map([[kept.storyId, { signature: 'v2', summary }]]),
        );
      } finally {
        await store.close();
      }
    });

    test('the clustering window: idle stories are archived, found again by their bands, and only changes written', async () => {
      const store = await open();
      try {
        const at = (value: string) => ({ value, precision: 'day' as const, origin: 'stated' as const });
        const old = sampleDocument({
          id: '00000000000000a1',
          text: 'The harbour council of Port Elin approved a new ferry pier after a two-year dispute with fishermen.',
          publishedAt: at('2024-01-02'),
        });
        const recent = sampleDocument({
          id: '00000000000000b2',
          text: 'A freight train derailed near Vasko junction on Monday, closing the northern line for two days.',
          publishedAt: at('2024-03-01'),
        });
        const copy = sampleDocument({ id: '00000000000000c3', text: old.text, publishedAt: at('2024-03-02') });
        for (const doc of [old, recent, copy]) await store.putDocument(doc);
        const first = assignStories(null, [clusterInputOf(old, null), clusterInputOf(recent, null)], null, {
          clusterer: new StoryClusterer({ windowDays: 7 }),
        });
        await store.saveClusterSnapshot(first.snapshot, first.stories, first.changed);
        // The old story left the window: the next pass loads only the recent one; a rebuild loads both.
        const window = await store.loadClusterSnapshot();
        assert.deepEqual(
          window?.docs.map((d) => d.fingerprint.id),
          [recent.id],
        );
        assert.equal((await store.loadClusterSnapshot({ all: true }))?.docs.length, 2);
        const oldStory = first.changed.evicted.find((e) => e.id === old.id)?.row?.storyId;
        assert.ok(oldStory);
        assert.deepEqual((await store.getStory(oldStory))?.docIds, [old.id]);
        // A copy of the old report: its bands find the archived story, which comes back and takes it in.
        const prepared = prepareDocuments([clusterInputOf(copy, null)]);
        const archived = await store.loadArchivedStories(prepared.bands, prepared.exact);
        assert.deepEqual(
          archived.docs.map((d) => d.fingerprint.id),
          [old.id],
        );
        const second = assignStories(window, prepared, archived);
        await store.saveClusterSnapshot(second.snapshot, second.stories, second.changed);
        assert.deepEqual((await store.getStory(oldStory))?.docIds, [old.id, copy.id]);
        assert.deepEqual((await store.getStory(window!.docs[0]!.storyId))?.docIds, [recent.id]);
        assert.deepEqual(await store.unclusteredDocumentIds(), []);
      } finally {
        await store.close();
      }
    });
  });
}
