import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamReports, syntheticReports } from '../../bench/clustering.ts';
import { noShared } from '../../test/support.ts';
import { matchedArchive, prepareDocuments } from './assign.ts';
import { ANOTHER_STORM, lightlyEdited, STORM_FOLLOW_UP, seeds, UNRELATED, UNRELATED_TOO } from './fixtures.test.ts';
import { type ClusterSnapshot, DISK_BANDS, StoryClusterer } from './stories.ts';

function seeded(): StoryClusterer {
  const [original, rewrite] = seeds();
  const c = new StoryClusterer();
  c.add({ id: 'original', text: original, sourceId: 'kyivindependent.com', publishedAt: '2022-11-05T13:33' });
  c.add({ id: 'council', text: UNRELATED, sourceId: 'local-paper', publishedAt: '2022-11-05T15:00' });
  c.add({ id: 'rewrite', text: rewrite, sourceId: 'translated.example', publishedAt: '2022-11-05T18:00' });
  c.add({ id: 'storm', text: UNRELATED_TOO, sourceId: 'coast-radio', publishedAt: '2022-11-06T08:00' });
  return c;
}

test('the seeds land in one story, tied by the rewrite relation; unrelated reports are other stories', {
  skip: noShared,
}, () => {
  const c = seeded();
  const story = c.storyOf('original')!;
  assert.equal(c.storyOf('rewrite'), story);
  assert.notEqual(c.storyOf('council'), story);
  assert.notEqual(c.storyOf('storm'), story);
  assert.notEqual(c.storyOf('storm'), c.storyOf('council'));
  const why = c.why(story, 'rewrite')!;
  assert.equal(why.reason, 'relation');
  assert.deepEqual(why.relation && { type: why.relation.type, with: why.relation.with }, {
    type: 'rewrite',
    with: 'original',
  });
  assert.ok(why.sharedAnchors.includes('n:north korea'), `shared anchors: ${why.sharedAnchors.join(', ')}`);
  assert.equal(c.why(c.storyOf('council')!, 'rewrite'), null, 'no explanation for a story the document is not in');
  // Who copied whom: the rewrite of the original, which came first by publication date.
  const copies = c.storyRelations(story);
  assert.deepEqual(
    copies.map((r) => [r.type, r.a, r.b, r.precedence?.earlier]),
    [['rewrite', 'rewrite', 'original', 'original']],
  );
  assert.deepEqual(c.storyRelations(c.storyOf('council')!), []);
  // The same holds after reclustering with the final statistics.
  c.recluster();
  assert.equal(c.storyOf('rewrite'), c.storyOf('original'));
  assert.notEqual(c.storyOf('council'), c.storyOf('original'));
  const view = c.story(c.storyOf('original')!)!;
  assert.deepEqual(view.docIds, ['original', 'rewrite']);
  assert.deepEqual(view.sources, ['kyivindependent.com', 'translated.example']);
  assert.equal(view.firstSeen, '2022-11-05T13:33');
  assert.equal(view.lastSeen, '2022-11-05T18:00');
  assert.ok(['original', 'rewrite'].includes(view.titleDocId));
  assert.match(view.title, /North Korea/);
});

test('a lightly edited copy joins the story as a near-duplicate', { skip: noShared }, () => {
  const c = seeded();
  const [original] = seeds();
  const m = c.add({
    id: 'copy',
    text: lightlyEdited(original),
    sourceId: 'aggregator',
    publishedAt: '2022-11-05T20:00',
  });
  assert.equal(m.storyId, c.storyOf('original'));
  assert.equal(m.relation?.type, 'near-duplicate');
  assert.equal(m.relation?.with, 'original');
  const copies = c.relations('copy');
  assert.ok(
    copies.some((r) => r.type === 'near-duplicate' && r.b === 'original' && r.precedence?.earlier === 'original'),
  );
});

