import type { PublishedAt, RemovedSpan } from '../../model.ts';
import { selectContent } from './content.ts';
import { prepareHtml } from './prepare.ts';
import { parseDocument } from './readability.ts';

export interface ExtractedArticle {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  publishedAt: PublishedAt;
  paragraphs: string[];
  removed: RemovedSpan[];
}

export function extractArticle(html: string, options: { url?: string | null } = {}): ExtractedArticle {
  void options;
  const prepared = prepareHtml(html);
  const doc = parseDocument(prepared.html);
  const content = selectContent(doc, prepared.title);
  return {
    title: content.readability?.title ?? prepared.title,
    byline: content.readability?.byline ?? null,
    siteName: null,
    canonicalUrl: null,
    lang: prepared.lang,
    publishedAt: { value: null, precision: null, origin: 'unknown' },
    paragraphs: content.paragraphs,
    removed: content.removed,
  };
}
