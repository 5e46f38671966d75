/** Documents and search: one box, facets by source and day, hits with highlighted snippets. */
import { api } from '../api.ts';
import { badge, formatDate, h, marked, replace } from '../dom.ts';
import { hashFor, type Route, rememberState } from '../router.ts';
import type { SearchResult } from '../types.ts';

const PAGE_SIZE = 20;

interface State {
  q: string;
  source: string;
  entity: string;
  from: string;
  to: string;
}

export function renderSearch(root: HTMLElement, route: Route): () => void {
  const state: State = {
    q: route.params.get('q') ?? '',
    source: route.params.get('source') ?? '',
    entity: route.params.get('entity') ?? '',
    from: route.params.get('from') ?? '',
    to: route.params.get('to') ?? '',
  };
  const input = h('input', {
    type: 'search',
    name: 'q',
    value: state.q,
    placeholder: 'Search words, "a phrase", this OR that…',
    'aria-label': 'Search the documents',
    autocomplete: 'off',
  });
  const summary = h('p', { class: 'summary', role: 'status' });
  const facets = h('aside', { class: 'facets', 'aria-label': 'Filters' });
  const results = h('ol', { class: 'hits' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More results');
  let shown = 0;
  let generation = 0;
  let timer: number | undefined;

  async function run(append = false): Promise<void> {
    const mine = ++generation;
    rememberState('search', { ...state });
    const result = await api.get<SearchResult>('/api/search', {
      ...state,
      limit: PAGE_SIZE,
      offset: append ? shown : 0,
    });
    if (mine !== generation) return; // a newer search has started
    if (!append) {
      results.replaceChildren();
      shown = 0;
    }
    for (const hit of result.hits) results.append(hitItem(hit, state.q));
    shown += result.hits.length;
    more.hidden = shown >= result.total;
    // Beyond the window the server weighs only the most recently stored matches: say so rather than a false total.
    const total = result.totalIsLowerBound ? `${result.total.toLocaleString('en')}+` : String(result.total);
    const what = state.q.trim()
      ? `${total} matching document${result.total === 1 ? '' : 's'}`
      : `${total} documents, newest first`;
    replace(
      summary,
      what,
      result.totalIsLowerBound
        ? h(
            'span',
            { class: 'meta' },
            ` · best of the ${result.window.toLocaleString('en')} most recently stored; narrow the query or the dates to weigh the rest`,
          )
        : null,
    );
    renderFacets(result);
  }

  function renderFacets(result: SearchResult): void {
    const sourceItems = result.facets.sources.map((s) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'facet',
            'aria-pressed': String(state.source === s.id),
            onclick: () => {
              state.source = state.source === s.id ? '' : s.id;
              void run();
            },
          },
          h('span', {}, s.name),
          h('span', { class: 'count' }, s.count),
        ),
      ),
    );
    const dayItems = result.facets.days.map((d) => {
      const active = state.from === d.date && state.to === d.date;
      return h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'facet',
            'aria-pressed': String(active),
            onclick: () => {
              state.from = active ? '' : d.date;
              state.to = active ? '' : d.date;
              void run();
            },
          },
          h('span', {}, formatDate(d.date)),
          h('span', { class: 'count' }, d.count),
        ),
      );
    });
    const entityItems = result.facets.entities.map((e) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'facet',
            title: `${e.type} · ${e.id}`,
            'aria-pressed': String(state.entity === e.id),
            onclick: () => {
              state.entity = state.entity === e.id ? '' : e.id;
              void run();
            },
          },
          h('span', {}, h('span', { class: `dot entity-${e.type}` }), ` ${e.name}`),
          h('span', { class: 'count' }, e.count),
        ),
      ),
    );
    const range = h(
      'form',
      {
        class: 'range',
        onsubmit: (event: Event) => {
          event.preventDefault();
          const data = new FormData(event.target as HTMLFormElement);
          state.from = String(data.get('from') ?? '');
          state.to = String(data.get('to') ?? '');
          void run();
        },
      },
      h('label', {}, 'From', h('input', { type: 'date', name: 'from', value: state.from.slice(0, 10) })),
      h('label', {}, 'To', h('input', { type: 'date', name: 'to', value: state.to.slice(0, 10) })),
      h('button', { type: 'submit', class: 'secondary' }, 'Apply'),
    );
    const clear =
      state.source || state.entity || state.from || state.to
        ? h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => {
                state.source = state.entity = state.from = state.to = '';
                void run();
              },
            },
            'Clear filters',
          )
        : null;
    replace(
      facets,
      h('h2', {}, 'Source'),
      h('ul', { class: 'facet-list' }, sourceItems.length ? sourceItems : h('li', { class: 'muted' }, 'none')),
      entityItems.length ? [h('h2', {}, 'Named'), h('ul', { class: 'facet-list' }, entityItems)] : null,
      h('h2', {}, 'Published'),
      h('ul', { class: 'facet-list' }, dayItems.length ? dayItems : h('li', { class: 'muted' }, 'no dates')),
      range,
      clear,
    );
  }

  const form = h(
    'form',
    {
      class: 'search',
      role: 'search',
      onsubmit: (event: Event) => {
        event.preventDefault();
        state.q = input.value;
        window.clearTimeout(timer);
        void run();
      },
    },
    input,
    h('button', { type: 'submit' }, 'Search'),
  );
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      state.q = input.value;
      void run();
    }, 250);
  });
  more.addEventListener('click', () => void run(true));

  replace(
    root,
    h('h1', { class: 'visually-hidden' }, 'Documents'),
    form,
    h('div', { class: 'with-facets' }, facets, h('section', { class: 'results' }, summary, results, more)),
  );
  input.focus();
  void run().catch((err: Error) => replace(summary, h('span', { class: 'error' }, err.message)));
  return () => window.clearTimeout(timer);
}

function hitItem(hit: SearchResult['hits'][number], query: string): HTMLElement {
  const href = hashFor(`documents/${hit.documentId}`, query.trim() ? { q: query } : {});
  return h(
    'li',
    { class: 'hit' },
    h('a', { class: 'hit-title', href }, marked(hit.title, hit.titleHighlights)),
    h(
      'p',
      { class: 'meta' },
      h('span', {}, hit.source.name),
      ' · ',
      h('time', { datetime: hit.publishedAt.value ?? '' }, formatDate(hit.publishedAt.value)),
      hit.publishedAt.origin === 'unknown' ? [' ', badge('date unknown', 'warn')] : null,
    ),
    h('p', { class: 'snippet' }, marked(hit.snippet, hit.highlights)),
  );
}
