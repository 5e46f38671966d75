import assert from 'node:assert/strict';
import { test } from 'node:test';
import { removeBoilerplate } from './boilerplate.ts';
import { parseDateLine } from './published-date.ts';
import { parseText } from './text.ts';

test('date lines in the common forms are read with their precision', () => {
  const cases: [string, string, string][] = [
    ['5 November 2022, 01:33 PM', '2022-11-05T13:33', 'minute'],
    ['Nov. 5, 2022', '2022-11-05', 'day'],
    ['Published: 12 March 2024', '2024-03-12', 'day'],
    ['2024-03-12T09:15:00Z', '2024-03-12T09:15:00Z', 'second'],
    ['Updated 3:04 p.m. ET, Tue March 12, 2024', '2024-03-12T20:04Z', 'minute'],
    ['12.03.2024', '2024-03-12', 'day'],
  ];
  for (const [line, value, precision] of cases) {
    const parsed = parseDateLine(line);
    assert.equal(parsed?.value, value, line);
    assert.equal(parsed?.precision, precision, line);
    assert.equal(parsed?.origin, 'stated');
  }
});

test('negative: sentences that contain a date, and schedules, are not date lines', () => {
  for (const line of [
    'On Nov. 2, CNN reported that the U.S. had accused North Korea.',
    'Daily at 9am EST',
    'Party Congress of the Communist Party of the DPRK',
    'Friday',
  ]) {
    assert.equal(parseDateLine(line), null, line);
  }
});

test('title, date line and byline come from the header; paragraphs from blank lines and hard wraps', () => {
  const parsed = parseText(
    'Dam breach floods valley\n\nBy Ana Writer | March 12, 2024\n\nThe dam failed at dawn, officials\nsaid on Tuesday.\n\nSecond paragraph.\n',
  );
  assert.equal(parsed.title, 'Dam breach floods valley');
  assert.equal(parsed.byline, 'Ana Writer');
  assert.equal(parsed.publishedAt?.value, '2024-03-12');
  assert.deepEqual(parsed.paragraphs, ['The dam failed at dawn, officials said on Tuesday.', 'Second paragraph.']);
  assert.deepEqual(
    parsed.removed.map((r) => r.reason),
    ['date-line'],
  );
});

test('front matter names the source and URL; Markdown is read as text', () => {
  const parsed = parseText(
    '---\nsource: Harbour Watch\nurl: https://harbour.example/a\n---\n# Ship leaves port\n\nThe **ship** left [the port](https://x.example).\n',
    { markdown: true },
  );
  assert.equal(parsed.title, 'Ship leaves port');
  assert.equal(parsed.meta.source, 'Harbour Watch');
  assert.deepEqual(parsed.paragraphs, ['The ship left the port.']);
});

test('boilerplate lines are removed with their reason; article sentences that mention the same words stay', () => {
  const { kept, removed } = removeBoilerplate([
    'A train crossed the border (Photo: Agency via Wire)',
    'A train crossed the border (Photo: Agency via Wire)',
    'The train crossed the border on Friday.',
    'Video of day',
    'Officials said they would follow us on the matter, and a newsletter reported it.',
    'Ukraine Today',
    'Fresh daily newsletter covering the top headlines',
    'Daily at 9am EST',
    'Read More About: World News',
  ]);
  assert.deepEqual(kept, [
    'The train crossed the border on Friday.',
    'Officials said they would follow us on the matter, and a newsletter reported it.',
  ]);
  assert.deepEqual(
    removed.map((r) => r.reason),
    ['caption', 'caption', 'video-prompt', 'newsletter-prompt', 'newsletter-prompt', 'newsletter-prompt', 'read-more'],
  );
});

test('a line recurring across documents of one source is learned and removed', () => {
  const { kept, removed } = removeBoilerplate(['Story text here.', 'Harbour Watch is reader-funded.'], {
    recurringLines: new Set(['harbour watch is reader-funded.']),
  });
  assert.deepEqual(kept, ['Story text here.']);
  assert.equal(removed[0]?.reason, 'recurring-line');
});

test('credit lines, subscribe prompts and outlet taglines go; sentences of the same shape stay', () => {
  const { kept, removed } = removeBoilerplate([
    'The ferry resumed service on Monday after a two-day halt.',
    '(Reporting by Ana Reyes in Varn; Editing by Tom Hale)',
    'Reporting by the harbour office showed the ferry ran late since 2019.',
    "Subscribe to the Courier's Morning Note and get the news in your inbox",
    'Subscribers to the ferry pass will get a refund, the operator said.',
    'The Island Courier | Independent since 1998 | Donate',
    'Harbour Courier - local news from Varn since 1887',
    'Fares have risen by a third since 2019 - the fastest rise on record.',
  ]);
  assert.deepEqual(kept, [
    'The ferry resumed service on Monday after a two-day halt.',
    'Reporting by the harbour office showed the ferry ran late since 2019.',
    'Subscribers to the ferry pass will get a refund, the operator said.',
    'Fares have risen by a third since 2019 - the fastest rise on record.',
  ]);
  assert.deepEqual(
    removed.map((r) => r.rule),
    ['pattern:reporting-credit', 'pattern:newsletter', 'pattern:masthead', 'pattern:masthead'],
  );
});
