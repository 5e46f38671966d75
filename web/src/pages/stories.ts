/** Stories: the list, and one story with its documents in time order, merge and split, and linked observations. */
import { api } from '../api.ts';
import { badge, formatDate, h, replace } from '../dom.ts';
import { hashFor, type Route } from '../router.ts';
import type { Observation, StoryBriefSummary } from '../types.ts';
import { type BriefJson, renderBrief } from './brief.ts';
import { observationForm, observationItem } from './observations.ts';

export interface StorySummary {
  id: string;
  title: string;
  size: number;
  firstSeen: string | null;
  lastSeen: string | null;
  sources: string[];
  /** In the list only: the names of `sources`. */
  sourceNames?: string[];
}

interface StoryDocument {
  id: string;
  title: string;
  source: string;
  publishedAt: { value: string | null; origin: string };
  url: string | null;
}

interface Relation {
  type: string;
  a: string;
  b: string;
  score: number;
}

interface AuditEntry {
  at: string;
  analyst: string;
  action: string;
  detail: Record<string, unknown>;
}

export interface StoryDetail extends StorySummary {
  /** One page of the story's documents, oldest first. */
  documents: StoryDocument[];
  documentsPage: { offset: number; limit: number; total: number; nextOffset: number | null };
  /** The relations among the page's documents. */
  relations: Relation[];
  /** Relations of each type in the whole story. */
  relationCounts: Record<string, number>;
  audit: AuditEntry[];
}

/** Documents per page of a story (`#/stories/ID?per=N` asks for another size, 1–500). */
const DOCUMENTS_PAGE = 50;

const ANALYST_KEY = 'triangulate.analyst';

function span(s: StorySummary): string {
  if (!s.firstSeen) return 'undated';
  const first = formatDate(s.firstSeen.slice(0, 10));
  const last = s.lastSeen ? formatDate(s.lastSeen.slice(0, 10)) : first;
  return first === last ? first : `${first} – ${last}`;
}

interface StoryListItem extends StorySummary {
  counts: StoryBriefSummary | null;
}

const PAGE = 50;

function count(n: number | undefined, kind: string): HTMLElement | string {
  if (n === undefined) return '…';
  return n ? badge(String(n), kind) : h('span', { class: 'muted' }, '0');
}

/** The list: one dense row per story, newest activity first, a page at a time; filters from the address. */
export async function renderStories(root: HTMLElement, route: Route): Promise<() => void> {
  const filters = {
    since: route.params.get('since') ?? undefined,
    until: route.params.get('until') ?? undefined,
    source: route.params.get('source') ?? undefined,
    entity: route.params.get('entity') ?? undefined,
  };
  const body = h('tbody', {});
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'More stories');
  const summary = h('p', { class: 'muted' });
  let shown = 0;
  let nextOffset: number | null = 0;
  const rows = new Map<string, HTMLElement>();
  let timer: number | undefined;
  let polls = 0;

  /** Counts the server has not weighed yet fill in as it does (it works through the stories in the background). */
  function watchCounts(): void {
    clearTimeout(timer);
    if (![...rows.values()].some((row) => row.dataset.pending === 'true') || polls++ > 40) return;
    timer = window.setTimeout(async () => {
      const page = await api.get<{ stories: StoryListItem[] }>('/api/stories', {
        ...filters,
        limit: Math.min(shown, 500),
        offset: 0,
      });
      for (const story of page.stories) {
        const row = rows.get(story.id);
        if (row?.dataset.pending === 'true' && story.counts) {
          const fresh = storyRow(story);
          row.replaceWith(fresh);
          rows.set(story.id, fresh);
        }
      }
      watchCounts();
    }, 1500);
  }

  async function load(): Promise<void> {
    if (nextOffset === null) return;
    const page = await api.get<{ stories: StoryListItem[]; nextOffset: number | null }>('/api/stories', {
      ...filters,
      limit: PAGE,
      offset: nextOffset,
    });
    nextOffset = page.nextOffset;
    shown += page.stories.length;
    for (const story of page.stories) {
      const row = storyRow(story);
      rows.set(story.id, row);
      body.append(row);
    }
    watchCounts();
    more.hidden = nextOffset === null;
    replace(
      summary,
      shown
        ? `${shown}${nextOffset === null ? '' : '+'} ${shown === 1 ? 'story' : 'stories'}, most recently active first. Counts come from each story's brief (… while it is being weighed).`
        : 'No stories here yet: ingest some documents, or widen the filters.',
    );
  }
  more.addEventListener('click', () => void load());

  const input = (name: 'since' | 'until', label: string) =>
    h('label', {}, label, h('input', { type: 'date', name, value: filters[name] ?? '' }));
  const form = h(
    'form',
    { class: 'range story-filters' },
    input('since', 'Active since'),
    input('until', 'Began by'),
    h('button', { type: 'submit', class: 'secondary' }, 'Filter'),
    filters.source || filters.entity
      ? h(
          'span',
          { class: 'meta' },
          `Only ${filters.source ? `source ${filters.source}` : `entity ${filters.entity}`} · `,
          h('a', { href: hashFor('stories') }, 'all stories'),
        )
      : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = hashFor('stories', {
      ...filters,
      since: String(data.get('since') ?? '') || undefined,
      until: String(data.get('until') ?? '') || undefined,
    });
  });

  replace(
    root,
    h('h1', {}, 'Stories'),
    form,
    summary,
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'stories' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'Story'),
            h('th', { class: 'num', title: 'documents' }, 'Docs'),
            h('th', { class: 'num', title: 'independent origins / outlets' }, 'Origins / outlets'),
            h('th', { class: 'num' }, 'Disputed'),
            h('th', { class: 'num' }, 'Contra\u00addicted'),
            h('th', {}, 'Last update'),
          ),
        ),
        body,
      ),
    ),
    more,
  );
  await load();
  return () => clearTimeout(timer);
}

