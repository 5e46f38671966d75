/**
 * One parser per input format, each turning the raw text into drafts (articles) and observations, chosen by the
 * format detector. Parsers are pure: the orchestrator reads, fetches and stores.
 */
import { InputError } from '../errors.ts';
import type { InputFormat, Source } from '../model.ts';
import type { DraftDocument } from './document.ts';
import { sourceId } from './document.ts';
import { type FeedItem, htmlToText, parseFeed } from './feeds/index.ts';
import { extractArticle } from './html/index.ts';
import { looksLikeObservation } from './observation.ts';
import { parseMetadataDate } from './published-date.ts';
import { parseText, toParagraphs } from './text.ts';

export interface ParsedInput {
  drafts: DraftDocument[];
  /** Raw observation records with where they came from; validated by the orchestrator. */
  observations: { record: unknown; where: string }[];
}

export interface ParseContext {
  location: string;
  mediaType: string | null;
  /** `--source NAME` from the command line, if given. */
  sourceName?: string;
}

export type FormatParser = (text: string, context: ParseContext) => ParsedInput;

export const FORMAT_PARSERS: Partial<Record<InputFormat, FormatParser>> = {
  text: (text, context) => parsePlain(text, context, 'text'),
  markdown: (text, context) => parsePlain(text, context, 'markdown'),
  'json-record': parseJsonRecords,
  html: (text, context) => ({ drafts: [parseHtmlPage(text, context)], observations: [] }),
  rss: (text, context) => parseFeedItems(text, context, 'rss'),
  atom: (text, context) => parseFeedItems(text, context, 'atom'),
  'json-feed': (text, context) => parseFeedItems(text, context, 'json-feed'),
};

/** An HTML page: main text and metadata through the extractor; the page's URL is the fetched one or its canonical. */
export function parseHtmlPage(html: string, context: ParseContext): DraftDocument {
  const pageUrl = /^https?:\/\//i.test(context.location) ? context.location : null;
  const article = extractArticle(html, { url: pageUrl });
  const url = article.canonicalUrl ?? pageUrl;
  const title = article.title?.trim() || article.paragraphs[0]?.slice(0, 120) || '';
  if (!title && article.paragraphs.length === 0)
    throw new InputError(context.location, 'no article text found in the page');
  return {
    title,
    byline: article.byline,
    publishedAt: article.publishedAt.value ? article.publishedAt : null,
    url,
    source: sourceFor(context, article.siteName, url),
    paragraphs: article.paragraphs,
    removed: article.removed,
    raw: { location: context.location, format: 'html', mediaType: context.mediaType, content: html },
    languageHint: article.lang,
  };
}

/** Each feed item becomes a draft from what the feed carries (full content, else the summary). */
function parseFeedItems(text: string, context: ParseContext, format: 'rss' | 'atom' | 'json-feed'): ParsedInput {
  const feed = parseFeed(text, { name: context.location, contentType: context.mediaType, format });
  const outlet = feed.title ?? null;
  const drafts = feed.items.flatMap((item, i): DraftDocument[] => {
    const body = feedItemText(item);
    const title = item.title?.trim() || body.split('\n')[0]?.slice(0, 120) || '';
    if (!title && !body) return [];
    return [
      {
        title,
        byline: item.author,
        publishedAt: item.publishedAt ? parseMetadataDate(item.publishedAt, `${format} item date`) : null,
        url: item.url,
        source: sourceFor(context, outlet, feed.siteUrl ?? item.url),
        paragraphs: toParagraphs(body.split('\n')),
        removed: [],
        raw: {
          location: `${context.location}#item-${i + 1}`,
          format,
          mediaType: context.mediaType,
          content: item.source,
        },
      },
    ];
  });
  return { drafts, observations: [] };
}

function feedItemText(item: FeedItem): string {
  if (item.contentHtml) return htmlToText(item.contentHtml);
  return item.contentText ?? item.summary ?? '';
}

