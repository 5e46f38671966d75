/**
 * `extractArticle`: the main text and metadata of a news web page. Pure: HTML string in, plain data out; no
 * script on the page ever runs (scripts are cut from the HTML before parsing, and linkedom executes nothing).
 */
import type { PublishedAt, RemovedSpan } from '../../model.ts';
import { collapse } from './blocks.ts';
import { selectContent } from './content.ts';
import { cleanByline, readMetadata } from './metadata.ts';
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

export function extractArticle(html: string, options: ExtractOptions = {}): ExtractedArticle {
  const prepared = prepareHtml(html);
  const doc = parseDocument(prepared.html);
  const pageTitle = collapse(doc.head?.firstChild?.textContent ?? '') || null;
  const metadata = readMetadata(doc, { url: options.url ?? null, lang: prepared.lang });
  const content = selectContent(doc, { title: metadata.title ?? pageTitle, articleBody: metadata.articleBody });
  const readabilityByline = content.readability?.byline;
  return {
    title: metadata.title ?? content.readability?.title ?? pageTitle,
    byline: metadata.byline ?? (readabilityByline ? cleanByline(readabilityByline) : null),
    siteName: metadata.siteName,
    canonicalUrl: metadata.canonicalUrl,
    lang: metadata.lang,
    publishedAt: metadata.publishedAt,
    paragraphs: content.paragraphs,
    removed: content.removed,
  };
}