test('an independent report of the same event joins it; a like event two years later is another story', () => {
  const c = new StoryClusterer();
  c.add({ id: 'storm', text: UNRELATED_TOO, publishedAt: '2022-11-06T08:00' });
  c.add({ id: 'council', text: UNRELATED, publishedAt: '2022-11-06T09:00' });
  const next = c.add({ id: 'follow-up', text: STORM_FOLLOW_UP, publishedAt: '2022-11-07T08:00' });
  assert.equal(next.storyId, c.storyOf('storm'));
  assert.equal(next.reason, 'similarity');
  assert.ok(next.sharedAnchors.includes('n:kellan bay'), next.sharedAnchors.join(', '));
  const sameStory = c.relation('storm', 'follow-up');
  assert.equal(sameStory?.type, 'same-story');
  assert.equal(sameStory?.a, 'follow-up');
  assert.ok(sameStory.evidence.sharedAnchors?.includes('n:ravel'));
  assert.ok(Math.abs((sameStory.evidence.daysApart ?? 0) - 1) < 1e-9);
  assert.deepEqual(sameStory.precedence, { earlier: 'storm', later: 'follow-up', basis: 'published-at' });
  assert.equal(c.relation('storm', 'council'), null);
  const later = c.add({ id: 'years-later', text: ANOTHER_STORM, publishedAt: '2024-10-03T08:00' });
  assert.notEqual(later.storyId, c.storyOf('storm'));
  assert.equal(later.reason, 'new-story');
  assert.equal(later.closestStory?.storyId, c.storyOf('storm'), 'the like story was the closest, but too far in time');
  c.recluster();
  assert.equal(c.storyOf('follow-up'), c.storyOf('storm'));
  assert.notEqual(c.storyOf('years-later'), c.storyOf('storm'));
  // Undated, the same text is close enough to join: it is the time gap that keeps it apart.
  const undated = new StoryClusterer();
  undated.add({ id: 'storm', text: UNRELATED_TOO });
  undated.add({ id: 'council', text: UNRELATED });
  assert.equal(undated.add({ id: 'years-later', text: ANOTHER_STORM }).storyId, undated.storyOf('storm'));
});

test('analyst merge and split hold when reclustering and for later documents', { skip: noShared }, () => {
  const c = seeded();
  const seedsStory = c.storyOf('original')!;
  // Split the rewrite off its original: reclustering must not put them back together despite the relation.
  const splitOff = c.split(seedsStory, ['rewrite']);
  assert.equal(c.storyOf('rewrite'), splitOff);
  assert.deepEqual(c.constraintList.at(-1), { kind: 'cannot-link', a: ['rewrite'], b: ['original'] });
  // Merge two unrelated stories: they stay merged.
  const merged = c.merge(c.storyOf('council')!, c.storyOf('storm')!);
  assert.equal(c.storyOf('storm'), merged);
  assert.equal(c.why(merged, 'storm')?.decidedBy, 'analyst');
  c.recluster();
  assert.notEqual(c.storyOf('rewrite'), c.storyOf('original'));
  assert.equal(c.storyOf('council'), c.storyOf('storm'));
  assert.equal(c.why(c.storyOf('storm')!, 'storm')?.reason, 'must-link');
  // A new copy of the original may join the original, never both sides of the split.
  const [original] = seeds();
  const m = c.add({ id: 'copy', text: lightlyEdited(original) });
  assert.equal(m.storyId, c.storyOf('original'));
  c.recluster();
  assert.equal(c.storyOf('copy'), c.storyOf('original'));
  assert.notEqual(c.storyOf('rewrite'), c.storyOf('original'));
  // Merging after a split lifts the cannot-link: the analyst's latest word wins.
  c.merge(c.storyOf('original')!, c.storyOf('rewrite')!);
  c.recluster();
  assert.equal(c.storyOf('rewrite'), c.storyOf('original'));
  assert.ok(!c.constraintList.some((k) => k.kind === 'cannot-link'));
});

