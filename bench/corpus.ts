/**
 * A generated corpus for benchmarks: news-like articles built from templates with varying places, numbers and dates,
 * written as plain text or as HTML pages with typical page chrome.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACES = ['Port Aven', 'Kessel', 'Varna Ridge', 'Lowmoor', 'Sint Orel', 'Baykal Gate', 'Norrholm', 'Tasca'];
const ACTORS = ['the ministry', 'the port authority', 'a coast guard spokesman', 'local officials', 'the agency'];
const THINGS = ['containers', 'trucks', 'barges', 'rail cars', 'aircraft'];

export function article(i: number): { title: string; date: string; paragraphs: string[] } {
  const place = PLACES[i % PLACES.length]!;
  const actor = ACTORS[i % ACTORS.length]!;
  const thing = THINGS[i % THINGS.length]!;
  const day = 1 + (i % 28);
  const count = 3 + (i % 40);
  return {
    title: `${count} ${thing} seen near ${place} in report ${i}`,
    date: `${day} March 2024, 0${i % 10}:15 PM`,
    paragraphs: [
      `Satellite images published on March ${day} show ${count} ${thing} near ${place}, ${actor} said on Tuesday.`,
      `According to ${actor}, the movement began earlier this week and could not be independently verified. Analysts believe the ${thing} were moved at night.`,
      `The ministry denied that any ${thing} had crossed the border, calling report ${i} "baseless". Officials said ${count + 2} ${thing} had been counted in February.`,
      `Traffic at ${place} was halted in 2020 and resumed in September, when both governments agreed to reopen the route.`,
    ],
  };
}

export function writeTextCorpus(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const a = article(i);
    const body = [a.title, '', a.date, '', ...a.paragraphs.flatMap((p) => [p, '']), 'Follow us on Mastodon'];
    writeFileSync(join(dir, `${String(i).padStart(6, '0')}.txt`), body.join('\n'));
  }
}

export function writeHtmlCorpus(dir: string, n: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const a = article(i);
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${a.title}</title>
<meta property="og:site_name" content="Bench Wire"><meta property="article:published_time" content="2024-03-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00Z">
<script>window.tracking = ${i};</script></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article><h1>${a.title}</h1><p class="byline">By Bench Writer</p>
${a.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
<figure><img src="x.jpg"><figcaption>Ships near the harbour (Photo: Bench Agency)</figcaption></figure>
</article><aside><h3>Related</h3><ul><li><a href="/a">Another story</a></li><li><a href="/b">More news</a></li></ul></aside>
<footer>© Bench Wire. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>`;
    writeFileSync(join(dir, `${String(i).padStart(6, '0')}.html`), html);
  }
}
