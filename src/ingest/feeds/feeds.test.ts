import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { InputError } from '../../errors.ts';
import { htmlToText, parseFeed, parseFeedDate } from './index.ts';
import { parseRssRaw } from './rss.ts';

const fixture = (name: string) => readFileSync(new URL(`../testdata/${name}`, import.meta.url), 'utf8');

function inputError(name: string, problem: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.equal(error.input, name);
    assert.match(error.problem, problem);
    return true;
  };
}

describe('RSS 2.0', () => {
  const feed = parseFeed(fixture('rss2.xml'), { name: 'https://gazette.example/feed.xml' });
  const [ferry, bridge, library] = feed.items;

  test('channel', () => {
    assert.equal(feed.kind, 'rss');
    assert.equal(feed.version, '2.0');
    assert.equal(feed.title, 'Harbour & Hills Gazette');
    // The atom:link rel=self, prefix-stripped to <link> as well, is not taken for the site link.
    assert.equal(feed.siteUrl, 'https://gazette.example/');
    assert.equal(feed.items.length, 3);
  });

  test('an item with an escaped-HTML description and content:encoded in CDATA', () => {
    assert.deepEqual(
      { ...ferry!, source: undefined },
      {
        title: 'Ferry service to Marrow Island resumes after storm',
        url: 'https://gazette.example/news/ferry-resumes',
        guid: 'gazette-2024-0311-ferry',
        publishedAt: '2024-03-11T14:30:00Z',
        author: 'Ada Quill',
        summary: 'The harbour master said the Marrow Star would sail at 9am & return by noon.',
        contentHtml:
          '<p>The harbour master said the <em>Marrow Star</em> would sail at 9am &amp; return by noon.</p><p>“We’re back,” she said.</p>',
        contentText: null,
        source: undefined,
      },
    );
    assert.match(ferry!.source, /^<item>[\s\S]*gazette-2024-0311-ferry[\s\S]*<\/item>$/);
    assert.doesNotMatch(ferry!.source, /Council votes/);
  });

  test('CDATA title with markup, relative link, dc:creator and dc:date with its offset', () => {
    assert.equal(bridge!.title, 'Council votes 7–2 on the new bridge');
    assert.equal(bridge!.url, 'https://gazette.example/news/bridge-vote');
    assert.equal(bridge!.author, 'Ben Ortolan, Cleo Marsh');
    assert.equal(bridge!.publishedAt, '2024-03-10T18:05:00+01:00');
    assert.equal(bridge!.summary, 'Councillors approved the plan — work starts in May.');
    assert.equal(bridge!.guid, null);
  });

  test('no date: publishedAt is null; a permalink guid stands in for the link; character references', () => {
    assert.equal(library!.publishedAt, null);
    assert.equal(library!.url, 'https://gazette.example/news/library-hours');
    assert.equal(library!.title, 'Library opening hours extended’s trial');
    assert.equal(library!.summary, 'The trial runs until June.');
  });

  test('a guid with isPermaLink="false" is never used as the URL', () => {
    const xml =
      '<rss version="2.0"><channel><title>t</title><item><title>x</title><guid isPermaLink="false">https://a.example/not-a-page</guid></item></channel></rss>';
    const [item] = parseFeed(xml, { name: 'f.xml' }).items;
    assert.equal(item!.url, null);
    assert.equal(item!.guid, 'https://a.example/not-a-page');
  });

  test('bare (unescaped) markup in a description is kept as HTML', () => {
    const xml =
      '<rss version="2.0"><channel><title>t</title><item><title>x</title><description><p>Fish &amp; <b>chips</b></p></description></item></channel></rss>';
    const [item] = parseFeed(xml, { name: 'bare.xml' }).items;
    assert.equal(item!.contentHtml, '<p>Fish &amp; <b>chips</b></p>');
    assert.equal(item!.summary, 'Fish & chips');
  });

  test('the raw-shape parser keeps values as written', () => {
    const raw = parseRssRaw(fixture('rss2.xml'), 'rss2.xml');
    assert.equal(raw.items[0]!.pubDate, 'Mon, 11 Mar 2024 14:30:00 +0000');
    assert.equal(raw.items[0]!.guidIsPermaLink, false);
    assert.equal(raw.items[1]!.link, '/news/bridge-vote');
  });
});

describe('RSS 1.0 (RDF)', () => {
  test('items beside the channel, rdf:about as link and guid', () => {
    const feed = parseFeed(fixture('rss1.rdf'), { name: 'rss1.rdf' });
    assert.equal(feed.kind, 'rss');
    assert.equal(feed.version, '1.0');
    assert.equal(feed.title, 'Valley Wire');
    assert.deepEqual(
      feed.items.map((i) => [i.title, i.url, i.publishedAt, i.author]),
      [
        ['Orchard frost warning issued', 'https://valley.example/a/1', '2024-04-02T06:00:00Z', 'Dora Vale'],
        ['Market day moved to Thursday', 'https://valley.example/a/2', null, null],
      ],
    );
  });
});

