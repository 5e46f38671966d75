import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { extractArticle } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');
const reasonOf = (article: ReturnType<typeof extractArticle>, text: string) =>
  article.removed.find((r) => r.text.includes(text))?.reason;

test('a news page: metadata from JSON-LD @graph, Open Graph and the canonical link', () => {
  const article = extractArticle(fixture('harbour-news.html'), {
    url: 'https://courier.example/news/x?utm_source=feed',
  });
  assert.equal(article.title, 'Northern pier to stay shut after storm');
  assert.equal(article.byline, 'Mira Holt, Tomas Ek'); // JSON-LD authors; the author <meta> is a URL and is skipped
  assert.equal(article.siteName, 'The Velden Courier');
  assert.equal(article.canonicalUrl, 'https://courier.example/news/2024/03/14/pier-shut'); // relative href resolved
  assert.equal(article.lang, 'en-GB');
  assert.deepEqual(article.publishedAt, {
    value: '2024-03-14T09:30',
    precision: 'minute',
    origin: 'metadata',
    evidence: 'JSON-LD datePublished: 2024-03-14T09:30:00+01:00',
  });
});

test('a news page: the four paragraphs, and every removal inside the article with its reason', () => {
  const article = extractArticle(fixture('harbour-news.html'), { url: null });
  assert.deepEqual(article.paragraphs, [
    "The harbour authority in Velden said on Thursday that the northern pier would stay closed until engineers had surveyed the damage left by Sunday's storm.",
    'Fishing crews who rely on the pier have been told to use the southern quay, where the authority has set up temporary moorings and a fuel barge.',
    `"We cannot let boats tie up against a structure we have not inspected," said Karin Dahl, the authority's harbour master, adding that the survey would take at least ten days.`,
    'A spokeswoman for the crews said the arrangement would cost them two hours a day and that they would ask the town council for compensation.',
  ]);
  assert.equal(reasonOf(article, 'Northern pier to stay shut'), 'page-chrome');
  assert.equal(reasonOf(article, 'By Mira Holt'), 'byline');
  assert.equal(reasonOf(article, '14 March 2024'), 'date-line');
  assert.equal(reasonOf(article, 'Share on Facebook'), 'social-prompt');
  assert.equal(reasonOf(article, "The northern pier after Sunday's storm."), 'caption');
  assert.equal(reasonOf(article, 'Photo: Anna Lind'), 'photo-credit');
  assert.equal(reasonOf(article, 'Sign up for our free newsletter'), 'newsletter-prompt');
  assert.equal(reasonOf(article, 'Island ferry resumes'), 'related-links');
  // Page chrome outside the article is neither text nor reported as a removal from it.
  const everything = [...article.paragraphs, ...article.removed.map((r) => r.text)].join('\n');
  assert.doesNotMatch(everything, /Privacy|Weather|dataLayer|display: flex/);
  for (const r of article.removed) assert.ok(r.rule.length > 0);
});

test('a page full of scripts: no script text, document.write output or noscript text reaches the result', () => {
  const article = extractArticle(fixture('scripts-everywhere.html'), { url: null });
  assert.equal(article.paragraphs.length, 3);
  assert.match(article.paragraphs[0]!, /^Der Stadtrat von Kelbach hat am Mittwochabend/);
  assert.match(article.paragraphs[2]!, /mehrheitlich zu\.$/);
  const everything = JSON.stringify(article);
  assert.doesNotMatch(everything, /INJECTED|SCRIPT STRING|BOOT PARAGRAPH|MODULE TEXT|LOOP TEXT|MOBILE BANNER/);
  assert.doesNotMatch(everything, /CONFIG TEXT|NOSCRIPT TEXT|TRAILING WRITE|HIJACKED|document\.|function/);
  assert.equal(article.title, 'Rathaus beschließt neuen Busfahrplan');
  assert.equal(article.lang, 'de');
});

test('broken markup (text before <html>, two <html> tags, an unclosed <title>) still gives the article', () => {
  const article = extractArticle(fixture('broken-markup.html'), { url: null });
  assert.equal(article.paragraphs.length, 3);
  assert.match(article.paragraphs[0]!, /^The Lakeside Community Choir took first place/);
  assert.ok(!article.paragraphs.some((p) => /Home|Privacy|Sport \|/.test(p)));
  assert.equal(article.title, 'Lakeside choir wins regional title');
  assert.deepEqual(article.publishedAt, {
    value: '2008-01-09',
    precision: 'day',
    origin: 'metadata',
    evidence: 'meta dc.date: 2008-01-09',
  });
});

const PROSE = [
  'The harbour authority in Port Velden said on Tuesday that the northern pier would stay closed until the storm damage had been surveyed by engineers.',
  'Fishing crews who rely on the pier were told to use the southern quay, where the authority has set up temporary moorings and a fuel barge.',
  'A spokeswoman for the crews said the arrangement would cost them two hours a day and asked the town council for compensation.',
];
const page = (body: string) => `<html><head><title>Pier closed</title></head><body>${body}</body></html>`;
const paras = PROSE.map((p) => `<p>${p}</p>`).join('\n');

