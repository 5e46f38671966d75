/**
 * The digest as Markdown (also the plain-text part of the mail), as HTML for mail clients (tables for layout, inline
 * styles, no scripts, every piece of text escaped), and as JSON.
 */
import type { Digest, DigestDocument, DigestFact, DigestGroup } from './digest.ts';

export type DigestFormat = 'md' | 'html' | 'json';

export function renderDigest(digest: Digest, format: DigestFormat): string {
  if (format === 'json') return `${JSON.stringify(digest, null, 2)}\n`;
  return format === 'html' ? renderHtml(digest) : renderMarkdown(digest);
}

export function digestSubject(digest: Digest): string {
  return `Triangulate digest: ${headline(digest)} (${when(digest.since)} – ${when(digest.until)})`;
}

function headline(digest: Digest): string {
  const t = digest.totals;
  const parts = [
    `${t.documents} new document${t.documents === 1 ? '' : 's'}`,
    t.edited && `${t.edited} edited`,
    t.newStories && `${t.newStories} new stor${t.newStories === 1 ? 'y' : 'ies'}`,
    t.newFacts && `${t.newFacts} new fact${t.newFacts === 1 ? '' : 's'}`,
    t.statusChanges && `${t.statusChanges} status change${t.statusChanges === 1 ? '' : 's'}`,
    t.newContradictions && `${t.newContradictions} new contradiction${t.newContradictions === 1 ? '' : 's'}`,
    t.alerts && `${t.alerts} alert${t.alerts === 1 ? '' : 's'}`,
  ];
  return parts.filter(Boolean).join(', ');
}

/** `2024-03-12 08:00 UTC`. */
function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

function groupHeading(group: DigestGroup): string {
  if (group.kind === 'story') return `${group.isNew ? 'New story: ' : 'Story: '}${group.title}`;
  return group.id === 'unassigned' ? group.title : `Source: ${group.title}`;
}

function documentLine(d: DigestDocument): string {
  const date = d.publishedAt ? `, published ${d.publishedAt}` : '';
  return `${d.title} — ${d.source.name}${date}${d.url ? ` <${d.url}>` : ''} [${d.id}]`;
}