describe('Atom', () => {
  const feed = parseFeed(fixture('atom.xml'), { name: 'atom.xml' });
  const [aurora, tides, fog] = feed.items;

  test('feed', () => {
    assert.equal(feed.kind, 'atom');
    assert.equal(feed.version, '1.0');
    assert.equal(feed.title, 'Northlight Observer');
    assert.equal(feed.siteUrl, 'https://northlight.example/');
  });

  test('html title, rel=alternate link resolved against xml:base, xhtml content, html summary', () => {
    assert.equal(aurora!.title, 'Observatory records brightest aurora in a decade');
    assert.equal(aurora!.url, 'https://northlight.example/stories/aurora');
    assert.equal(aurora!.guid, 'tag:northlight.example,2024:aurora');
    assert.equal(aurora!.publishedAt, '2024-05-05T23:40:00-04:00');
    assert.equal(aurora!.author, 'Ines Farrow');
    assert.equal(aurora!.summary, 'Staff said the display lasted three hours.');
    assert.equal(aurora!.contentHtml, '<p>Staff said the display lasted <b>three hours</b> &amp; drew crowds.</p>');
    assert.equal(aurora!.contentText, null);
  });

  test('text content, feed author inherited, updated when published is missing', () => {
    assert.equal(tides!.contentText, 'The harbour authority published new tables & a correction.');
    assert.equal(tides!.contentHtml, null);
    assert.equal(tides!.author, 'Northlight Desk');
    assert.equal(tides!.publishedAt, '2024-05-04T12:00:00Z');
  });

  test('no dates at all: null; CDATA html title; id as URL when there is no link', () => {
    assert.equal(fog!.publishedAt, null);
    assert.equal(fog!.title, 'Fog & delays at the airport');
    assert.equal(fog!.url, 'https://northlight.example/stories/fog');
    assert.equal(fog!.contentHtml, '<p>Flights were held for an hour.</p>');
  });

  test('a tag: id is not a URL', () => {
    const xml =
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>tag:x.example,2024:1</id><title>a</title></entry></feed>';
    assert.equal(parseFeed(xml, { name: 'a.xml' }).items[0]!.url, null);
  });
});

describe('JSON Feed', () => {
  const feed = parseFeed(fixture('feed.json'), { name: 'feed.json' });
  const [herons, seaWall, linked] = feed.items;

  test('feed and items', () => {
    assert.equal(feed.kind, 'json-feed');
    assert.equal(feed.version, '1.1');
    assert.equal(feed.title, 'Saltmarsh Daily');
    assert.equal(feed.siteUrl, 'https://saltmarsh.example/');
    assert.equal(herons!.publishedAt, '2024-06-01T17:20:00+01:00');
    assert.equal(herons!.author, 'Priya Holt');
    assert.equal(herons!.contentHtml, '<p>Volunteers counted <strong>412</strong> herons on Saturday.</p>');
    assert.deepEqual(JSON.parse(herons!.source).id, 'sm-101');
  });

  test('numeric id, relative url, date_modified standing in, feed author inherited', () => {
    assert.equal(seaWall!.guid, '102');
    assert.equal(seaWall!.url, 'https://saltmarsh.example/2024/06/sea-wall');
    assert.equal(seaWall!.publishedAt, '2024-05-30');
    assert.equal(seaWall!.author, 'Saltmarsh Staff');
    assert.equal(seaWall!.contentText, 'Contractors finished two weeks ahead of schedule.');
  });

  test('no title, no date, external_url', () => {
    assert.equal(linked!.title, null);
    assert.equal(linked!.publishedAt, null);
    assert.equal(linked!.url, 'https://elsewhere.example/report');
  });

  test('malformed JSON names the line and column where the JSON parser gives a position', () => {
    const text = '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": [],\n}';
    assert.throws(
      () => parseFeed(text, { name: 'bad.json', format: 'json-feed' }),
      inputError('bad.json', /^malformed JSON at line 4, column 1: Expected double-quoted property name$/),
    );
  });

  test('malformed JSON without a position still says what is wrong', () => {
    const text = '{\n  "version": "https://jsonfeed.org/version/1.1",\n  "items": [,]\n}';
    assert.throws(
      () => parseFeed(text, { name: 'bad.json', format: 'json-feed' }),
      inputError('bad.json', /^malformed JSON: Unexpected token ','/),
    );
  });

  test('a JSON Feed without items', () => {
    const text = JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 'x' });
    assert.throws(() => parseFeed(text, { name: 'f.json' }), inputError('f.json', /without an "items" array/));
  });
});

