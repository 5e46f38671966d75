/**
 * Rendering a fused story: the brief (JSON, Markdown, HTML) and the export of facts and claims (JSON, CSV,
 * Markdown). Pure string building; the CLI and the server write the result.
 */
import { readableDate } from './dates.ts';
import type { BriefItem, Fact, Mention, Origin, StoryFusion, TimelinePeriod } from './types.ts';

// ---------------------------------------------------------------------------------------------------------------
// JSON

/** The brief as JSON: what `triangulate brief --format json` prints and the server serves. */
export function briefJson(fusion: StoryFusion) {
  const fact = (id: string) => fusion.facts.find((f) => f.id === id)!;
  const withDetail = (item: BriefItem) => {
    const f = fact(item.factId);
    return {
      ...item,
      supportedBy: f.supportedBy.map((o) => originName(fusion, o)),
      deniedBy: f.deniedBy.map((o) => originName(fusion, o)),
      variants: f.variants.map((v) => ({ value: v.value, origins: v.origins.map((o) => originName(fusion, o)) })),
      disagreeOn: f.disagreeOn ?? null,
      sources: sourcesOf(f),
    };
  };
  return {
    story: fusion.storyId,
    title: fusion.brief.title,
    lead: fusion.brief.lead,
    timeline: fusion.timeline.map((e) => ({
      date: e.date.value,
      start: e.date.start,
      end: e.date.end,
      precision: e.date.precision,
      period: e.period,
      facts: e.facts,
      outlets: e.outlets,
      origins: e.origins,
    })),
    corroborated: fusion.brief.corroborated.map(withDetail),
    singleOrigin: fusion.brief.singleOrigin.map(withDetail),
    disputed: fusion.brief.disputed.map(withDetail),
    contradicted: fusion.brief.contradicted.map(withDetail),
    openQuestions: fusion.brief.openQuestions.map(withDetail),
    origins: originSummary(fusion),
    outlets: fusion.outlets,
    inferredDates: fusion.inferredDates.map((d) => ({
      documentId: d.documentId,
      publishedAt: d.publishedAt,
      range: d.range,
      reasons: d.reasons,
      resolved: d.resolved.map((r) => ({ text: r.text, value: r.value, alternatives: r.alternatives })),
    })),
    observations: fusion.observations,
    documents: fusion.documents,
  };
}

function originName(fusion: StoryFusion, id: string): string {
  return fusion.origins.find((o) => o.id === id)?.name ?? id;
}

/** Where a fact can be read: document, outlet, origin, stance and the sentence. */
function sourcesOf(fact: Fact) {
  return fact.mentions.map((m) => ({
    documentId: m.documentId,
    outlet: m.outlet.name,
    origin: m.origin,
    originBasis: m.originBasis,
    stance: m.stance,
    sentence: { start: m.sentence.start, end: m.sentence.end },
    text: m.content.text,
  }));
}

