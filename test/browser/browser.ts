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
  /** Console errors, uncaught page errors and CSP violations since the last `takeProblems()`. */
  problems: string[];
  /** Console errors matching this are expected once (a refused form posting a 400): they are not problems. */
  expectConsoleError(pattern: RegExp): void;
  /** The problems seen since the last call, and a fresh start. */
  takeProblems(): string[];
  close(): Promise<void>;
}

/** The two viewports every page must be usable at: a laptop and a phone. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

export async function openWorkbench(): Promise<Workbench> {
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'triangulate-browser-')), 'demo.db'));
  await ingest([join(projectRoot, 'examples', 'demo')], { store, config: defaultConfig });
  const server = await startServer({ store, config: defaultConfig, port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: VIEWPORTS[0].width, height: VIEWPORTS[0].height } });
  const problems: string[] = [];
  const expected: RegExp[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const allowed = expected.findIndex((pattern) => pattern.test(message.text()));
    if (allowed >= 0) expected.splice(allowed, 1);
    else problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Anything the page asks of another host is a problem: the workbench loads nothing from outside.
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.host !== new URL(server.url).host) problems.push(`outside request: ${url}`);
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    store,
    browser,
    page,
    problems,
    expectConsoleError: (pattern) => expected.push(pattern),
    takeProblems: () => {
      const taken = problems.splice(0);
      expected.length = 0;
      return taken;
    },
    async close() {
      await browser.close();
      await server.close();
      await store.close();
    },
  };
}

/**
 * Save the page at both viewports (`NAME-desktop.png`, `NAME-phone.png`, whole page) and return what is wrong with
 * its layout at each: content wider than the viewport (a sideways scroll), which makes a page unusable on a phone.
 */
export async function screenshot(page: Page, name: string): Promise<string[]> {
  const original = page.viewportSize();
  const wrong: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.waitForTimeout(100);
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    if (overflow > 0) {
      // Name the outermost elements that stick out, to say where to look.
      const culprits = (await page.evaluate(`(() => {
        const width = document.documentElement.clientWidth;
        const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width + 1
          && !e.closest('svg, nav'));
        return out.filter((e) => !out.includes(e.parentElement)).slice(0, 5)
          .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
      })()`)) as string[];
      wrong.push(`${name} at ${viewport.width}px: ${overflow}px wider than the window (${culprits.join(', ')})`);
    }
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport.name}.png`), fullPage: true });
    // The top of the page as the user first sees it, at full resolution, to look at.
    const scrolled = (await page.evaluate('window.scrollY')) as number;
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${viewport.name}-top.png`) });
    await page.evaluate(`window.scrollTo(0, ${scrolled})`);
  }
  if (original) await page.setViewportSize(original);
  return wrong;
}