describe('refusals', () => {
  test('malformed XML names the line and column', () => {
    const xml =
      '<?xml version="1.0"?>\n<rss version="2.0">\n  <channel>\n    <title>Broken</titel>\n  </channel>\n</rss>';
    assert.throws(
      () => parseFeed(xml, { name: 'broken.xml' }),
      inputError('broken.xml', /^malformed XML at line 4, column \d+: Expected closing tag 'title'/),
    );
  });

  test('blank lines and a BOM before the XML declaration are tolerated; error lines still count them', () => {
    const feed = parseFeed(
      '\uFEFF\n\n<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>',
      {
        name: 'lead.xml',
        format: 'rss',
      },
    );
    assert.equal(feed.title, 'T');
    const broken = '\n\n<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</channel></rss>';
    assert.throws(
      () => parseFeed(broken, { name: 'lead.xml', format: 'rss' }),
      inputError('lead.xml', /^malformed XML at line 4, /),
    );
  });

  test('an unescaped ampersand is malformed XML at its line', () => {
    const xml =
      '<rss version="2.0"><channel>\n<title>A</title>\n<item><title>Fish & chips</title></item></channel></rss>';
    assert.throws(() => parseFeed(xml, { name: 'amp.xml' }), inputError('amp.xml', /^malformed XML at line 3, /));
  });

  test('an HTML page is not a feed', () => {
    assert.throws(
      () => parseFeed('<!doctype html><html><body>x</body></html>', { name: 'page.html' }),
      inputError('page.html', /^not a feed \(the input looks like html\)$/),
    );
  });

  test('well-formed XML with another root is not RSS', () => {
    assert.throws(
      () => parseFeed('<catalog><book/></catalog>', { name: 'c.xml', format: 'rss' }),
      inputError('c.xml', /^not an RSS feed: the root element is <catalog>$/),
    );
  });

  test('RSS without a channel', () => {
    assert.throws(() => parseFeed('<rss version="2.0"></rss>', { name: 'r.xml' }), inputError('r.xml', /no <channel>/));
  });

  test('an RSS channel with no items is an empty feed, not an error', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>Quiet</title></channel></rss>', { name: 'q.xml' });
    assert.deepEqual(feed.items, []);
    assert.deepEqual(parseFeed('<rss version="2.0"><channel/></rss>', { name: 'e.xml' }).items, []);
  });
});

describe('parseFeedDate', () => {
  const cases: Array<[string, string | null]> = [
    ['Mon, 11 Mar 2024 14:30:00 GMT', '2024-03-11T14:30:00Z'],
    ['Mon, 11 Mar 2024 14:30:00 +0200', '2024-03-11T14:30:00+02:00'],
    ['11 Mar 2024 14:30 EST', '2024-03-11T14:30:00-05:00'],
    ['Mon, 11 Mar 24 09:05:07 PDT', '2024-03-11T09:05:07-07:00'],
    ['Monday, 11 March 2024 14:30:00 +0000', '2024-03-11T14:30:00Z'],
    ['Mon, 11 Mar 2024 14:30:00 XYZ', '2024-03-11T14:30:00'],
    ['2024-03-11T14:30:00.123+05:30', '2024-03-11T14:30:00+05:30'],
    ['2024-03-11T14:30:00', '2024-03-11T14:30:00'],
    ['2024-03-11 14:30', '2024-03-11T14:30:00'],
    ['2024-03-11', '2024-03-11'],
    ['March 11, 2024', '2024-03-11T00:00:00'],
    ['2024-02-30', null],
    ['Mon, 32 Mar 2024 10:00:00 GMT', null],
    ['2024-03-11T25:00:00Z', null],
    ['last Tuesday', null],
    ['', null],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(parseFeedDate(input), expected));
  }
  test('null and undefined', () => {
    assert.equal(parseFeedDate(null), null);
    assert.equal(parseFeedDate(undefined), null);
  });
});

describe('htmlToText', () => {
  test('entities decoded, blocks separated, scripts dropped', () => {
    assert.equal(
      htmlToText('<p>Fish &amp; chips&nbsp;&eacute;</p><p>Second</p><script>x()</script>'),
      'Fish & chips é Second',
    );
    assert.equal(htmlToText('a<br>b'), 'a b');
    assert.equal(htmlToText('no <b>gap</b>s'), 'no gaps');
  });
  test('plain text passes through, whitespace collapsed', () => {
    assert.equal(htmlToText('  Q and A\n  session '), 'Q and A session');
  });
});
