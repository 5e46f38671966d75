/**
 * The workbench in real headless Chromium against the demo corpus: search a phrase and open the hit, removed
 * boilerplate collapsed, pasted text ingested without a reload, an observation added, the map. Each page is saved to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { noChromium, openWorkbench, screenshot, type Workbench } from './browser.ts';

/** Poll from the test side: string predicates would run as eval in the page, which its CSP forbids. */
async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the page');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('workbench in Chromium', { skip: noChromium }, () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });
  // Every test fails on a console error, an uncaught page error or a request to another host it did not expect.
  afterEach(() => {
    if (wb) assert.deepEqual(wb.takeProblems(), []);
  });

  test('search a phrase, see highlighted hits and facets, open the hit', async () => {
    const { page, server } = wb;
    await page.goto(server.url);
    await page.getByRole('searchbox').fill('"Eastern Terminal"');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText(/matching documents?$/).waitFor();
    const hits = page.locator('li.hit');
    assert.ok((await hits.count()) >= 2, 'the phrase is in several demo documents');
    const marks = await hits.first().locator('.snippet mark').allTextContents();
    assert.deepEqual([...new Set(marks.map((m) => m.toLowerCase()))], ['eastern terminal'], 'the phrase is marked');
    const facetSources = await page.locator('.facets button.facet').count();
    assert.ok(facetSources >= 2, 'source and day facets are listed');
    assert.deepEqual(await screenshot(page, 'search'), []);

    const title = (await hits.first().locator('.hit-title').textContent())!;
    await hits.first().locator('.hit-title').click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.match(page.url(), /#\/documents\/[0-9a-f]{16}\?q=/);
    const matched = await page.locator('article.text .search-hit').allTextContents();
    assert.ok(
      matched.some((m) => /eastern/i.test(m)),
      'the searched words are marked in the text',
    );
    assert.deepEqual(await screenshot(page, 'document'), []);
  });

  test('a source facet narrows the hits, and a query with FTS syntax errors still answers', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/search?q=${encodeURIComponent('rail strike')}`);
    await page.locator('li.hit').first().waitFor();
    const before = await page.locator('li.hit').count();
    await page.locator('.facets button.facet', { hasText: 'Valmont Gazette' }).click();
    await until(async () => (await page.locator('li.hit').count()) < before);
    const sources = await page.locator('li.hit .meta span:first-child').allTextContents();
    assert.deepEqual([...new Set(sources)], ['Valmont Gazette']);
    const named = page.locator('.facets h2', { hasText: 'Named' });
    assert.equal(await named.count(), 1, 'entities named in the hits are a facet');

    await page.goto(`${server.url}#/search?q=${encodeURIComponent('AND "ship OR')}`);
    await page.getByText(/matching documents?$/).waitFor();
    assert.equal(await page.locator('.summary .error').count(), 0);
  });

  test('a document shows its removed boilerplate collapsed, with reasons', async () => {
    const { page, server, store } = wb;
    const [meridian] = (await store.search({ text: '"Sellan Trader"', sourceId: 'meridian-wire' })).hits;
    assert.ok(meridian, 'a Meridian Wire report is in the demo corpus');
    await page.goto(`${server.url}#/documents/${meridian.documentId}`);
    const removed = page.locator('details.removed');
    await removed.waitFor();
    assert.equal(await removed.getAttribute('open'), null, 'collapsed at first');
    assert.equal(await removed.locator('li').first().isVisible(), false);
    assert.match((await removed.locator('summary').textContent())!, /^Removed boilerplate \(\d+\)$/);
    await removed.locator('summary').click();
    await removed.locator('li').first().waitFor({ state: 'visible' });
    const text = (await removed.textContent())!;
    assert.match(text, /Follow Meridian Wire on Chirper/);
    assert.match(text, /recurring line|social prompt/);
    const article = (await page.locator('article.text').textContent())!;
    assert.doesNotMatch(article, /Follow Meridian Wire/, 'boilerplate is not in the clean text');
    assert.deepEqual(await screenshot(page, 'document-removed'), []);
  });

  test('pasted text is ingested and appears without a reload', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/ingest`);
    // A value kept on the window survives only if the page is not reloaded.
    const marker = await page.evaluate('window.marker = "same page"');
    await page
      .getByLabel('Article text')
      .fill(
        'Harbour cranes idle in Quessa\n14 March 2024, 10:00\n\nDockworkers in Quessa stopped two harbour cranes for an ' +
          'inspection on Thursday, the port authority said.\n\nShare this article',
      );
    await page.getByLabel('Outlet (when the text does not say)').fill('Test Harbour News');
    await page.getByRole('button', { name: 'Ingest text' }).click();
    const link = page.locator('.report a', { hasText: 'Harbour cranes idle in Quessa' });
    await link.waitFor();
    assert.equal(await page.locator('.report .badge').first().textContent(), 'added');
    await page.locator('ol.recent a', { hasText: 'Harbour cranes idle in Quessa' }).waitFor();
    assert.equal(await page.evaluate('window.marker'), marker, 'no reload');
    assert.deepEqual(await screenshot(page, 'ingest'), []);

    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Harbour cranes idle in Quessa' }).waitFor();
    assert.match((await page.locator('.doc-head .meta').textContent())!, /Test Harbour News/);
    assert.match((await page.locator('details.removed summary').textContent())!, /Removed boilerplate \(\d\)/);
  });

  test('markup in an article is shown as text, never run or loaded', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/ingest`);
    const title = 'Crane report <img src="/x.png" onerror="window.pwned = 1"><script>window.pwned = 2</script>';
    await page
      .getByLabel('Article text')
      .fill(`${title}\n14 March 2024, 11:00\n\nThe <b>port</b> said <a href="javascript:alert(1)">nothing</a> more.`);
    await page.getByRole('button', { name: 'Ingest text' }).click();
    await page.locator('.report a', { hasText: 'Crane report' }).click();
    const heading = page.getByRole('heading', { level: 1 });
    await heading.filter({ hasText: 'Crane report' }).waitFor();
    assert.equal(await heading.textContent(), title, 'the title is shown as written');
    assert.match((await page.locator('article.text').textContent())!, /The <b>port<\/b> said <a href=/);
    assert.equal(await page.locator('main img, main script, article.text b, article.text a').count(), 0);
    assert.equal(await page.evaluate('window.pwned'), undefined);
  });

  test('an observation is added from the form and listed', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/observations`);
    await page.locator('li.observation').first().waitFor();
    assert.equal(await page.locator('li.observation').count(), 2, 'the two demo observations');
    await page.getByLabel('Place').fill('Harrow Islands, north beach');
    await page.getByLabel('Latitude').fill('-37.1');
    await page.getByLabel('Longitude').fill('-25.5');
    await page.getByLabel('Observed at').fill('2024-02-01T07:00');
    await page.getByLabel('What was seen').fill('Two fishing boats drawn up on the beach.');
    await page.getByLabel('Analyst').fill('Test Analyst');
    await page.getByLabel('Confidence (0–1)').fill('0.6');
    await page.getByRole('button', { name: 'Add observation' }).click();
    await page.getByText('Observation added.').waitFor();
    const fresh = page.locator('li.observation.fresh');
    await fresh.waitFor();
    assert.match((await fresh.textContent())!, /Harrow Islands, north beach.*Test Analyst.*confidence 0\.6/s);
    assert.equal(await page.locator('li.observation').count(), 3);
    assert.deepEqual(await screenshot(page, 'observations'), []);

    // A bad observation is refused with the server's message, and nothing is added.
    wb.expectConsoleError(/status of 400/);
    await page.getByLabel('Place').fill('Nowhere');
    await page.getByLabel('What was seen').fill('Nothing');
    await page.getByLabel('Latitude').fill('123');
    await page.getByLabel('Observed at').fill('2024-03-13T07:00');
    await page.getByRole('button', { name: 'Add observation' }).click();
    await page.locator('form .error').waitFor();
    assert.match((await page.locator('form .error').textContent())!, /"lat" must be a number from -90 to 90/);
    assert.equal(await page.locator('li.observation').count(), 3);
  });

  test('open the demo story: its timeline, and a disputed fact expanded to its mention', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/stories`);
    const rows = page.locator('tr.story-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 2);
    // The counts fill in as the server weighs each story in the background.
    await until(async () => (await page.locator('tr.story-row[data-pending="true"]').count()) === 0, 30_000);
    const main = rows.filter({ hasText: 'Dravenia denies arms cargo' });
    assert.match((await main.locator('td').nth(2).textContent())!, /^\d+ \/ \d+$/, 'origins / outlets');
    assert.ok(Number(await main.locator('td').nth(3).textContent()) >= 1, 'the main story has disputed facts');
    assert.deepEqual(await screenshot(page, 'stories'), []);

    const sizes = (await rows.locator('td.size').allTextContents()).map(Number);
    await rows
      .nth(sizes.indexOf(Math.max(...sizes)))
      .locator('a.hit-title')
      .click();
    const documents = page.locator('table.timeline tbody tr');
    await documents.first().waitFor();
    const size = await documents.count();
    assert.ok(size >= 2, 'the biggest story has several documents');
    assert.equal((await page.locator('table.timeline td.when').allTextContents()).length, size);
    await page.locator('.brief .lead').waitFor();
    assert.ok(((await page.locator('.brief .lead').textContent()) ?? '').length > 20, 'the lead is shown');
    assert.ok((await page.locator('.brief ol.events > li').count()) >= 3, 'the timeline has dated events');
    const disputed = page.locator('details.fact', { has: page.locator('summary .badge', { hasText: /^disputed$/ }) });
    assert.ok((await disputed.count()) >= 1, 'a disputed fact');
    await disputed.first().locator('summary').click();
    const mention = disputed.first().locator('ul.mentions li').first();
    await mention.waitFor({ state: 'visible' });
    assert.ok(((await mention.locator('q').textContent()) ?? '').length > 10, 'the sentence of the mention');
    assert.match((await mention.textContent())!, /origin .+, (asserts|reports|denies|believes|cannot-determine|\w+)/);
    assert.deepEqual(await screenshot(page, 'story'), []);
  });

  test("a story's documents page through, and what is ticked for a split stays ticked", async () => {
    const { page, server } = wb;
    const [main] = (await wb.store.listStories()).sort((a, b) => b.docIds.length - a.docIds.length);
    const size = main!.docIds.length;
    assert.ok(size >= 3, 'the biggest demo story spans two pages of two');
    await page.goto(`${server.url}#/stories/${main!.id}?per=2`);
    const documents = page.locator('table.timeline tbody tr');
    const pager = page.locator('nav.pager');
    // The previous page may still be showing: wait for this one's pager.
    await until(
      async () =>
        (await pager
          .locator('.meta')
          .textContent()
          .catch(() => '')) === `1–2 of ${size}`,
    );
    assert.equal(await documents.count(), 2);
    assert.ok(await pager.getByRole('button', { name: '← Earlier' }).isHidden());
    const firstPage = await documents.locator('td a').first().textContent();
    await documents.first().locator('input[type=checkbox]').check();
    await pager.getByRole('button', { name: 'Later →' }).click();
    await until(async () => (await pager.locator('.meta').textContent()) === `3–${Math.min(4, size)} of ${size}`);
    assert.notEqual(await documents.locator('td a').first().textContent(), firstPage);
    assert.deepEqual(await screenshot(page, 'story-pages'), []);
    await pager.getByRole('button', { name: '← Earlier' }).click();
    await until(async () => (await pager.locator('.meta').textContent()) === `1–2 of ${size}`);
    assert.ok(await documents.first().locator('input[type=checkbox]').isChecked(), 'still ticked');
  });

  test("an observation added on the story page changes a fact's status", async () => {
    const { page, server } = wb;
    const [main] = (await wb.store.listStories()).sort((a, b) => b.docIds.length - a.docIds.length);
    await page.goto(`${server.url}#/stories/${main!.id}`);
    const fact = page.locator('details.fact', { hasText: "berthed at the port's Eastern Terminal" });
    await fact.first().waitFor();
    const status = () => fact.first().locator('summary .badge').first().textContent();
    assert.equal(await status(), 'single origin', 'one outlet reported the berthing');
    await page.locator('details.add-observation summary').click();
    const form = page.locator('details.add-observation form');
    await form.getByLabel('Place').fill('Quessa, Eastern Terminal');
    await form.getByLabel('Latitude').fill('-37.9');
    await form.getByLabel('Longitude').fill('-23.5');
    await form.getByLabel('Observed at').fill('2024-03-13T07:00');
    await form
      .getByLabel('What was seen')
      .fill('MV Sellan Trader berthed at the Eastern Terminal of Quessa; cranes idle.');
    await form.getByLabel('Analyst').fill('Browser Test');
    await form.getByRole('button', { name: 'Add observation' }).click();
    await page.locator('ol.observations li.observation.fresh', { hasText: 'Quessa, Eastern Terminal' }).waitFor();
    const added = (await wb.store.listObservations()).find((o) => o.place === 'Quessa, Eastern Terminal');
    assert.equal(added?.storyId, main!.id, 'an observation added on a story page is linked to that story');
    await until(async () => (await status()) !== 'single origin');
    assert.equal(await status(), 'corroborated', 'the observation is a second, independent origin');
    await fact.first().locator('summary').click();
    await fact.first().locator('ul.mentions li', { hasText: 'analyst observation' }).waitFor();
  });

  test('split a document out of the demo story into a new story', async () => {
    const { page, server } = wb;
    const [main] = (await wb.store.listStories()).sort((a, b) => b.docIds.length - a.docIds.length);
    await page.goto(`${server.url}#/stories/${main!.id}`);
    const documents = page.locator('table.timeline tbody tr');
    await documents.first().waitFor();
    await page.locator('.actions').getByLabel('Analyst', { exact: true }).fill('Browser Test');
    await documents.last().locator('input[type=checkbox]').check();
    const movedTitle = (await documents.last().locator('td a').first().textContent())!;
    await page.getByRole('button', { name: 'Split selected into a new story' }).click();
    await until(async () => (await page.locator('table.timeline tbody tr').count()) === 1);
    assert.equal(await page.locator('table.timeline tbody tr td a').first().textContent(), movedTitle);
    assert.match((await page.locator('.audit').textContent())!, /Browser Test · split/);
  });

  test('the map shows the places the demo story names and the observations, linked to their facts', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/map`);
    await page.locator('svg.world .marker').first().waitFor();
    assert.ok((await page.locator('svg.world path.land').count()) > 100, 'the countries are drawn');
    const labels = await page.locator('svg.world .marker text').allTextContents();
    assert.ok(labels.includes('Port Orlan, Pier 4, Dravenia (2)'), 'the two sightings at one spot share a marker');
    assert.deepEqual(await screenshot(page, 'map'), []);

    const [main] = (await wb.store.listStories()).sort((a, b) => b.docIds.length - a.docIds.length);
    await page.goto(`${server.url}#/stories/${main!.id}`);
    await page.getByRole('link', { name: 'places on the map' }).click();
    // Port Orlan is located by the observations there: one marker for the place and its two observations.
    const place = page.locator('svg.world .marker.place', { hasText: /^Port Orlan · 2 observations$/ });
    await place.waitFor();
    await place.locator('rect').click();
    const card = page.locator('.map-details .place-card');
    await card.waitFor();
    assert.match((await card.locator('h3').textContent())!, /^Port Orlan$/);
    assert.match((await card.locator('.meta').first().textContent())!, /located by an analyst observation/);
    const factLinks = card.locator('ul.map-facts a');
    assert.ok((await factLinks.count()) >= 2, 'Port Orlan bears on several facts');
    assert.equal(await page.locator('.map-details .observation-card').count(), 2, 'with the observations there');
    const labels2 = await page.locator('svg.world .marker text').allTextContents();
    assert.ok(labels2.includes('Quessa · 1 observation'), 'Quessa, located by the observation added on the story page');
    assert.deepEqual(await screenshot(page, 'map-story'), []);

    const statement = (await factLinks.first().textContent())!;
    await factLinks.first().click();
    const opened = page.locator('details.fact.wanted');
    await opened.waitFor();
    assert.equal(await opened.getAttribute('open'), '', 'the fact opens');
    assert.ok((await opened.locator('summary').textContent())!.includes(statement));
  });
});