test('a snapshot is plain JSON and restores to the same stories, relations and constraints', { skip: noShared }, () => {
  const c = seeded();
  c.merge(c.storyOf('council')!, c.storyOf('storm')!);
  const json = JSON.stringify(c.snapshot());
  const restored = StoryClusterer.restore(JSON.parse(json) as ClusterSnapshot);
  for (const id of ['original', 'rewrite', 'council', 'storm']) assert.equal(restored.storyOf(id), c.storyOf(id));
  assert.deepEqual(restored.relations(), c.relations());
  assert.deepEqual(restored.constraintList, c.constraintList);
  assert.deepEqual(restored.why(c.storyOf('rewrite')!, 'rewrite'), c.why(c.storyOf('rewrite')!, 'rewrite'));
  // Both continue the same way, and new story ids do not collide with old ones.
  const follow = { id: 'follow-up', text: STORM_FOLLOW_UP, publishedAt: '2022-11-07T08:00' };
  assert.equal(restored.add(follow).storyId, c.add(follow).storyId);
  const fresh = {
    id: 'fresh',
    text: 'Completely different: a chess grandmaster from Oslo won the Tata Steel tournament.',
  };
  const a = restored.add(fresh).storyId;
  assert.ok(!['original', 'rewrite', 'council', 'storm'].some((d) => restored.storyOf(d) === a));
});

test('the index returns a bounded set of candidates, not the whole collection', () => {
  const docs = syntheticReports(600, 7);
  const c = new StoryClusterer();
  for (const d of docs.slice(0, 599)) c.add(d);
  const probe = docs[599]!;
  const found = c.candidatesFor(probe);
  assert.equal(found.collection, 599);
  assert.ok(found.docs <= 50, `${found.docs} candidates`);
  assert.ok(found.docs > 0);
  // Its story-mates are among them and decide its story.
  const mates = docs.slice(0, 599).filter((d) => d.story === probe.story);
  const m = c.add(probe);
  assert.ok(mates.some((d) => c.storyOf(d.id) === m.storyId));
  // Synthetic stories are recovered: most stories are pure.
  c.recluster();
  let pure = 0;
  const stories = c.storyList();
  for (const s of stories) if (new Set(s.docIds.map((id) => docs[Number(id.slice(4))]!.story)).size === 1) pure++;
  assert.ok(pure / stories.length > 0.9, `${pure}/${stories.length} pure`);
});

test('entity ids from the analysis count as anchors', () => {
  const c = new StoryClusterer();
  c.add({
    id: 'a',
    text: 'The spokesman said the shipments were hidden.',
    entities: ['person:john-kirby', 'country:PRK'],
  });
  c.add({ id: 'b', text: 'The council approved the cycle lanes.', entities: ['org:harbour-council'] });
  const m = c.add({
    id: 'c',
    text: 'He said the shipments went through the Middle East.',
    entities: ['person:john-kirby', 'country:PRK'],
  });
  assert.equal(m.storyId, c.storyOf('a'));
  assert.ok(m.sharedAnchors.includes('e:person:john-kirby'), m.sharedAnchors.join(', '));
  assert.notEqual(c.storyOf('b'), c.storyOf('a'));
});

test('after recluster the stories do not depend on arrival order', () => {
  const docs = syntheticReports(300, 5).map((d) => ({ ...d, publishedAt: null }));
  const stories = (order: typeof docs) => {
    const c = new StoryClusterer();
    for (const d of order) c.add(d);
    c.recluster();
    return c
      .storyList()
      .map((s) => [...s.docIds].sort().join(','))
      .sort();
  };
  const forward = stories(docs);
  assert.deepEqual(stories([...docs].reverse()), forward);
  const interleaved = [...docs.filter((_, i) => i % 2), ...docs.filter((_, i) => i % 2 === 0)];
  assert.deepEqual(stories(interleaved), forward);
  assert.ok(forward.length > 20 && forward.length < 60, `${forward.length} stories`);
});

test('a text syndicated hundreds of times costs a bounded lookup and stays one story', () => {
  const c = new StoryClusterer();
  for (let i = 0; i < 300; i++) c.add({ id: `copy-${i}`, text: UNRELATED_TOO, sourceId: `outlet-${i}` });
  const found = c.candidatesFor({ id: 'probe', text: UNRELATED_TOO });
  assert.ok(found.copies <= 20, `${found.copies} copies checked`);
  assert.equal(c.storyList().length, 1);
  assert.equal(c.story(c.storyOf('copy-0')!)!.sources.length, 300);
  assert.equal(c.why(c.storyOf('copy-299')!, 'copy-299')?.relation?.type, 'duplicate');
});