function factLine(f: DigestFact): string {
  return `${f.statement} (${f.status}; origins: ${f.origins.join(', ') || 'none'}; sources: ${f.sources.join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------

export function renderMarkdown(digest: Digest): string {
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  out(`# Triangulate digest, ${when(digest.since)} – ${when(digest.until)}`);
  out();
  if (digest.groups.length === 0 && digest.alerts.length === 0) {
    out('Nothing new since the last digest.');
    return `${lines.join('\n')}\n`;
  }
  out(`${headline(digest)}.`);
  for (const group of digest.groups) {
    out();
    out(`## ${groupHeading(group)}`);
    out();
    out(`Sources: ${group.sources.join(', ')}`);
    if (group.documents.length) {
      out();
      out('New documents:');
      for (const d of group.documents) out(`- ${documentLine(d)}`);
    }
    if (group.edited.length) {
      out();
      out('Edited articles:');
      for (const d of group.edited) {
        out(`- ${documentLine(d)}, version ${d.edit!.version}`);
        for (const p of d.edit!.added) out(`  + ${p}`);
        for (const p of d.edit!.removed) out(`  - ${p}`);
      }
    }
    if (group.newFacts.length) {
      out();
      out('New facts:');
      for (const f of group.newFacts) out(`- ${factLine(f)}`);
    }
    if (group.statusChanges.length) {
      out();
      out('Status changes:');
      for (const c of group.statusChanges)
        out(`- ${c.fact.statement}: ${c.from} → ${c.to} (sources: ${c.fact.sources.join(', ')})`);
    }
    if (group.newContradictions.length) {
      out();
      out('New contradictions:');
      for (const c of group.newContradictions) out(`- ${c.summary} (sources: ${c.sources.join(', ')})`);
    }
    if (group.singleOrigin.length) {
      out();
      out('Still resting on one origin:');
      for (const f of group.singleOrigin) out(`- ${factLine(f)}, since ${when(f.firstSeenAt)}`);
    }
  }
  if (digest.alerts.length) {
    out();
    out('## Alerts');
    out();
    for (const a of digest.alerts) {
      out(`- alert ${a.ruleId} (${a.rule}): ${a.title}${a.url ? ` <${a.url}>` : ''} — ${a.reasons.join('; ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = {
  body: 'margin:0;padding:0;background:#f4f4f4;',
  outer: 'width:100%;background:#f4f4f4;',
  inner: 'width:640px;max-width:100%;background:#ffffff;border:1px solid #dddddd;',
  cell: 'padding:16px 24px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;color:#222222;',
  h1: 'margin:0 0 8px 0;font-size:20px;line-height:26px;font-family:Arial,Helvetica,sans-serif;color:#111111;',
  h2: 'margin:16px 0 4px 0;font-size:16px;line-height:22px;font-family:Arial,Helvetica,sans-serif;color:#111111;border-top:1px solid #eeeeee;padding-top:12px;',
  h3: 'margin:10px 0 4px 0;font-size:13px;font-family:Arial,Helvetica,sans-serif;color:#555555;text-transform:uppercase;',
  muted: 'color:#666666;font-size:12px;',
  link: 'color:#1a56a8;text-decoration:underline;',
  added: 'color:#1b6e2a;font-size:13px;',
  removed: 'color:#a12622;font-size:13px;text-decoration:line-through;',
  item: 'padding:3px 0;vertical-align:top;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;',
} as const;

/** Only http(s) links are made clickable; anything else is shown as text. */
function link(text: string, url: string | null): string {
  const safe = url && /^https?:\/\//i.test(url) ? url : null;
  return safe ? `<a href="${escapeHtml(safe)}" style="${STYLE.link}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function htmlList(rows: string[]): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${rows
    .map((r) => `<tr><td style="${STYLE.item}">${r}</td></tr>`)
    .join('')}</table>`;
}

function htmlDocument(d: DigestDocument): string {
  const meta = [d.source.name, d.publishedAt && `published ${d.publishedAt}`, d.edit && `version ${d.edit.version}`]
    .filter(Boolean)
    .join(' · ');
  let html = `${link(d.title, d.url)}<br><span style="${STYLE.muted}">${escapeHtml(meta as string)}</span>`;
  if (d.edit) {
    for (const p of d.edit.added) html += `<div style="${STYLE.added}">+ ${escapeHtml(p)}</div>`;
    for (const p of d.edit.removed) html += `<div style="${STYLE.removed}">− ${escapeHtml(p)}</div>`;
  }
  return html;
}

function htmlFact(f: DigestFact): string {
  return `${escapeHtml(f.statement)}<br><span style="${STYLE.muted}">${escapeHtml(
    `${f.status} · origins: ${f.origins.join(', ') || 'none'} · sources: ${f.sources.join(', ')}`,
  )}</span>`;
}

export function renderHtml(digest: Digest): string {
  const parts: string[] = [];
  const section = (title: string, rows: string[]) => {
    if (rows.length) parts.push(`<h3 style="${STYLE.h3}">${escapeHtml(title)}</h3>${htmlList(rows)}`);
  };
  parts.push(`<h1 style="${STYLE.h1}">Triangulate digest</h1>`);
  parts.push(
    `<p style="margin:0 0 8px 0;${STYLE.muted}">${escapeHtml(`${when(digest.since)} – ${when(digest.until)}`)}</p>`,
  );
  if (digest.groups.length === 0 && digest.alerts.length === 0) {
    parts.push('<p style="margin:0;">Nothing new since the last digest.</p>');
  } else {
    parts.push(`<p style="margin:0;">${escapeHtml(`${headline(digest)}.`)}</p>`);
  }
  for (const group of digest.groups) {
    parts.push(`<h2 style="${STYLE.h2}">${escapeHtml(groupHeading(group))}</h2>`);
    parts.push(`<p style="margin:0;${STYLE.muted}">${escapeHtml(`Sources: ${group.sources.join(', ')}`)}</p>`);
    section('New documents', group.documents.map(htmlDocument));
    section('Edited articles', group.edited.map(htmlDocument));
    section('New facts', group.newFacts.map(htmlFact));
    section(
      'Status changes',
      group.statusChanges.map((c) => `${htmlFact(c.fact)}<br>${escapeHtml(`${c.from} → ${c.to}`)}`),
    );
    section(
      'New contradictions',
      group.newContradictions.map(
        (c) =>
          `${escapeHtml(c.summary)}<br><span style="${STYLE.muted}">${escapeHtml(`sources: ${c.sources.join(', ')}`)}</span>`,
      ),
    );
    section('Still resting on one origin', group.singleOrigin.map(htmlFact));
  }
  if (digest.alerts.length) {
    parts.push(`<h2 style="${STYLE.h2}">Alerts</h2>`);
    parts.push(
      htmlList(
        digest.alerts.map(
          (a) =>
            `${link(a.title, a.url)}<br><span style="${STYLE.muted}">${escapeHtml(`alert ${a.ruleId} (${a.rule}): ${a.reasons.join('; ')}`)}</span>`,
        ),
      ),
    );
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(digestSubject(digest))}</title></head>
<body style="${STYLE.body}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="${STYLE.outer}"><tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="${STYLE.inner}"><tr><td style="${STYLE.cell}">
${parts.join('\n')}
</td></tr></table>
</td></tr></table>
</body></html>
`;
}