function storyRow(s: StoryListItem): HTMLElement {
  const c = s.counts;
  return h(
    'tr',
    { class: 'story-row', 'data-pending': c ? 'false' : 'true' },
    h(
      'td',
      { class: 'story-title' },
      h('a', { class: 'hit-title', href: hashFor(`stories/${s.id}`) }, s.title),
      h(
        'div',
        { class: 'sources' },
        s.sources
          .slice(0, 6)
          .map((id, i) =>
            h('a', { class: 'badge', href: hashFor('stories', { source: id }) }, s.sourceNames?.[i] ?? id),
          ),
        s.sources.length > 6 ? h('span', { class: 'meta' }, ` +${s.sources.length - 6}`) : null,
      ),
    ),
    h('td', { class: 'num size', 'data-label': 'Docs' }, String(s.size)),
    h(
      'td',
      { class: 'num', 'data-label': 'Origins / outlets', title: 'independent origins / outlets' },
      c ? `${c.origins} / ${c.outlets}` : '…',
    ),
    h('td', { class: 'num', 'data-label': 'Disputed' }, count(c?.disputed, 'warn')),
    h('td', { class: 'num', 'data-label': 'Contradicted' }, count(c?.contradicted, 'bad')),
    h('td', { class: 'when', 'data-label': 'Last update' }, s.lastSeen ? formatDate(s.lastSeen) : span(s)),
  );
}