test('reader comments after a "Comments" heading are not article text, however long', () => {
  const comments = [
    'I have fished from that pier for thirty years and I have never seen the authority move this slowly on anything at all.',
    'Two hours a day is nothing compared with what the crews lost during the last closure, so the council should pay up quickly.',
  ];
  const article = extractArticle(
    page(
      `<div class="story">${paras}<h3>Comments (2)</h3>${comments.map((c) => `<div><b>Reader</b> ${c}</div>`).join('')}</div>`,
    ),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, PROSE);
  assert.ok(article.removed.some((r) => r.text.includes('never seen the authority')));
});

test('prose in an odd wrapper between paragraphs stays; a link list between them does not', () => {
  const article = extractArticle(
    page(
      `<article><p>${PROSE[0]}</p><div class="inline-box"><span>${PROSE[1]}</span></div>` +
        `<ul><li><a href="/a">Storm brings down power lines</a></li><li><a href="/b">Ferry resumes</a></li></ul>` +
        `<p>${PROSE[2]}</p></article>`,
    ),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, PROSE);
  assert.equal(reasonOf(article, 'Ferry resumes'), 'related-links');
});

test('a page with no article text gives no paragraphs and an unknown date', () => {
  const article = extractArticle(
    page('<ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul><p>© 2024 Example Media</p>'),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, []);
  assert.deepEqual(article.publishedAt, { value: null, precision: null, origin: 'unknown' });
  assert.equal(article.byline, null);
  assert.equal(article.canonicalUrl, null);
  assert.equal(extractArticle('', { url: null }).paragraphs.length, 0);
});

test('a JSON-LD articleBody that the page bears out decides which blocks are the article', () => {
  const bio =
    'Mira Holt has covered the harbour and the fishing industry for the Courier since 2015 and lives in Velden with her family and two dogs.';
  const ld = (body: string) =>
    `<script type="application/ld+json">${JSON.stringify({ '@type': 'NewsArticle', articleBody: body })}</script>`;
  const html = (head: string) =>
    `<html><head><title>Pier closed</title>${head}</head><body><article>${paras}<p>${bio}</p></article></body></html>`;
  // Without it, the author's note reads like one more paragraph and stays.
  assert.deepEqual(extractArticle(html(''), { url: null }).paragraphs, [...PROSE, bio]);
  const stated = extractArticle(html(ld(PROSE.join('\n\n'))), { url: null });
  assert.deepEqual(stated.paragraphs, PROSE);
  assert.ok(stated.removed.some((r) => r.text === bio));
  // A short subheading inside the stated text stays; a short label elsewhere does not.
  const withHeads = `<html><head>${ld(`${PROSE[0]}\n\nHarbour works\n\n${PROSE[1]}\n\n${PROSE[2]}`)}</head><body><article><p>${PROSE[0]}</p><h2>Harbour works</h2><p>${PROSE[1]}</p><p>${PROSE[2]}</p><p>Harbour news</p></article></body></html>`;
  assert.deepEqual(extractArticle(withHeads, { url: null }).paragraphs, [
    PROSE[0],
    'Harbour works',
    PROSE[1],
    PROSE[2],
  ]);
  // A teaser-length articleBody is not trusted.
  const teaser = extractArticle(html(ld(PROSE[0]!)), { url: null });
  assert.deepEqual(teaser.paragraphs, [...PROSE, bio]);
});

test('short-block rules leave sentences alone: "By Monday …", "… according to Reuters", "subscribe to the service"', () => {
  const lines = [
    'By Monday, the storm had passed.',
    'The closure was first reported by Reuters.',
    'Two million households subscribe to the service.',
    'Print runs were cut to save paper.',
  ];
  const article = extractArticle(page(`<article>${paras}${lines.map((l) => `<p>${l}</p>`).join('')}</article>`), {
    url: null,
  });
  assert.deepEqual(article.paragraphs, [...PROSE, ...lines]);
});

test('a page nested thousands of elements deep neither overflows the stack nor stalls Readability', {
  timeout: 20_000,
}, () => {
  const deep = `${'<div>'.repeat(3000)}<p>${PROSE[0]}</p>${'</div>'.repeat(3000)}`;
  assert.deepEqual(extractArticle(page(deep), { url: null }).paragraphs, [PROSE[0]]);
});

test('share prompts are cut; a subheading that starts with a share word is not', () => {
  const article = extractArticle(
    page(
      `<article><div>Share this article: Facebook | Twitter | Email</div><p>${PROSE[0]}</p><h2>Share prices fall</h2><p>${PROSE[1]}</p><div>Print this page</div><p>${PROSE[2]}</p></article>`,
    ),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, [PROSE[0], 'Share prices fall', PROSE[1], PROSE[2]]);
  assert.equal(reasonOf(article, 'Share this article'), 'social-prompt');
  assert.equal(reasonOf(article, 'Print this page'), 'social-prompt');
});

