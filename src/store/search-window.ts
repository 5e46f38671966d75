/**
 * The bound that keeps search fast whatever the size of the store, shared by the SQLite and PostgreSQL stores: a
 * query is weighed among at most `window` matches — the most recently stored ones, which each store reads in storage
 * order from its index and stops after `window`. Those are ranked (BM25 / ts_rank) and counted into the source, day
 * and entity facets; a query matching more says so (`totalIsLowerBound`) instead of ranking and counting every match,
 * which at 100,000 or 1,000,000 matches costs a second or more. Pure.
 */
import { type DocumentRow, summaryFromRow } from './rows.ts';
import { splitMarks } from './search-query.ts';
import type { SearchHit, SearchResult } from './store.ts';

/** Matches weighed per query (and per facet that leaves its own filter out) unless `SearchQuery.window` says. */
export const SEARCH_WINDOW = 5000;

/** Beyond this many weighed matches, the entity facet is counted on an even sample of about this many. */
export const ENTITY_SAMPLE = 1000;

/** A match as the stores read it for ranking and facets: no text, no snippet. */
export interface Candidate {
  id: string;
  sourceId: string;
  sourceName: string;
  publishedValue: string | null;
  sortDate: string;
  /** Higher is better; 0 when listing without a query. */
  score: number;
}

/** Best first: score, then newest, then id (the order both stores promise). */
export function bestFirst<T extends Candidate>(candidates: T[]): T[] {
  return [...candidates].sort(
    (a, b) => b.score - a.score || (a.sortDate < b.sortDate ? 1 : a.sortDate > b.sortDate ? -1 : 0) || cmp(a.id, b.id),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sourceFacet(candidates: Candidate[]): SearchResult['facets']['sources'] {
  const counts = new Map<string, { id: string; name: string; count: number }>();
  for (const c of candidates) {
    const entry = counts.get(c.sourceId) ?? { id: c.sourceId, name: c.sourceName, count: 0 };
    entry.count++;
    counts.set(c.sourceId, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || cmp(a.name, b.name));
}

export function dayFacet(candidates: Candidate[]): SearchResult['facets']['days'] {
  const counts = new Map<string, number>();
  for (const c of candidates) {
    if (c.publishedValue === null) continue;
    const day = c.publishedValue.slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts].map(([date, count]) => ({ date, count })).sort((a, b) => cmp(a.date, b.date));
}

/**
 * The documents whose entities are counted for the entity facet: all of them up to `sample`, beyond that an even
 * sample of about one in `step` (picked on the document id, a content hash, so that a corpus stored in a repeating
 * order cannot line up with the step); the counts are then scaled by `step` and are estimates.
 */
export function entitySample(candidates: Candidate[], sample: number): { ids: string[]; step: number } {
  const step = Math.max(1, Math.ceil(candidates.length / sample));
  const ids = candidates.map((c) => c.id);
  if (step === 1) return { ids, step };
  return { ids: ids.filter((id) => hashOf(id) % step === 0), step };
}

/** FNV-1a of the id: ids are hex content hashes in the product, but tests and imports may use any text. */
function hashOf(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A page's row as both stores read it: the document's columns with its title and snippet marked up. */
export type MarkedRow = DocumentRow & { marked_snippet: string; marked_title: string };

/** The hits of a page of candidates, in the page's order, from the rows read for them (a row gone since: no hit). */
export function pageHits(page: Candidate[], rows: MarkedRow[]): SearchHit[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return page.flatMap((c): SearchHit[] => {
    const row = byId.get(c.id);
    if (!row) return [];
    const summary = summaryFromRow({
      ...row,
      source_id: c.sourceId,
      source_name: c.sourceName,
      published_value: c.publishedValue,
      chars: 0,
    });
    const snippet = splitMarks(row.marked_snippet);
    return [
      {
        documentId: c.id,
        title: row.title,
        url: row.url,
        source: summary.source,
        publishedAt: summary.publishedAt,
        snippet: snippet.text,
        highlights: snippet.highlights,
        titleHighlights: splitMarks(row.marked_title).highlights,
        score: c.score,
      },
    ];
  });
}
