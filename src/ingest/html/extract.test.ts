import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractArticle } from './index.ts';

const para = (s: string) => `<p>${s}</p>`;
const PROSE = [
  'The harbour authority in Port Velden said on Tuesday that the northern pier would stay closed until the storm damage had been surveyed by engineers.',
  'Fishing crews who rely on the pier were told to use the southern quay, where the authority has set up temporary moorings and a fuel barge.',
  'A spokeswoman for the crews said the arrangement would cost them two hours a day and asked the town council for compensation.',
];

test('a plain article page gives its paragraphs and drops the navigation around them', () => {
  const html = `<html><head><title>Pier closed after storm</title></head><body>
    <ul class="nav"><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul>
    <article>${PROSE.map(para).join('\n')}</article>
    <footer><a href="/about">About us</a> <a href="/contact">Contact</a></footer></body></html>`;
  const article = extractArticle(html, { url: null });
  assert.deepEqual(article.paragraphs, PROSE);
});
