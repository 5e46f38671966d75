/**
 * A document's clean text with its analysis drawn on it: every annotation is a span of offsets into the text, and
 * overlapping spans (an entity inside a claim) split the text into segments that carry every layer covering them.
 */
import { h } from './dom.ts';
import type { Analysis } from './types.ts';

export type Layer = 'entity' | 'date' | 'quantity' | 'claim' | 'search';

export interface Annotation {
  start: number;
  end: number;
  layer: Layer;
  /** CSS class for the kind within the layer (`entity-person`, `claim-cue`). */
  kind: string;
  /** What it is, in words, for the tooltip. */
  label: string;
}

export function annotationsOf(analysis: Analysis | null): Annotation[] {
  if (!analysis) return [];
  const out: Annotation[] = [];
  for (const entity of analysis.entities ?? []) {
    for (const m of entity.mentions) {
      out.push({
        start: m.start,
        end: m.end,
        layer: 'entity',
        kind: `entity-${entity.type}`,
        label: `${entity.type}: ${entity.name}`,
      });
    }
  }
  for (const d of analysis.dates ?? []) {
    out.push({ start: d.start, end: d.end, layer: 'date', kind: 'date', label: `${d.type.toLowerCase()} ${d.value}` });
  }
  for (const q of analysis.quantities ?? []) {
    out.push({
      start: q.start,
      end: q.end,
      layer: 'quantity',
      kind: 'quantity',
      label: `quantity: ${q.value ?? '?'} ${q.unit}`,
    });
  }
  for (const c of analysis.claims ?? []) {
    const who = c.source?.text ?? 'unattributed';
    out.push({
      start: c.content.start,
      end: c.content.end,
      layer: 'claim',
      kind: 'claim-content',
      label: `claim (${c.stance}) by ${who}`,
    });
    out.push({ start: c.cue.start, end: c.cue.end, layer: 'claim', kind: 'claim-cue', label: `${c.stance}` });
    if (c.source)
      out.push({
        start: c.source.start,
        end: c.source.end,
        layer: 'claim',
        kind: 'claim-source',
        label: `source of a claim (${c.stance})`,
      });
  }
  return out.filter((a) => a.end > a.start);
}

/** The text of `[from, to)` as text nodes and <span>s, one per run of identical covering annotations. */
export function annotatedRange(text: string, from: number, to: number, annotations: Annotation[]): (Node | string)[] {
  const inside = annotations.filter((a) => a.start < to && a.end > from);
  const cuts = new Set([from, to]);
  for (const a of inside) {
    cuts.add(Math.max(from, a.start));
    cuts.add(Math.min(to, a.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const parts: (Node | string)[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const covering = inside.filter((a) => a.start <= start && a.end >= end);
    const piece = text.slice(start, end);
    if (!covering.length) {
      parts.push(piece);
      continue;
    }
    const classes = ['ann', ...new Set(covering.map((a) => a.kind))];
    parts.push(
      h(
        'span',
        {
          class: classes.join(' '),
          'data-layers': [...new Set(covering.map((a) => a.layer))].join(' '),
          title: [...new Set(covering.map((a) => a.label))].join('\n'),
        },
        piece,
      ),
    );
  }
  return parts;
}

/** The words of a search query found in a text (whole words, any case): to show why a hit matched. */
export function searchMatches(text: string, query: string | null): Annotation[] {
  const words = (query ?? '').match(/[\p{L}\p{N}]+/gu)?.filter((w) => !/^(?:AND|OR)$/.test(w)) ?? [];
  if (!words.length) return [];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return [...text.matchAll(pattern)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    layer: 'search' as const,
    kind: 'search-hit',
    label: 'matches your search',
  }));
}