export async function renderStory(root: HTMLElement, route: Route): Promise<undefined> {
  const id = route.path[1] ?? '';
  const per = Math.min(500, Math.max(1, Number(route.params.get('per')) || DOCUMENTS_PAGE));
  const [{ story, observations }, { stories }] = await Promise.all([
    api.get<{ story: StoryDetail; observations: Observation[] }>(`/api/stories/${encodeURIComponent(id)}`, {
      limit: per,
    }),
    api.get<{ stories: StorySummary[] }>('/api/stories', { limit: 200 }),
  ]);
  const message = h('p', { role: 'status' });
  const analyst = h('input', {
    name: 'analyst',
    type: 'text',
    required: true,
    value: localStorage.getItem(ANALYST_KEY) ?? '',
    'aria-label': 'Analyst',
    placeholder: 'Your name',
  });

  async function act(path: string, body: Record<string, unknown>): Promise<void> {
    if (!analyst.value.trim()) {
      replace(message, 'Give your name first: merges and splits are logged.');
      message.className = 'error';
      analyst.focus();
      return;
    }
    localStorage.setItem(ANALYST_KEY, analyst.value.trim());
    try {
      const result = await api.post<{ story: StoryDetail }>(path, { ...body, analyst: analyst.value.trim() });
      location.hash = hashFor(`stories/${result.story.id}`);
    } catch (err) {
      replace(message, (err as Error).message);
      message.className = 'error';
    }
  }

  // The documents a page at a time (a story can hold hundreds); what is ticked for a split stays ticked across pages.
  const picked = new Set<string>();
  const body = h('tbody', {});
  const pageInfo = h('span', { class: 'meta', 'aria-live': 'polite' });
  const earlier = h('button', { type: 'button', class: 'secondary' }, '← Earlier');
  const later = h('button', { type: 'button', class: 'secondary' }, 'Later →');
  let offset = story.documentsPage.offset;
  function showDocuments(page: StoryDetail): void {
    const { offset: at, total, nextOffset } = page.documentsPage;
    offset = at;
    const relationsOf = new Map<string, Relation[]>();
    for (const r of page.relations) relationsOf.set(r.a, [...(relationsOf.get(r.a) ?? []), r]);
    const titleOf = new Map(page.documents.map((d) => [d.id, d.title]));
    replace(
      body,
      page.documents.map((d) =>
        h(
          'tr',
          {},
          h(
            'td',
            { class: 'pick' },
            h('input', {
              type: 'checkbox',
              name: 'split',
              value: d.id,
              checked: picked.has(d.id),
              'aria-label': `Select ${d.title}`,
              onchange: (event: Event) => {
                if ((event.target as HTMLInputElement).checked) picked.add(d.id);
                else picked.delete(d.id);
              },
            }),
          ),
          h('td', { class: 'when' }, d.publishedAt.value ? formatDate(d.publishedAt.value) : badge('undated', 'warn')),
          h('td', {}, d.source),
          h(
            'td',
            {},
            h('a', { href: hashFor(`documents/${d.id}`) }, d.title),
            (relationsOf.get(d.id) ?? [])
              .filter((r) => r.type !== 'same-story')
              .map((r) =>
                h(
                  'div',
                  { class: 'relation' },
                  badge(r.type.replaceAll('-', ' ')),
                  ' of ',
                  h('a', { href: hashFor(`documents/${r.b}`) }, titleOf.get(r.b) ?? r.b),
                ),
              ),
          ),
        ),
      ),
    );
    const last = at + page.documents.length;
    replace(pageInfo, total > page.documents.length ? `${at + 1}–${last} of ${total}` : `${total}`);
    earlier.hidden = at === 0;
    later.hidden = nextOffset === null;
    pager.hidden = earlier.hidden && later.hidden;
  }
  async function turn(to: number): Promise<void> {
    const { story: page } = await api.get<{ story: StoryDetail }>(`/api/stories/${encodeURIComponent(story.id)}`, {
      limit: per,
      offset: Math.max(0, to),
    });
    showDocuments(page);
    table.scrollIntoView({ block: 'start' });
  }
  earlier.addEventListener('click', () => void turn(offset - per));
  later.addEventListener('click', () => void turn(offset + per));
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of documents' }, earlier, pageInfo, later);
  const table = h(
    'table',
    { class: 'timeline' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'Published'), h('th', {}, 'Source'), h('th', {}, 'Title'))),
    body,
  );
  showDocuments(story);
  const relationTotals = Object.entries(story.relationCounts ?? {})
    .filter(([type]) => type !== 'same-story')
    .map(([type, n]) => `${n} ${type.replaceAll('-', ' ')}${n === 1 ? '' : 's'}`);
  const others = stories.filter((s) => s.id !== story.id);
  const mergeSelect = h(
    'select',
    { name: 'other', 'aria-label': 'Story to merge with' },
    others.map((s) => h('option', { value: s.id }, `${s.title} (${s.size})`)),
  );
  const actions = h(
    'section',
    { class: 'card actions' },
    h('h2', {}, 'Analyst actions'),
    h('label', {}, 'Analyst', analyst),
    h(
      'div',
      { class: 'action' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            const docs = [...picked];
            if (!docs.length) {
              replace(message, 'Select the documents to move out first.');
              message.className = 'error';
              return;
            }
            void act(`/api/stories/${encodeURIComponent(story.id)}/split`, { documents: docs });
          },
        },
        'Split selected into a new story',
      ),
    ),
    others.length
      ? h(
          'div',
          { class: 'action' },
          mergeSelect,
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => void act('/api/stories/merge', { a: story.id, b: mergeSelect.value }),
            },
            'Merge into this story',
          ),
        )
      : null,
    message,
    story.audit.length
      ? [
          h('h3', {}, 'History'),
          h(
            'ul',
            { class: 'plain audit' },
            story.audit.map((a) => h('li', {}, `${formatDate(a.at)} · ${a.analyst} · ${a.action}`)),
          ),
        ]
      : null,
  );
  const observationList = h(
    'ol',
    { class: 'observations' },
    observations.length
      ? observations.map((o) => observationItem(o, false))
      : h('li', { class: 'muted' }, 'No observation is linked to this story yet.'),
  );

  // Fusion takes a moment on a large story: the page shows first, the brief when it is ready.
  const briefBox = h(
    'div',
    { class: 'brief-box', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Weighing the sources…'),
  );
  // A large story's brief is fused in the background, never while the page waits: the kept one shows (marked when
  // it is of an earlier state of the story), or a note, and the page asks again until the current one is there.
  let briefTimer: number | undefined;
  let briefPolls = 0;
  const loadBrief = (): Promise<void> =>
    api
      .get<{ brief: BriefJson | null; state: 'current' | 'stale' | 'pending'; computedAt: string | null }>(
        `/api/stories/${encodeURIComponent(story.id)}/brief`,
      )
      .then(({ brief, state, computedAt }) => {
        window.clearTimeout(briefTimer);
        if (state !== 'current' && briefPolls++ < 60 && root.isConnected) {
          briefTimer = window.setTimeout(() => void loadBrief(), 2000);
        }
        if (!brief) {
          replace(
            briefBox,
            h('p', { class: 'muted' }, `Weighing the sources of ${story.size} documents in the background…`),
          );
          return;
        }
        replace(
          briefBox,
          state === 'stale'
            ? h(
                'p',
                { class: 'note stale' },
                `This brief is of the story as it was ${computedAt ? `on ${formatDate(computedAt)}` : 'earlier'}; `,
                'the current one is being weighed and will replace it.',
              )
            : null,
          renderBrief(brief),
        );
        // `#/stories/ID?fact=F` (from the map): that fact open, in view.
        const wanted = route.params.get('fact');
        const fact = wanted
          ? briefBox.querySelector<HTMLDetailsElement>(`details[data-fact="${CSS.escape(wanted)}"]`)
          : null;
        if (fact) {
          fact.open = true;
          fact.classList.add('wanted');
          fact.scrollIntoView({ block: 'center' });
        }
      })
      .catch((err: Error) => replace(briefBox, h('p', { class: 'error' }, `No brief: ${err.message}`)));
  void loadBrief();
  replace(
    root,
    h('a', { class: 'back', href: '#/stories' }, '← Stories'),
    h(
      'header',
      { class: 'doc-head' },
      h('h1', {}, story.title),
      h(
        'p',
        { class: 'meta' },
        `${story.size} documents from ${story.sources.length} sources · ${span(story)} · story ${story.id} · `,
        h('a', { href: hashFor('map', { story: story.id }) }, 'places on the map'),
      ),
    ),
    h(
      'div',
      { class: 'doc-layout' },
      h(
        'div',
        {},
        briefBox,
        h('h2', {}, 'Documents in time order'),
        relationTotals.length ? h('p', { class: 'meta' }, `In the whole story: ${relationTotals.join(', ')}.`) : null,
        table,
        pager,
        h('h2', {}, 'Observations'),
        observationList,
        h(
          'details',
          { class: 'add-observation' },
          h('summary', {}, 'Add an observation to this story'),
          observationForm({
            storyId: story.id,
            onAdded: async (o) => {
              observationList.querySelector('.muted')?.remove();
              observationList.append(observationItem(o, true));
              // The observation may change the status of the facts it bears on: weigh the sources again.
              await loadBrief();
            },
          }),
        ),
      ),
      h('aside', {}, actions),
    ),
  );
  return undefined;
}
