/** A story's brief from fusion: lead, timeline, and facts grouped by status, each expandable to its sources. */
import { badge, formatDate, h } from '../dom.ts';
import { hashFor } from '../router.ts';

interface BriefSource {
  documentId: string;
  outlet: string;
  origin: string;
  originBasis: string;
  stance: string;
  text: string;
}

interface BriefItem {
  factId: string;
  statement: string;
  status: string;
  reason: string;
  date: string | null;
  origins: string[];
  outlets: string[];
  supportedBy: string[];
  deniedBy: string[];
  variants: { value: string; origins: string[] }[];
  sources: BriefSource[];
}

export interface BriefJson {
  title: string;
  lead: string;
  timeline: {
    date: string;
    start: string;
    end: string;
    precision: string;
    period: 'news' | 'earlier' | 'background';
    facts: { id: string; statement: string; status: string }[];
    outlets: string[];
  }[];
  corroborated: BriefItem[];
  singleOrigin: BriefItem[];
  disputed: BriefItem[];
  contradicted: BriefItem[];
  openQuestions: BriefItem[];
  origins: { id: string; name: string }[];
}

const STATUS_KIND: Record<string, string> = {
  corroborated: 'good',
  disputed: 'warn',
  contradicted: 'bad',
  'single-origin': '',
  hedged: '',
};

export function statusBadge(status: string): HTMLElement {
  return badge(status.replace('-', ' '), STATUS_KIND[status] ?? '');
}

const SECTIONS: {
  key: keyof Pick<BriefJson, 'corroborated' | 'disputed' | 'contradicted' | 'singleOrigin' | 'openQuestions'>;
  title: string;
}[] = [
  { key: 'corroborated', title: 'Corroborated' },
  { key: 'disputed', title: 'Disputed' },
  { key: 'contradicted', title: 'Contradicted' },
  { key: 'singleOrigin', title: 'Single origin' },
  { key: 'openQuestions', title: 'Open questions' },
];

const PERIODS = { news: 'The news', earlier: 'Earlier', background: 'Background' } as const;

function when(entry: { start: string; end: string; date: string }): string {
  if (entry.start === entry.end)
    return formatDate(entry.date.length > 10 && /T\d/.test(entry.date) ? entry.date : entry.start);
  return `${formatDate(entry.start)} – ${formatDate(entry.end)}`;
}

export function renderBrief(brief: BriefJson): HTMLElement {
  const originName = new Map(brief.origins.map((o) => [o.id, o.name]));
  const name = (id: string) => originName.get(id) ?? id;
  const timeline = (['news', 'earlier', 'background'] as const).map((period) => {
    const entries = brief.timeline.filter((e) => e.period === period);
    if (!entries.length) return null;
    return [
      h('h3', {}, PERIODS[period]),
      h(
        'ol',
        { class: 'events' },
        entries.map((e) =>
          h(
            'li',
            {},
            h('time', { datetime: e.start }, when(e)),
            h(
              'ul',
              { class: 'plain' },
              e.facts.map((f) => h('li', {}, statusBadge(f.status), ' ', f.statement)),
            ),
          ),
        ),
      ),
    ];
  });
  const facts = SECTIONS.map(({ key, title }) => {
    const items = brief[key];
    if (!items.length) return null;
    return [
      h('h3', {}, `${title} (${items.length})`),
      h(
        'ul',
        { class: 'facts' },
        items.map((item) =>
          h(
            'li',
            {},
            h(
              'details',
              { class: 'fact', id: `fact-${item.factId}`, 'data-fact': item.factId },
              h(
                'summary',
                {},
                statusBadge(item.status),
                ' ',
                item.statement,
                item.date ? h('span', { class: 'meta' }, ` · ${item.date}`) : null,
              ),
              h('p', { class: 'reason' }, item.reason),
              item.supportedBy.length
                ? h('p', { class: 'meta' }, `Put forward by ${item.supportedBy.join(', ')}`)
                : null,
              item.deniedBy.length ? h('p', { class: 'meta' }, `Denied by ${item.deniedBy.join(', ')}`) : null,
              item.variants.length
                ? h(
                    'ul',
                    { class: 'plain variants' },
                    item.variants.map((v) => h('li', {}, h('strong', {}, v.value), ` — ${v.origins.join(', ')}`)),
                  )
                : null,
              h(
                'p',
                { class: 'meta' },
                `Origins: ${item.origins.map(name).join(', ') || '—'} · Outlets: ${item.outlets.join(', ') || '—'}`,
              ),
              h(
                'ul',
                { class: 'plain mentions' },
                item.sources.map((s) =>
                  h(
                    'li',
                    {},
                    h('q', {}, s.text),
                    h(
                      'span',
                      { class: 'meta' },
                      ' — ',
                      s.documentId.startsWith('observation:')
                        ? 'analyst observation'
                        : h('a', { href: hashFor(`documents/${s.documentId}`) }, s.outlet),
                      `, origin ${name(s.origin)} (${s.originBasis}), ${s.stance}`,
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ];
  });
  return h(
    'section',
    { class: 'brief' },
    h('p', { class: 'lead' }, brief.lead),
    h('h2', {}, 'Timeline'),
    timeline.some(Boolean) ? timeline : h('p', { class: 'muted' }, 'No dated events.'),
    h('h2', {}, 'Facts'),
    facts.some(Boolean) ? facts : h('p', { class: 'muted' }, 'No facts found.'),
  );
}