function originSummary(fusion: StoryFusion) {
  return fusion.origins.map((o: Origin) => ({
    id: o.id,
    name: o.name,
    kind: o.kind,
    group: o.group,
    groupReason: o.groupReason,
    speakers: o.speakers,
    facts: fusion.facts.filter((f) => f.supportedBy.includes(o.id) || f.deniedBy.includes(o.id)).length,
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown

const PERIOD_TITLE: Record<TimelinePeriod, string> = {
  news: 'The news',
  earlier: 'Earlier',
  background: 'Background',
};

const SECTIONS: {
  key: 'corroborated' | 'singleOrigin' | 'disputed' | 'contradicted' | 'openQuestions';
  title: string;
}[] = [
  { key: 'corroborated', title: 'Corroborated (two or more independent origins)' },
  { key: 'disputed', title: 'Disputed' },
  { key: 'contradicted', title: 'Contradicted' },
  { key: 'singleOrigin', title: 'Single origin' },
  { key: 'openQuestions', title: 'Open questions' },
];

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function briefMarkdown(fusion: StoryFusion): string {
  const json = briefJson(fusion);
  const out: string[] = [`# ${json.title || 'Story brief'}`, '', oneLine(json.lead), ''];
  out.push('## Timeline', '');
  for (const period of ['background', 'earlier', 'news'] as const) {
    const entries = json.timeline.filter((e) => e.period === period);
    if (!entries.length) continue;
    out.push(`### ${PERIOD_TITLE[period]}`, '');
    for (const e of entries)
      for (const f of e.facts)
        out.push(
          `- **${readableDate(e.date)}** (${e.precision}) ${oneLine(f.statement)} — _${f.status}_; ${e.outlets.join(', ')}`,
        );
    out.push('');
  }
  for (const { key, title } of SECTIONS) {
    const items = json[key];
    if (!items.length) continue;
    out.push(`## ${title}`, '');
    for (const item of items) {
      out.push(`- ${oneLine(item.statement)}${item.date ? ` (${readableDate(item.date)})` : ''}`);
      out.push(`  - ${oneLine(item.reason)}`);
      for (const v of item.variants)
        out.push(`  - ${item.disagreeOn ?? 'variant'}: ${oneLine(v.value)} — ${v.origins.join(', ')}`);
      out.push(`  - outlets: ${item.outlets.join(', ')}`);
    }
    out.push('');
  }
  if (json.inferredDates.length) {
    out.push('## Inferred publication dates', '');
    for (const d of json.inferredDates) {
      out.push(
        `- ${d.documentId}: ${d.range.earliest}${d.range.latest !== d.range.earliest ? ` – ${d.range.latest}` : ''}`,
      );
      for (const r of d.reasons) out.push(`  - ${oneLine(r)}`);
    }
    out.push('');
  }
  out.push('## Origins', '');
  for (const o of json.origins) out.push(`- ${o.name} (${o.kind}; ${o.groupReason}): ${o.facts} fact(s)`);
  out.push('', '## Outlets', '');
  for (const o of json.outlets) out.push(`- ${o.name}: ${o.documents} document(s)`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// HTML

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function briefHtml(fusion: StoryFusion): string {
  const json = briefJson(fusion);
  const e = escapeHtml;
  const out: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${e(json.title || 'Story brief')}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}',
    '.status{font-size:.8em;padding:0 .4em;border-radius:.3em;background:#eee}.reason{color:#555}</style>',
    '</head><body>',
    `<h1>${e(json.title || 'Story brief')}</h1>`,
    `<p class="lead">${e(oneLine(json.lead))}</p>`,
    '<h2>Timeline</h2>',
  ];
  for (const period of ['background', 'earlier', 'news'] as const) {
    const entries = json.timeline.filter((x) => x.period === period);
    if (!entries.length) continue;
    out.push(`<h3>${PERIOD_TITLE[period]}</h3><ul>`);
    for (const entry of entries)
      for (const f of entry.facts)
        out.push(
          `<li><time>${e(readableDate(entry.date))}</time> ${e(oneLine(f.statement))} <span class="status">${e(f.status)}</span></li>`,
        );
    out.push('</ul>');
  }
  for (const { key, title } of SECTIONS) {
    const items = json[key];
    if (!items.length) continue;
    out.push(`<h2>${e(title)}</h2><ul>`);
    for (const item of items) {
      out.push(`<li>${e(oneLine(item.statement))}${item.date ? ` (${e(readableDate(item.date))})` : ''}`);
      out.push(`<div class="reason">${e(oneLine(item.reason))}</div>`);
      if (item.variants.length)
        out.push(
          `<ul>${item.variants.map((v) => `<li>${e(oneLine(v.value))} — ${e(v.origins.join(', '))}</li>`).join('')}</ul>`,
        );
      out.push(`<div class="outlets">${e(item.outlets.join(', '))}</div></li>`);
    }
    out.push('</ul>');
  }
  out.push('<h2>Origins</h2><ul>');
  for (const o of json.origins) out.push(`<li>${e(o.name)} (${e(o.kind)}; ${e(o.groupReason)})</li>`);
  out.push('</ul><h2>Outlets</h2><ul>');
  for (const o of json.outlets) out.push(`<li>${e(o.name)}: ${o.documents}</li>`);
  out.push('</ul></body></html>');
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Export of facts and claims

/** Facts with every supporting mention, and the attributed claims behind them. */
export function exportJson(fusion: StoryFusion) {
  return {
    story: fusion.storyId,
    facts: fusion.facts.map((f) => ({
      id: f.id,
      kind: f.kind,
      statement: f.statement,
      status: f.status,
      reason: f.reason,
      date: f.date,
      period: f.period,
      independentOrigins: f.independentOrigins,
      supportedBy: f.supportedBy,
      deniedBy: f.deniedBy,
      variants: f.variants,
      disagreeOn: f.disagreeOn ?? null,
      entities: f.entities,
      outlets: f.outlets,
      documents: f.documents,
      mentions: f.mentions.map(mentionRow),
    })),
    claims: fusion.facts.flatMap((f) =>
      f.mentions
        .filter((m) => m.claimId)
        .map((m) => ({
          factId: f.id,
          documentId: m.documentId,
          claimId: m.claimId,
          source: m.sourceText,
          origin: m.origin,
          via: m.via,
          stance: m.stance,
          content: m.content,
        })),
    ),
    origins: fusion.origins,
    outlets: fusion.outlets,
  };
}

function mentionRow(m: Mention) {
  return {
    id: m.id,
    documentId: m.documentId,
    outlet: m.outlet.name,
    origin: m.origin,
    originBasis: m.originBasis,
    stance: m.stance,
    claimId: m.claimId,
    sentence: { start: m.sentence.start, end: m.sentence.end },
    content: m.content,
    dates: m.dates.map((d) => d.value),
  };
}

const CSV_COLUMNS = [
  'fact_id',
  'kind',
  'status',
  'statement',
  'date',
  'period',
  'document_id',
  'outlet',
  'origin',
  'origin_basis',
  'stance',
  'claim_id',
  'start',
  'end',
  'text',
] as const;

function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per mention (a fact's every supporting, denying or observing statement), RFC 4180. */
export function exportCsv(fusion: StoryFusion): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const f of fusion.facts)
    for (const m of f.mentions)
      rows.push(
        [
          f.id,
          f.kind,
          f.status,
          oneLine(f.statement),
          f.date?.value ?? '',
          f.period ?? '',
          m.documentId,
          m.outlet.name,
          m.origin,
          m.originBasis,
          m.stance,
          m.claimId ?? '',
          m.content.start,
          m.content.end,
          oneLine(m.content.text),
        ]
          .map(csvCell)
          .join(','),
      );
  return `${rows.join('\r\n')}\r\n`;
}

const mdCell = (s: string) => oneLine(s).replace(/\|/g, '\\|');

export function exportMarkdown(fusion: StoryFusion): string {
  const out = ['| fact | status | date | statement | origins | outlets |', '| --- | --- | --- | --- | --- | --- |'];
  for (const f of fusion.facts)
    out.push(
      `| ${f.id} | ${f.status} | ${f.date?.value ?? ''} | ${mdCell(f.statement)} | ${mdCell(
        f.origins.map((o) => originName(fusion, o)).join(', '),
      )} | ${mdCell(f.outlets.join(', '))} |`,
    );
  out.push('', '## Claims', '', '| fact | document | source | stance | content |', '| --- | --- | --- | --- | --- |');
  for (const c of exportJson(fusion).claims)
    out.push(`| ${c.factId} | ${c.documentId} | ${mdCell(c.source ?? '')} | ${c.stance} | ${mdCell(c.content.text)} |`);
  return `${out.join('\n')}\n`;
}
