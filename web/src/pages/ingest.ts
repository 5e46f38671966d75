/** Ingest: paste an article or give a URL; the report and the newest documents update in place. */
import { api } from '../api.ts';
import { badge, formatDate, h, replace } from '../dom.ts';
import { hashFor } from '../router.ts';
import type { DocumentSummary, IngestReport } from '../types.ts';

export function renderIngest(root: HTMLElement): undefined {
  const report = h('section', { class: 'report', 'aria-live': 'polite' });
  const recent = h('ol', { class: 'recent' });

  async function submit(form: HTMLFormElement, body: Record<string, string>): Promise<void> {
    const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
    button.disabled = true;
    replace(report, h('p', { class: 'muted' }, 'Ingesting…'));
    try {
      const result = await api.post<{ report: IngestReport }>('/api/ingest', body);
      showReport(result.report);
      if (result.report.counts.failed === 0) form.reset();
      await refreshRecent();
    } catch (err) {
      replace(report, h('p', { class: 'error' }, (err as Error).message));
    } finally {
      button.disabled = false;
    }
  }

  function showReport(r: IngestReport): void {
    replace(
      report,
      h('h2', {}, 'Result'),
      h(
        'ul',
        { class: 'plain' },
        r.items.map((item) =>
          h(
            'li',
            { class: `item ${item.status}` },
            badge(item.status, item.status === 'failed' ? 'bad' : item.status === 'added' ? 'good' : ''),
            ' ',
            item.id && item.kind === 'document'
              ? h('a', { href: hashFor(`documents/${item.id}`) }, item.title || item.id)
              : (item.title ?? item.input),
            item.error ? h('p', { class: 'error' }, item.error) : null,
          ),
        ),
        r.items.length ? null : h('li', { class: 'muted' }, 'Nothing found in the input.'),
      ),
    );
  }

  async function refreshRecent(): Promise<void> {
    const { documents } = await api.get<{ documents: DocumentSummary[] }>('/api/documents', { limit: 8 });
    const byIngest = [...documents].sort((a, b) => b.ingestedAt.localeCompare(a.ingestedAt));
    replace(
      recent,
      byIngest.map((d) =>
        h(
          'li',
          {},
          h('a', { href: hashFor(`documents/${d.id}`) }, d.title),
          h('span', { class: 'meta' }, ` · ${d.source.name} · ${formatDate(d.publishedAt.value)}`),
        ),
      ),
    );
  }

  const pasteForm = h(
    'form',
    {
      class: 'card',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const form = event.target as HTMLFormElement;
        const data = new FormData(form);
        void submit(form, { text: String(data.get('text')), source: String(data.get('source') ?? '') });
      },
    },
    h('h2', {}, 'Paste text'),
    h(
      'p',
      { class: 'hint' },
      'First line is the title; a date line under it is read as the publication date. Boilerplate is removed and kept aside.',
    ),
    h('label', { for: 'paste-text' }, 'Article text'),
    h('textarea', { id: 'paste-text', name: 'text', rows: 12, required: true, spellcheck: 'false' }),
    h('label', { for: 'paste-source' }, 'Outlet (when the text does not say)'),
    h('input', { id: 'paste-source', name: 'source', type: 'text', placeholder: 'e.g. Meridian Wire' }),
    h('button', { type: 'submit' }, 'Ingest text'),
  );
  const urlForm = h(
    'form',
    {
      class: 'card',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const form = event.target as HTMLFormElement;
        const data = new FormData(form);
        void submit(form, { url: String(data.get('url')), source: String(data.get('source') ?? '') });
      },
    },
    h('h2', {}, 'From a URL'),
    h('p', { class: 'hint' }, 'A web page or a feed (RSS, Atom, JSON Feed); fetched again only when it changed.'),
    h('label', { for: 'ingest-url' }, 'URL'),
    h('input', { id: 'ingest-url', name: 'url', type: 'url', required: true, placeholder: 'https://…' }),
    h('label', { for: 'url-source' }, 'Outlet (optional)'),
    h('input', { id: 'url-source', name: 'source', type: 'text' }),
    h('button', { type: 'submit' }, 'Fetch and ingest'),
  );
  replace(
    root,
    h('h1', {}, 'Ingest'),
    h(
      'div',
      { class: 'columns' },
      h('div', {}, pasteForm, urlForm),
      h('div', {}, report, h('h2', {}, 'Newest documents'), recent),
    ),
  );
  void refreshRecent();
  return undefined;
}
