/**
 * Browser-test support: the demo corpus in a fresh database behind a real server on a random loopback port, and the
 * system's headless Chromium driven by playwright-core. Tests skip (with this message) where Chromium is absent.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { defaultConfig } from '../../src/config.ts';
import { ingest } from '../../src/ingest/ingest.ts';
import { type RunningServer, startServer } from '../../src/server/serve.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { projectRoot } from '../support.ts';

export const CHROMIUM = process.env.TRIANGULATE_CHROMIUM ?? '/usr/bin/chromium';

export const noChromium = existsSync(CHROMIUM)
  ? false
  : `skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set TRIANGULATE_CHROMIUM)`;

export const SCREENSHOTS = join(projectRoot, 'test-output', 'screenshots');

export interface Workbench {
  server: RunningServer;
  store: SqliteStore;
  browser: Browser;
  page: Page;
  /** Console errors and CSP violations the page reported: a test fails if any appear. */
  problems: string[];
  close(): Promise<void>;
}

export async function openWorkbench(): Promise<Workbench> {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'triangulate-browser-')), 'demo.db'));
  await ingest([join(projectRoot, 'examples', 'demo')], { store, config: defaultConfig });
  const server = await startServer({ store, config: defaultConfig, port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    // A refused request the page shows as a message (400 for a bad form) is expected; anything else is not.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    store,
    browser,
    page,
    problems,
    async close() {
      await browser.close();
      await server.close();
      await store.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
