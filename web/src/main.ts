/**
 * The workbench: a single page with hash routes (`#/search?q=…`, `#/documents/ID`, `#/ingest`, `#/observations`,
 * `#/map`). Each page renders into <main> and may return a cleanup function.
 */
import { h, replace } from './dom.ts';
import { renderDocument } from './pages/document.ts';
import { renderIngest } from './pages/ingest.ts';
import { renderMap } from './pages/map.ts';
import { renderObservations } from './pages/observations.ts';
import { renderSearch } from './pages/search.ts';
import { parseHash, type Route } from './router.ts';

type Page = (root: HTMLElement, route: Route) => undefined | (() => void) | Promise<undefined | (() => void)>;

const PAGES: { name: string; label: string; render: Page }[] = [
  { name: 'search', label: 'Documents', render: renderSearch },
  { name: 'ingest', label: 'Ingest', render: renderIngest },
  { name: 'observations', label: 'Observations', render: renderObservations },
  { name: 'map', label: 'Map', render: renderMap },
];

const main = h('main', { id: 'main', tabindex: '-1' });
const nav = h('nav', { 'aria-label': 'Pages' });
let cleanup: (() => void) | undefined;

async function route(): Promise<void> {
  const current = parseHash(location.hash);
  const name = current.path[0] ?? 'search';
  const page =
    name === 'documents' && current.path[1] ? { render: renderDocument } : PAGES.find((p) => p.name === name);
  for (const link of nav.querySelectorAll('a')) {
    const active = link.dataset.page === (name === 'documents' ? 'search' : name);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  cleanup?.();
  cleanup = undefined;
  if (!page) {
    replace(
      main,
      h('h1', {}, 'Not found'),
      h('p', {}, 'There is no page here. '),
      h('a', { href: '#/search' }, 'Back to documents'),
    );
    return;
  }
  try {
    cleanup = (await page.render(main, current)) ?? undefined;
  } catch (err) {
    replace(main, h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, (err as Error).message));
  }
}

function shell(): void {
  for (const page of PAGES) nav.append(h('a', { href: `#/${page.name}`, 'data-page': page.name }, page.label));
  document.body.replaceChildren(
    h('header', { class: 'top' }, h('a', { class: 'brand', href: '#/search' }, 'Triangulate'), nav),
    main,
  );
  window.addEventListener('hashchange', () => void route());
  void route();
}

shell();
