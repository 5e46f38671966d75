/**
 * The workbench in real headless Chromium against the demo corpus: search a phrase and open the hit, removed
 * boilerplate collapsed, pasted text ingested without a reload, an observation added, the map. Each page is saved to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
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
    await screenshot(page, 'search');

    const title = (await hits.first().locator('.hit-title').textContent())!;
    await hits.first().locator('.hit-title').click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.match(page.url(), /#\/documents\/[0-9a-f]{16}\?q=/);
    const matched = await page.locator('article.text .search-hit').allTextContents();
    assert.ok(
      matched.some((m) => /eastern/i.test(m)),
      'the searched words are marked in the text',
    );
    await screenshot(page, 'document');
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
    await screenshot(page, 'document-removed');
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
    await screenshot(page, 'ingest');

    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Harbour cranes idle in Quessa' }).waitFor();
    assert.match((await page.locator('.doc-head .meta').textContent())!, /Test Harbour News/);
    assert.match((await page.locator('details.removed summary').textContent())!, /Removed boilerplate \(\d\)/);
  });

  test('an observation is added from the form and listed', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/observations`);
    await page.locator('li.observation').first().waitFor();
    assert.equal(await page.locator('li.observation').count(), 2, 'the two demo observations');
    await page.getByLabel('Place').fill('Quessa, Eastern Terminal');
    await page.getByLabel('Latitude').fill('-37.9');
    await page.getByLabel('Longitude').fill('-23.5');
    await page.getByLabel('Observed at').fill('2024-03-13T07:00');
    await page.getByLabel('What was seen').fill('Vessel of about 140 m alongside berth 3; cranes idle.');
    await page.getByLabel('Analyst').fill('Test Analyst');
    await page.getByLabel('Confidence (0–1)').fill('0.6');
    await page.getByRole('button', { name: 'Add observation' }).click();
    await page.getByText('Observation added.').waitFor();
    const fresh = page.locator('li.observation.fresh');
    await fresh.waitFor();
    assert.match((await fresh.textContent())!, /Quessa, Eastern Terminal.*Test Analyst.*confidence 0\.6/s);
    assert.equal(await page.locator('li.observation').count(), 3);
    await screenshot(page, 'observations');

    // A bad observation is refused with the server's message, and nothing is added.
    await page.getByLabel('Place').fill('Nowhere');
    await page.getByLabel('What was seen').fill('Nothing');
    await page.getByLabel('Latitude').fill('123');
    await page.getByLabel('Observed at').fill('2024-03-13T07:00');
    await page.getByRole('button', { name: 'Add observation' }).click();
    await page.locator('form .error').waitFor();
    assert.match((await page.locator('form .error').textContent())!, /"lat" must be a number from -90 to 90/);
    assert.equal(await page.locator('li.observation').count(), 3);
  });

  test('the map shows the observations with coordinates', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/map`);
    await page.locator('svg.world .marker').first().waitFor();
    assert.ok((await page.locator('svg.world path.land').count()) > 100, 'the countries are drawn');
    const labels = await page.locator('svg.world .marker text').allTextContents();
    assert.ok(labels.includes('Port Orlan, Pier 4, Dravenia (2)'), 'the two sightings at one spot share a marker');
    await page.locator('svg.world .marker', { hasText: 'Port Orlan' }).click();
    assert.equal(await page.locator('.map-details article').count(), 2);
    await screenshot(page, 'map');
  });

  test('stories list; a story shows its documents in time order; split one out; link an observation', async () => {
    const { page, server } = wb;
    await page.goto(`${server.url}#/stories`);
    const cards = page.locator('li.story-card');
    await cards.first().waitFor();
    assert.ok((await cards.count()) >= 2);
    await screenshot(page, 'stories');

    const sizes = (await cards.locator('.meta').allTextContents()).map((m) => Number.parseInt(m, 10));
    await cards
      .nth(sizes.indexOf(Math.max(...sizes)))
      .locator('a')
      .click();
    const rows = page.locator('table.timeline tbody tr');
    await rows.first().waitFor();
    const size = await rows.count();
    assert.ok(size >= 2, 'the biggest story has several documents');
    const dates = await page.locator('table.timeline td.when time, table.timeline td.when').allTextContents();
    assert.equal(dates.length, size);
    await page.locator('.brief .lead').waitFor();
    assert.ok(((await page.locator('.brief .lead').textContent()) ?? '').length > 20, 'the lead is shown');
    const fact = page.locator('details.fact').first();
    await fact.locator('summary').click();
    await fact.locator('ul.mentions li').first().waitFor({ state: 'visible' });
    assert.ok((await fact.locator('.badge').first().textContent())!.length > 0, 'a status badge');
    await screenshot(page, 'story');

    await page.locator('.actions').getByLabel('Analyst', { exact: true }).fill('Browser Test');
    await rows.last().locator('input[type=checkbox]').check();
    const movedTitle = (await rows.last().locator('td a').first().textContent())!;
    await page.getByRole('button', { name: 'Split selected into a new story' }).click();
    await until(async () => (await page.locator('table.timeline tbody tr').count()) === 1);
    assert.equal(await page.locator('table.timeline tbody tr td a').first().textContent(), movedTitle);
    assert.match((await page.locator('.audit').textContent())!, /Browser Test · split/);

    await page.locator('details.add-observation summary').click();
    const form = page.locator('details.add-observation form');
    await form.getByLabel('Place').fill('Story test place');
    await form.getByLabel('Observed at').fill('2024-03-14T08:00');
    await form.getByLabel('What was seen').fill('Linked from the story page.');
    await form.getByLabel('Analyst').fill('Browser Test');
    await form.getByRole('button', { name: 'Add observation' }).click();
    await page.locator('ol.observations li.observation.fresh', { hasText: 'Story test place' }).waitFor();
  });

  test('no page logged an error or broke the content security policy', () => {
    assert.deepEqual(wb.problems, []);
  });
});