function parsePlain(text: string, context: ParseContext, format: 'text' | 'markdown'): ParsedInput {
  const parsed = parseText(text, { markdown: format === 'markdown' });
  if (!parsed.title) throw new InputError(context.location, 'no text in the file');
  return {
    drafts: [
      {
        title: parsed.title,
        byline: parsed.byline,
        publishedAt: parsed.publishedAt,
        url: parsed.meta.url ?? null,
        source: sourceFor(context, parsed.meta.source ?? parsed.meta.outlet ?? null, parsed.meta.url ?? null),
        paragraphs: parsed.paragraphs,
        removed: parsed.removed,
        raw: { location: context.location, format, mediaType: context.mediaType, content: text },
      },
    ],
    observations: [],
  };
}

/**
 * The source of an input: named in the input itself, else by `--source`, else the URL's host; a file with none of
 * these is its own unknown outlet (so unrelated files are never taken for one source).
 */
export function sourceFor(context: ParseContext, named: string | null, url: string | null): Source {
  const name = named ?? context.sourceName ?? hostOf(url) ?? hostOf(context.location);
  if (name) return { id: sourceId(name), name, kind: 'outlet', url: url ? originOf(url) : null };
  const file = context.location.replace(/.*[\\/]/, '');
  return { id: `unknown:${sourceId(file)}`, name: `unknown (${file})`, kind: 'outlet', url: null };
}

function hostOf(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** `.json` (an object or an array) or `.jsonl` records `{title, text, url, source, publishedAt}`, or observations. */
function parseJsonRecords(text: string, context: ParseContext): ParsedInput {
  const records = readJsonRecords(text, context.location);
  const result: ParsedInput = { drafts: [], observations: [] };
  records.forEach(({ record, where }) => {
    if (looksLikeObservation(record)) {
      result.observations.push({ record, where });
      return;
    }
    result.drafts.push(articleFromRecord(record, where, context));
  });
  return result;
}

function readJsonRecords(text: string, location: string): { record: unknown; where: string }[] {
  const trimmed = text.trim();
  try {
    const whole = JSON.parse(trimmed) as unknown;
    const list = Array.isArray(whole) ? whole : [whole];
    return list.map((record, i) => ({ record, where: list.length > 1 ? `${location}#${i + 1}` : location }));
  } catch {
    // Not one JSON value: read it as JSON Lines.
  }
  return trimmed.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [{ record: JSON.parse(line) as unknown, where: `${location}:${i + 1}` }];
    } catch (err) {
      throw new InputError(location, `line ${i + 1} is not valid JSON (${(err as Error).message})`);
    }
  });
}

function articleFromRecord(record: unknown, where: string, context: ParseContext): DraftDocument {
  if (typeof record !== 'object' || record === null) throw new InputError(where, 'a record must be a JSON object');
  const r = record as Record<string, unknown>;
  const text = typeof r.text === 'string' ? r.text : typeof r.content === 'string' ? r.content : null;
  if (!text?.trim()) throw new InputError(where, 'the record has no "text"');
  const title =
    typeof r.title === 'string' && r.title.trim() ? r.title.trim() : text.trim().split('\n')[0]!.slice(0, 120);
  const url = typeof r.url === 'string' ? r.url : null;
  const publishedAt = typeof r.publishedAt === 'string' ? parseMetadataDate(r.publishedAt, 'record publishedAt') : null;
  if (typeof r.publishedAt === 'string' && !publishedAt) {
    throw new InputError(where, `"publishedAt" is not a date: ${JSON.stringify(r.publishedAt)}`);
  }
  return {
    title,
    byline: typeof r.byline === 'string' ? r.byline : typeof r.author === 'string' ? r.author : null,
    publishedAt,
    url,
    source: sourceFor(context, typeof r.source === 'string' ? r.source : null, url),
    paragraphs: toParagraphs(text.split(/\r?\n/)),
    removed: [],
    raw: { location: where, format: 'json-record', mediaType: context.mediaType, content: JSON.stringify(record) },
  };
}
