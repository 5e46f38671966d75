/**
 * `extractArticle`: the main text and metadata of a news web page. Pure: HTML string in, plain data out; no
 * script on the page ever runs (scripts are cut from the HTML before parsing, and linkedom executes nothing).
 */
import type { PublishedAt, RemovedSpan } from '../../model.ts';
import { collapse, countWords } from './blocks.ts';
import { selectContent } from './content.ts';
import { cleanByline, parseDate, readMetadata } from './metadata.ts';
import { prepareHtml } from './prepare.ts';
import { parseDocument } from './readability.ts';

export interface ExtractedArticle {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  /** The `lang` of `<html>`, else a language named in the page's metadata. */
  lang: string | null;
  publishedAt: PublishedAt;
  /** The clean main text, one entry per paragraph or block, whitespace collapsed. */
  paragraphs: string[];
  /** What was taken out of the main content area, and why. */
  removed: RemovedSpan[];
}

export interface ExtractOptions {
  /** The page's URL, used to resolve a relative canonical link. */
  url?: string | null;
}

/** Without a date in the metadata, the first date line cut from around the text gives a `stated` one. */
function statedDate(removed: RemovedSpan[]): PublishedAt {
  for (const span of removed) {
    if (span.reason !== 'date-line') continue;
    const parsed = parseDate(span.text);
    if (parsed) return { ...parsed, origin: 'stated', evidence: span.text };
  }
  return { value: null, precision: null, origin: 'unknown' };
}

/** The first short byline cut from around the text ("By Jane Doe"), cleaned. */
function bylineLine(removed: RemovedSpan[]): string | null {
  const span = removed.find((r) => r.reason === 'byline' && countWords(r.text) <= 10);
  return span ? cleanByline(span.text) || null : null;
}

/** Whitespace collapsed; "Headline | Section | Site" → the part that reads as the headline. */
function cleanTitle(title: string | null): string | null {
  if (!title) return null;
  const text = collapse(title);
  const parts = text.split(/\s+\|\s+/);
  if (parts.length === 1) return text || null;
  // Headline first is the common order; a site name first ("Site | Headline") leaves a short first part.
  if (countWords(parts[0]!) >= 3) return parts[0]!;
  const longest = parts.reduce((a, b) => (countWords(b) > countWords(a) ? b : a));
  return countWords(longest) >= 4 ? longest : text;
}

export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  const prepared = prepareHtml(html);
  const doc = parseDocument(prepared.html);
  const pageTitle = collapse(doc.head?.firstChild?.textContent ?? '') || null;
  const metadata = readMetadata(doc, { url: options.url ?? null, lang: prepared.lang });
  const content = selectContent(doc, { title: metadata.title ?? pageTitle, articleBody: metadata.articleBody });
  const readabilityByline = content.readability?.byline;
  return {
    title: cleanTitle(metadata.title ?? content.readability?.title ?? pageTitle),
    byline:
      metadata.byline ??
      (readabilityByline ? cleanByline(readabilityByline) || null : null) ??
      bylineLine(content.removed),
    siteName: metadata.siteName,
    canonicalUrl: metadata.canonicalUrl,
    lang: metadata.lang,
    publishedAt: metadata.publishedAt.value ? metadata.publishedAt : statedDate(content.removed),
    paragraphs: content.paragraphs,
    removed: content.removed,
  };
}
