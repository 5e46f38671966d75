/** One document: clean text with its analysis, metadata, versions, and the boilerplate removed from it. */
import { type Annotation, annotatedRange, annotationsOf, type Layer, searchMatches } from '../annotate.ts';
import { api } from '../api.ts';
import { badge, formatDate, h, replace } from '../dom.ts';
import { hashFor, type Route } from '../router.ts';
import type { Document, DocumentView } from '../types.ts';

const LAYERS: { layer: Layer; label: string }[] = [
  { layer: 'entity', label: 'Entities' },
  { layer: 'date', label: 'Dates' },
  { layer: 'quantity', label: 'Quantities' },
  { layer: 'claim', label: 'Claims' },
];

export async function renderDocument(root: HTMLElement, route: Route): Promise<undefined> {
  const id = route.path[1] ?? '';
  replace(root, h('p', { class: 'muted' }, 'Loading…'));
  const view = await api.get<DocumentView>(`/api/documents/${encodeURIComponent(id)}`);
  const { document: doc, analysis, versions } = view;
  const query = route.params.get('q');
  const annotations = [...annotationsOf(analysis), ...searchMatches(doc.text, query)];

  const article = h('article', { class: `text show-search ${LAYERS.map((l) => `show-${l.layer}`).join(' ')}` });
  for (const p of doc.paragraphs.length ? doc.paragraphs : [{ start: 0, end: doc.text.length }]) {
    article.append(h('p', {}, annotatedRange(doc.text, p.start, p.end, annotations)));
  }

  const back = h('a', { class: 'back', href: hashFor('search', query ? { q: query } : {}) }, '← Documents');
  replace(
    root,
    back,
    h(
      'header',
      { class: 'doc-head' },
      h('h1', {}, doc.title || '(untitled)'),
      h(
        'p',
        { class: 'meta' },
        h('strong', {}, doc.source.name),
        ' · ',
        published(doc),
        doc.byline ? [' · ', doc.byline] : null,
        ' · ',
        h('span', { title: 'language' }, doc.language),
      ),
    ),
    h(
      'div',
      { class: 'doc-layout' },
      h('div', { class: 'doc-main' }, analysis ? layerToggles(article, annotations) : null, article, removedBox(doc)),
      h('aside', { class: 'doc-side' }, metadata(doc), versionsBox(doc, versions), analysisBox(view)),
    ),
  );
  window.scrollTo(0, 0);
  return undefined;
}

function published(doc: Document): HTMLElement {
  const p = doc.publishedAt;
  if (!p.value) return badge('date unknown', 'warn');
  return h(
    'span',
    { title: p.evidence ? `${p.origin}: “${p.evidence}”` : p.origin },
    h('time', { datetime: p.value }, formatDate(p.value)),
    ' ',
    badge(p.origin, p.origin === 'inferred' ? 'warn' : ''),
  );
}

function layerToggles(article: HTMLElement, annotations: Annotation[]): HTMLElement {
  const counts = new Map<Layer, number>();
  for (const a of annotations)
    if (a.kind !== 'claim-cue' && a.kind !== 'claim-source') counts.set(a.layer, (counts.get(a.layer) ?? 0) + 1);
  return h(
    'fieldset',
    { class: 'layers' },
    h('legend', {}, 'Highlight'),
    LAYERS.map(({ layer, label }) =>
      h(
        'label',
        { class: `toggle swatch-${layer}` },
        h('input', {
          type: 'checkbox',
          checked: true,
          onchange: (event: Event) =>
            article.classList.toggle(`show-${layer}`, (event.target as HTMLInputElement).checked),
        }),
        ` ${label} `,
        h('span', { class: 'count' }, counts.get(layer) ?? 0),
      ),
    ),
  );
}

function removedBox(doc: Document): HTMLElement | null {
  if (!doc.removed.length) return null;
  return h(
    'details',
    { class: 'removed' },
    h('summary', {}, `Removed boilerplate (${doc.removed.length})`),
    h(
      'ul',
      {},
      doc.removed.map((r) =>
        h(
          'li',
          {},
          badge(r.reason.replaceAll('-', ' ')),
          ' ',
          h('q', {}, r.text),
          ' ',
          h('span', { class: 'rule' }, `rule: ${r.rule}`),
        ),
      ),
    ),
  );
}

function metadata(doc: Document): HTMLElement {
  const rows: [string, Node | string][] = [
    ['Id', h('code', {}, doc.id)],
    ['Source', `${doc.source.name} (${doc.source.id})`],
    [
      'Published',
      doc.publishedAt.value
        ? `${doc.publishedAt.value} · ${doc.publishedAt.precision} · ${doc.publishedAt.origin}`
        : 'unknown',
    ],
    ['Evidence', doc.publishedAt.evidence ?? '—'],
    ['Format', doc.raw.format],
    ['Input', doc.raw.location],
    ['Ingested', formatDate(doc.ingestedAt)],
  ];
  if (doc.url) {
    rows.splice(2, 0, ['URL', h('a', { href: doc.url, rel: 'noopener noreferrer', target: '_blank' }, doc.url)]);
  }
  return h(
    'section',
    { class: 'box' },
    h('h2', {}, 'About'),
    h(
      'dl',
      {},
      rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
  );
}

function versionsBox(doc: Document, versions: DocumentView['versions']): HTMLElement | null {
  if (versions.length < 2) return null;
  return h(
    'section',
    { class: 'box' },
    h('h2', {}, `Versions (${versions.length})`),
    h(
      'ol',
      { class: 'versions' },
      versions.map((v) =>
        h(
          'li',
          {},
          v.documentId === doc.id
            ? h('strong', {}, `v${v.version} (this one)`)
            : h('a', { href: hashFor(`documents/${v.documentId}`) }, `v${v.version}`),
          ` · seen ${formatDate(v.seenAt)}`,
        ),
      ),
    ),
  );
}

function analysisBox({ analysis }: DocumentView): HTMLElement {
  if (!analysis) {
    return h('section', { class: 'box' }, h('h2', {}, 'Analysis'), h('p', { class: 'muted' }, 'Not analysed yet.'));
  }
  const entities = [...(analysis.entities ?? [])].sort((a, b) => b.mentions.length - a.mentions.length);
  return h(
    'section',
    { class: 'box' },
    h('h2', {}, 'Analysis'),
    h('h3', {}, `Entities (${entities.length})`),
    h(
      'ul',
      { class: 'plain' },
      entities.map((e) =>
        h(
          'li',
          {},
          h('span', { class: `dot entity-${e.type}` }),
          ` ${e.name} `,
          h('span', { class: 'count' }, e.mentions.length),
        ),
      ),
    ),
    h('h3', {}, `Claims (${analysis.claims?.length ?? 0})`),
    h(
      'ul',
      { class: 'plain claims' },
      (analysis.claims ?? []).map((c) =>
        h(
          'li',
          {},
          h('strong', {}, c.source?.text ?? 'unattributed'),
          ' ',
          badge(c.stance),
          ' ',
          h('q', {}, c.content.text),
        ),
      ),
    ),
    h('h3', {}, `Dates (${analysis.dates?.length ?? 0})`),
    h(
      'ul',
      { class: 'plain' },
      (analysis.dates ?? []).map((d) => h('li', {}, h('q', {}, d.text), ' → ', h('code', {}, d.value))),
    ),
  );
}
