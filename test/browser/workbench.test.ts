/**
 * The workbench in real headless Chromium against the demo corpus: search a phrase and open the hit, removed
 * boilerplate collapsed, pasted text ingested without a reload, an observation added, the map. Each page is saved to
 * test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { noChromium, openWorkbench, screenshot, type Workbench } from './browser.ts';

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
    await page.waitForFunction(`document.querySelectorAll('li.hit').length < ${before}`);
    const sources = await page.locator('li.hit .meta span:first-child').allTextContents();
    assert.deepEqual([...new Set(sources)], ['Valmont Gazette']);

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

  test('no page logged an error or broke the content security policy', () => {
    assert.deepEqual(wb.problems, []);
  });
});
