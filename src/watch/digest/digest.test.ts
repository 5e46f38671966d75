import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeDigest, type DigestDocument, type DigestFact, type DigestInput, paragraphDiff } from './digest.ts';
import { renderDigest, renderHtml, renderMarkdown } from './render.ts';
import { dailyDigestDue } from './run.ts';

function doc(id: string, overrides: Partial<DigestDocument> = {}): DigestDocument {
  return {
    id,
    title: `Report ${id}`,
    url: `https://news.example/${id}`,
    source: { id: 'news.example', name: 'News Example' },
    publishedAt: '2024-03-12',
    ingestedAt: '2024-03-12T10:00:00.000Z',
    story: null,
    edit: null,
    ...overrides,
  };
}

function fact(id: string, status: string, firstSeenAt: string, overrides: Partial<DigestFact> = {}): DigestFact {
  return {
    id,
    storyId: 'story-1',
    statement: `Fact ${id}`,
    status,
    origins: ['Port authority'],
    sources: ['News Example'],
    firstSeenAt,
    ...overrides,
  };
}

const WINDOW = { since: '2024-03-12T08:00:00.000Z', until: '2024-03-13T08:00:00.000Z' };
const empty: DigestInput = { ...WINDOW, documents: [], alerts: [], facts: [], contradictions: [] };

describe('digest: changes from a snapshot and the current state', () => {
  test('without stories, documents are grouped by source; edits are listed apart', () => {
    const { digest } = computeDigest(
      null,
      {
        ...empty,
        documents: [
          doc('a'),
          doc('b', { source: { id: 'wire', name: 'The Wire' } }),
          doc('c', { edit: { version: 2, previousId: 'x', added: ['New paragraph.'], removed: ['Old paragraph.'] } }),
        ],
      },
      { singleOriginHours: 24 },
    );
    assert.deepEqual(
      digest.groups.map((g) => [g.kind, g.title, g.documents.map((d) => d.id), g.edited.map((d) => d.id)]),
      [
        ['source', 'News Example', ['a'], ['c']],
        ['source', 'The Wire', ['b'], []],
      ],
    );
    assert.equal(digest.totals.documents, 2);
    assert.equal(digest.totals.edited, 1);
    assert.equal(digest.totals.stories, 0);
  });

  test('stories: new ones are marked once; facts new, changed, disputed, still single-origin; contradictions once', () => {
    const story = { id: 'story-1', title: 'Harbour cranes idle' };
    const first = computeDigest(
      null,
      {
        ...empty,
        documents: [doc('a', { story }), doc('b', { story, source: { id: 'wire', name: 'The Wire' } })],
        facts: [
          fact('f1', 'single-origin', '2024-03-12T09:00:00.000Z'),
          fact('f2', 'single-origin', '2024-03-10T09:00:00.000Z', { sources: ['Old Wire'] }),
        ],
        contradictions: [{ id: 'k1', storyId: 'story-1', summary: '30 vs 12 cranes', sources: ['The Wire'] }],
      },
      { singleOriginHours: 24 },
    );
    const [group] = first.digest.groups;
    assert.equal(group!.kind, 'story');
    assert.equal(group!.isNew, true);
    assert.deepEqual(
      group!.newFacts.map((f) => f.id),
      ['f1'],
    );
    assert.deepEqual(
      group!.singleOrigin.map((f) => f.id),
      ['f2'],
      'f2 rests on one origin for more than 24 hours',
    );
    assert.equal(group!.newContradictions.length, 1);
    assert.deepEqual(group!.sources.sort(), ['News Example', 'Old Wire', 'The Wire']);

    // The next day: f1 is corroborated, f2 disputed, the same contradiction is not new, the story is known.
    const second = computeDigest(
      first.snapshot,
      {
        since: WINDOW.until,
        until: '2024-03-14T08:00:00.000Z',
        documents: [doc('c', { story, ingestedAt: '2024-03-13T09:00:00.000Z' })],
        alerts: [],
        facts: [
          fact('f1', 'corroborated', '2024-03-12T09:00:00.000Z'),
          fact('f2', 'disputed', '2024-03-10T09:00:00.000Z'),
        ],
        contradictions: [{ id: 'k1', storyId: 'story-1', summary: '30 vs 12 cranes', sources: ['The Wire'] }],
      },
      { singleOriginHours: 24 },
    );
    const [again] = second.digest.groups;
    assert.equal(again!.isNew, false);
    assert.deepEqual(
      again!.statusChanges.map((c) => [c.fact.id, c.from, c.to]),
      [
        ['f1', 'single-origin', 'corroborated'],
        ['f2', 'single-origin', 'disputed'],
      ],
    );
    assert.equal(again!.newFacts.length, 0);
    assert.equal(again!.newContradictions.length, 0);
    assert.equal(second.digest.totals.newStories, 0);
    assert.match(renderMarkdown(second.digest), /Fact f1: single-origin → corroborated/);
  });

  test('nothing new says so', () => {
    const { digest } = computeDigest(null, empty, { singleOriginHours: 24 });
    assert.match(renderMarkdown(digest), /Nothing new since the last digest/);
    assert.deepEqual(JSON.parse(renderDigest(digest, 'json')).groups, []);
  });
});

describe('digest: rendering', () => {
  test('HTML escapes every piece of text, links only http(s), and has no scripts', () => {
    const hostile = doc('h', {
      title: '<script>alert("x")</script> & "quotes"',
      url: 'javascript:alert(1)',
      source: { id: 's', name: '<b>Bold</b> Outlet' },
      edit: { version: 2, previousId: 'p', added: ['<img src=x onerror=alert(1)>'], removed: [] },
    });
    const html = renderHtml(
      computeDigest(null, { ...empty, documents: [hostile, doc('ok')] }, { singleOriginHours: 24 }).digest,
    );
    assert.ok(!/<script/i.test(html), 'no script element');
    assert.ok(!html.includes('<img'), 'markup in text is escaped');
    assert.ok(!html.includes('javascript:'), 'a non-http link is not made a link');
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;'));
    assert.ok(html.includes('&lt;b&gt;Bold&lt;/b&gt; Outlet'));
    assert.ok(html.includes('<a href="https://news.example/ok"'), 'an http(s) URL is a link');
    assert.ok(!/<style|class=/.test(html), 'styles are inline');
    assert.match(html, /<table role="presentation"/);
  });
});

describe('digest: pieces', () => {
  test('paragraph diff: added and removed paragraphs, whitespace-insensitive, shortened', () => {
    const diff = paragraphDiff(
      ['Cranes stood idle.', 'Workers counted 12.', 'The port said nothing.'],
      ['Cranes  stood idle.', 'Workers counted 14.', 'The port said nothing.', 'x'.repeat(300)],
    );
    assert.deepEqual(diff.removed, ['Workers counted 12.']);
    assert.equal(diff.added[0], 'Workers counted 14.');
    assert.equal(diff.added[1]!.length, 240);
    assert.ok(diff.added[1]!.endsWith('…'));
  });

  test('the daily digest is due once its local time has come, once a day', () => {
    const at = 9 * 60;
    const local = (h: number, m: number) => new Date(2024, 2, 12, h, m);
    assert.equal(dailyDigestDue(local(8, 59), at, null), false);
    assert.equal(dailyDigestDue(local(9, 0), at, null), true);
    assert.equal(dailyDigestDue(local(9, 0), at, '2024-03-12'), false);
    assert.equal(dailyDigestDue(local(23, 0), at, '2024-03-11'), true);
  });
});
