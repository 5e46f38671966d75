/** Stories: the list, and one story with its documents in time order, merge and split, and linked observations. */
import { api } from '../api.ts';
import { badge, formatDate, h, replace } from '../dom.ts';
import { hashFor, type Route } from '../router.ts';
import type { Observation } from '../types.ts';
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
  documents: StoryDocument[];
  relations: Relation[];
  audit: AuditEntry[];
}

const ANALYST_KEY = 'triangulate.analyst';

function span(s: StorySummary): string {
  if (!s.firstSeen) return 'undated';
  const first = formatDate(s.firstSeen.slice(0, 10));
  const last = s.lastSeen ? formatDate(s.lastSeen.slice(0, 10)) : first;
  return first === last ? first : `${first} – ${last}`;
}

export async function renderStories(root: HTMLElement): Promise<undefined> {
  const { stories } = await api.get<{ stories: StorySummary[] }>('/api/stories');
  replace(
    root,
    h('h1', {}, 'Stories'),
    h(
      'p',
      { class: 'muted' },
      `${stories.length} stories, most recently active first. Documents join a story as they are ingested.`,
    ),
    h(
      'ol',
      { class: 'stories' },
      stories.length
        ? stories.map((s) =>
            h(
              'li',
              { class: 'story-card' },
              h('a', { class: 'hit-title', href: hashFor(`stories/${s.id}`) }, s.title),
              h(
                'p',
                { class: 'meta' },
                `${s.size} document${s.size === 1 ? '' : 's'} · ${s.sources.length} source${s.sources.length === 1 ? '' : 's'} · ${span(s)}`,
              ),
              h(
                'p',
                { class: 'sources' },
                s.sources.map((name) => badge(name)),
              ),
            ),
          )
        : h('li', { class: 'muted' }, 'No stories yet: ingest some documents.'),
    ),
  );
  return undefined;
}

export async function renderStory(root: HTMLElement, route: Route): Promise<undefined> {
  const id = route.path[1] ?? '';
  const [{ story, observations }, { stories }] = await Promise.all([
    api.get<{ story: StoryDetail; observations: Observation[] }>(`/api/stories/${encodeURIComponent(id)}`),
    api.get<{ stories: StorySummary[] }>('/api/stories'),
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

  const relationsOf = new Map<string, Relation[]>();
  for (const r of story.relations) relationsOf.set(r.a, [...(relationsOf.get(r.a) ?? []), r]);
  const titleOf = new Map(story.documents.map((d) => [d.id, d.title]));
  const byTime = [...story.documents].sort((a, b) =>
    (a.publishedAt.value ?? '9999').localeCompare(b.publishedAt.value ?? '9999'),
  );
  const rows = byTime.map((d) =>
    h(
      'tr',
      {},
      h(
        'td',
        { class: 'pick' },
        h('input', { type: 'checkbox', name: 'split', value: d.id, 'aria-label': `Select ${d.title}` }),
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
  );
  const table = h(
    'table',
    { class: 'timeline' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, 'Published'), h('th', {}, 'Source'), h('th', {}, 'Title'))),
    h('tbody', {}, rows),
  );
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
            const docs = [...table.querySelectorAll<HTMLInputElement>('input[name=split]:checked')].map((i) => i.value);
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
  const briefBox = h('div', { class: 'brief-box' }, h('p', { class: 'muted' }, 'Weighing the sources…'));
  api
    .get<{ brief: BriefJson }>(`/api/stories/${encodeURIComponent(story.id)}/brief`)
    .then(({ brief }) => replace(briefBox, renderBrief(brief)))
    .catch((err: Error) => replace(briefBox, h('p', { class: 'error' }, `No brief: ${err.message}`)));
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
        `${story.size} documents from ${story.sources.length} sources · ${span(story)} · story ${story.id}`,
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
        table,
        h('h2', {}, 'Observations'),
        observationList,
        h(
          'details',
          { class: 'add-observation' },
          h('summary', {}, 'Add an observation to this story'),
          observationForm({
            storyId: story.id,
            onAdded: (o) => {
              observationList.querySelector('.muted')?.remove();
              observationList.append(observationItem(o, true));
            },
          }),
        ),
      ),
      h('aside', {}, actions),
    ),
  );
  return undefined;
}