test('idle stories leave RAM; a copy of an archived report brings its story back and joins it', () => {
  // 200 reports over 8 days (stories live 1–4 days).
  const docs = [...streamReports(200, 11, 25)];
  const c = new StoryClusterer({ windowDays: 2 });
  for (const d of docs) c.add(d);
  // Stories idle for more than 2 days before the last report left RAM, with their rows.
  c.evictIdle();
  const changes = c.takeChanges();
  assert.ok(c.activeDocuments < 100 && c.activeDocuments > 20, `${c.activeDocuments} in RAM`);
  assert.equal(c.activeDocuments + changes.evicted.length, 200);
  const first = changes.evicted.find((e) => e.id === 'doc-0')!;
  assert.ok(
    first.row && first.bands.length === DISK_BANDS,
    'never written: the row goes with it, filed under its bands',
  );
  assert.equal(c.storyOf('doc-0'), null);
  // Nothing in RAM shares a band with doc-0: without the archive its copy starts a story of its own.
  const copy = { ...docs[0]!, id: 'copy-0', publishedAt: docs[199]!.publishedAt };
  const alone = StoryClusterer.restore(c.snapshot());
  assert.notEqual(alone.add(copy).reason, 'relation');
  // With the archived rows that share its bands, it joins doc-0's story as a duplicate.
  const keys = new Set(first.bands);
  const archived = changes.evicted
    .filter((e) => e.row && e.row.storyId === first.row!.storyId && e.bands.some((b) => keys.has(b)))
    .map((e) => e.row!);
  const storyRows = changes.evicted.filter((e) => e.row?.storyId === first.row!.storyId).map((e) => e.row!);
  assert.ok(archived.length >= 1);
  c.revive(storyRows);
  const m = c.add(copy);
  assert.equal(m.storyId, first.row!.storyId);
  assert.equal(m.relation?.type, 'duplicate');
  const after = c.takeChanges();
  assert.equal(after.revived, storyRows.length);
  assert.ok(after.changed.has('copy-0'));
  // The revived rows are stored as they were: they are only marked active again, not rewritten.
  assert.ok(!after.changed.has('doc-0') && after.reactivated?.includes('doc-0'), 'doc-0 only reactivated');
  // Leaving RAM again (a report ten days later) files nothing new for them: their bands are on disk already.
  const later = new Date(Date.parse(docs[199]!.publishedAt!) + 10 * 86_400_000).toISOString();
  c.add({ id: 'later', text: UNRELATED, publishedAt: later });
  c.evictIdle();
  const again = c.takeChanges().evicted;
  const revivedAgain = again.find((e) => e.id === 'doc-0');
  assert.ok(revivedAgain && revivedAgain.bands.length === 0 && revivedAgain.row === null, 'revived: nothing to file');
  assert.equal(again.find((e) => e.id === 'copy-0')?.bands.length, DISK_BANDS, 'the copy is filed under its bands');
});

test('the active window holds at most maxActiveDocs documents, least recently joined stories leaving first', () => {
  const c = new StoryClusterer({ maxActiveDocs: 100 });
  const docs = syntheticReports(400, 3);
  for (const d of docs) c.add(d);
  // Checked every 256 arrivals, and at the end of each pass.
  c.evictIdle();
  assert.ok(c.activeDocuments <= 100, `${c.activeDocuments} in RAM`);
  const last = docs[399]!;
  assert.ok(c.storyOf(last.id), 'the latest report is in RAM');
  const { evicted } = c.takeChanges();
  assert.equal(evicted.length + c.activeDocuments, 400);
});

test('only archived stories that an arriving document really matches come back', () => {
  const docs = [...streamReports(60, 5, 25)];
  const c = new StoryClusterer({ maxActiveDocs: 1 });
  for (const d of docs) c.add(d);
  c.evictIdle();
  const rows = c
    .takeChanges()
    .evicted.map((e) => e.row)
    .filter((r) => r !== null);
  const original = rows.find((r) => r.fingerprint.id === 'doc-3')!;
  const copy = prepareDocuments([{ ...docs[3]!, id: 'copy-3', title: `Update: ${docs[3]!.title}` }]).fingerprints;
  const back = matchedArchive(copy, rows);
  assert.ok(back.length > 0 && back.every((r) => r.storyId === original.storyId), 'the original story only');
  assert.ok(
    rows.some((r) => r.storyId !== original.storyId),
    'other archived stories were offered',
  );
});
