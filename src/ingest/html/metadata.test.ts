import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractArticle } from './index.ts';
import { cleanByline, parseDate } from './metadata.ts';

const body =
  '<article><p>The harbour authority in Port Velden said on Tuesday that the northern pier would stay closed until engineers had surveyed it.</p></article>';
const withHead = (head: string, extra = '') =>
  extractArticle(`<html><head><title>T</title>${head}</head><body>${extra}${body}</body></html>`, { url: null });

test('dates are read as written: local time, precision from the value, midnight and :00 trimmed', () => {
  assert.deepEqual(parseDate('2024-03-14T09:30:15+01:00'), { value: '2024-03-14T09:30:15', precision: 'second' });
  assert.deepEqual(parseDate('2024-03-14T09:30:00Z'), { value: '2024-03-14T09:30', precision: 'minute' });
  assert.deepEqual(parseDate('2024-03-14T00:00:00-05:00'), { value: '2024-03-14', precision: 'day' });
  assert.deepEqual(parseDate('2024-03-14 18:05'), { value: '2024-03-14T18:05', precision: 'minute' });
  assert.deepEqual(parseDate('2024-03'), { value: '2024-03', precision: 'month' });
  assert.deepEqual(parseDate('2024'), { value: '2024', precision: 'year' });
  assert.deepEqual(parseDate('Wed, 09 Jan 2008 10:56:00 GMT'), { value: '2008-01-09T10:56', precision: 'minute' });
  assert.deepEqual(parseDate('January 9, 2008'), { value: '2008-01-09', precision: 'day' });
  assert.deepEqual(parseDate('Updated Fri. Jan. 11 2008 10:56 PM ET'), {
    value: '2008-01-11T22:56',
    precision: 'minute',
  });
  assert.deepEqual(parseDate('Posted on 3rd March 2020 at 12:05 am'), {
    value: '2020-03-03T00:05',
    precision: 'minute',
  });
  assert.equal(parseDate('Jan 5 2008 13:10 PM'), null); // no 13 o'clock in the afternoon
  assert.equal(parseDate('2024-03-14T25:10'), null);
  assert.equal(parseDate('12:30 AM'), null); // a time without a day is no publication date
  assert.equal(parseDate('yesterday'), null);
  assert.equal(parseDate('2024-13-01'), null);
  assert.equal(parseDate('12345'), null);
});

test('publication date sources: article:published_time, meta name=date/pubdate/DC.date, <time datetime>', () => {
  assert.deepEqual(
    withHead('<meta property="article:published_time" content="2023-05-02T14:20:00+02:00">').publishedAt,
    {
      value: '2023-05-02T14:20',
      precision: 'minute',
      origin: 'metadata',
      evidence: 'meta article:published_time: 2023-05-02T14:20:00+02:00',
    },
  );
  assert.equal(withHead('<meta name="date" content="2023-05-02">').publishedAt.value, '2023-05-02');
  assert.equal(withHead('<meta name="pubdate" content="2023-05-02T06:00:00Z">').publishedAt.value, '2023-05-02T06:00');
  assert.equal(withHead('<meta name="pubdate" content="20230502">').publishedAt.value, null); // not a date we read
  assert.equal(withHead('<meta name="DC.date" content="2023-05">').publishedAt.precision, 'month');
  const timed = withHead('', '<time datetime="2023-05-02T08:15">2 May</time>').publishedAt;
  assert.deepEqual(timed, {
    value: '2023-05-02T08:15',
    precision: 'minute',
    origin: 'metadata',
    evidence: '<time datetime="2023-05-02T08:15">',
  });
});

test('the publication time is preferred over other dates: JSON-LD first, and a marked <time> over others', () => {
  const ld =
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-05-01","dateModified":"2023-05-03"}</script>';
  assert.equal(withHead(`${ld}<meta name="date" content="2023-05-02">`).publishedAt.value, '2023-05-01');
  const times =
    '<time datetime="2020-01-01">site launched</time><article><time datetime="2023-05-04" itemprop="datePublished">4 May</time></article>';
  assert.equal(withHead('', times).publishedAt.value, '2023-05-04');
});

test('broken JSON-LD is skipped, not fatal; a non-article JSON-LD type gives no headline', () => {
  const article = withHead(
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>' +
      '<script type="application/ld+json">{"@type": "Organization", "name": "Not A Headline"}</script>' +
      '<meta property="og:title" content="Pier closed">',
  );
  assert.equal(article.title, 'Pier closed');
  assert.equal(article.publishedAt.origin, 'unknown');
});

test('bylines lose their "By" and a trailing date; names that look like months are left alone', () => {
  assert.equal(cleanByline('By  Mira Holt'), 'Mira Holt');
  assert.equal(cleanByline('Jane Doe, AP Sports Writer Dec. 31, 2007 11:14 AM'), 'Jane Doe, AP Sports Writer');
  assert.equal(cleanByline('TOMAS EK – 3 days ago'), 'TOMAS EK');
  assert.equal(cleanByline('Juan Mayo and Mary Jan Smith'), 'Juan Mayo and Mary Jan Smith');
  assert.equal(cleanByline('Written by: Tomas Ek'), 'Tomas Ek');
  assert.equal(cleanByline('Byron Kale'), 'Byron Kale');
});

test('without metadata, a date line above the text gives a stated date; without either, none', () => {
  const html = (dateLine: string) =>
    `<html><head><title>Pier closed | News | The Velden Courier</title></head><body><div class="story"><h1>Pier closed</h1><p>${dateLine}</p>${body}</div></body></html>`;
  const article = extractArticle(html('Thu, January 10, 2008 9:05 PM'), { url: null });
  assert.deepEqual(article.publishedAt, {
    value: '2008-01-10T21:05',
    precision: 'minute',
    origin: 'stated',
    evidence: 'Thu, January 10, 2008 9:05 PM',
  });
  assert.equal(article.title, 'Pier closed | News | The Velden Courier'); // no part is headline-length
  assert.equal(extractArticle(html('Thursday evening'), { url: null }).publishedAt.origin, 'unknown');
});

test('titles: whitespace collapsed, "Headline | Section | Site" cut to the headline; language names are not tags', () => {
  const article = extractArticle(
    `<html><head><title>Harbour pier to stay shut\n | News\n | The Velden Courier</title><meta name="language" content="english"></head><body>${body}</body></html>`,
    { url: null },
  );
  assert.equal(article.title, 'Harbour pier to stay shut');
  assert.equal(article.lang, null);
});

test('canonical URL: a relative link needs the page URL, else og:url stands in; non-web links are refused', () => {
  const head =
    '<link rel="canonical" href="/news/pier"><meta property="og:url" content="https://courier.example/og/pier">';
  assert.equal(withHead(head).canonicalUrl, 'https://courier.example/og/pier');
  const html = `<html><head>${head}</head><body>${body}</body></html>`;
  assert.equal(
    extractArticle(html, { url: 'https://courier.example/feed/item?id=3' }).canonicalUrl,
    'https://courier.example/news/pier',
  );
  assert.equal(withHead('<link rel="canonical" href="javascript:alert(1)">').canonicalUrl, null);
});