test('a 2020-style page: dek, kicker, inline ad labels, RELATED link, newsletter, tags and author bio are cut', () => {
  const article = extractArticle(fixture('modern-article.html'), { url: null });
  assert.deepEqual(article.paragraphs, [
    'After more than a decade of studies, lawsuits and false starts, the Riverside City Council voted 7-2 on Tuesday night to approve a new bridge across the Marrow River.',
    'The $48 million crossing will connect the east bank neighborhoods with downtown and is expected to cut commute times for roughly 12,000 residents, according to a city analysis.',
    '"This is a generational project," said Mayor Luis Ortega, who has backed the bridge since his first campaign. "People have waited long enough."',
    'Opposition remains',
    'Council members Rita Vance and Tom Bell voted against the plan, arguing that the city should first repair its two existing bridges, both of which have been rated in poor condition by state inspectors.',
    'Construction is scheduled to begin next spring.',
    'Staff writer Priya Nair contributed to this report.',
  ]);
  assert.equal(reasonOf(article, 'Advertisement'), 'advertisement');
  assert.equal(reasonOf(article, 'RELATED: Residents sue'), 'read-more');
  assert.equal(reasonOf(article, '(Courtesy of Riverside County)'), 'photo-credit');
  assert.equal(reasonOf(article, 'Sign up to get'), 'newsletter-prompt');
  assert.equal(reasonOf(article, 'covers city government'), 'byline');
  const text = article.paragraphs.join('\n');
  assert.doesNotMatch(text, /Library hours|Farmers market|stuck in traffic|Most Popular|Skip to content|All rights/);
  assert.equal(article.byline, 'Dana Whitfield');
  assert.deepEqual(article.publishedAt, {
    value: '2020-06-09T17:45',
    precision: 'minute',
    origin: 'metadata',
    evidence: 'JSON-LD datePublished: 2020-06-09T17:45:00-04:00',
  });
});

test('without byline metadata, the byline line cut from above the text names the author', () => {
  const html = fixture('modern-article.html').replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '');
  const article = extractArticle(html, { url: null });
  assert.equal(article.byline, 'Dana Whitfield');
  assert.equal(article.publishedAt.evidence, '<time datetime="2020-06-09T17:45:00-04:00">');
  assert.equal(article.paragraphs.length, 7);
});

test('a self-closed <svg/> icon or an unclosed <object> does not swallow the article', () => {
  const icon = '<svg class="icon" viewBox="0 0 8 8"/>';
  const article = extractArticle(
    page(
      `<article>${icon}<p>${PROSE[0]}</p><p>${PROSE[1]}</p><svg width="8"><title>Logo</title><path d="M0 0"/></svg><object data="x.swf"><p>${PROSE[2]}</p></article>`,
    ),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, PROSE);
  assert.doesNotMatch(JSON.stringify(article), /Logo/);
});

test('the wire credit line after the last paragraph stays; a teaser after it does not', () => {
  const article = extractArticle(
    page(
      `<article>${paras}<p>Reporting by Jane Doe; Editing by John Roe</p><p>Ferry resumes after two-day halt</p><p>Island ferry back from Friday.</p></article>`,
    ),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, [...PROSE, 'Reporting by Jane Doe; Editing by John Roe']);
  assert.equal(reasonOf(article, 'Ferry resumes'), 'page-chrome');
  assert.equal(reasonOf(article, 'Island ferry back'), 'page-chrome'); // a sentence, but after the break
});

test('a "<!--" inside a script string does not comment out the article; a script inside a comment is no script', () => {
  const article = extractArticle(
    page(
      `<script>document.write("<!--");</script><article><p>${PROSE[0]}</p><!-- <script>var never = 1;</script> --><p>${PROSE[1]}</p><p>${PROSE[2]}</p></article>`,
    ),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, PROSE);
  assert.doesNotMatch(JSON.stringify(article), /never|document/);
});

test('text in a script without spaces (Japanese) is prose too: the link list around it goes', () => {
  const ja = [
    '港湾局は火曜日、嵐による被害を技術者が調査するまで北側の桟橋を閉鎖したままにすると発表した。',
    '桟橋を利用する漁船は南側の岸壁を使うよう指示され、当局は仮の係留場所と燃料船を用意した。',
  ];
  const article = extractArticle(
    page(
      `<ul><li><a href="/">ホーム</a></li><li><a href="/news">ニュース</a></li></ul><div>${ja.map((p) => `<p>${p}</p>`).join('')}</div>`,
    ),
    { url: null },
  );
  assert.deepEqual(article.paragraphs, ja);
});

test('a kept block without a word is no paragraph', () => {
  const article = extractArticle(page(`<article><p>${PROSE[0]}</p><p>* * *</p><p>${PROSE[1]}</p></article>`), {
    url: null,
  });
  assert.deepEqual(article.paragraphs, [PROSE[0], PROSE[1]]);
  assert.equal(reasonOf(article, '* * *'), 'page-chrome');
});
