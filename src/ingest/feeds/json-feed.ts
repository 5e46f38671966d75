/** JSON Feed 1.0 and 1.1: a raw-shape parser and an adapter to the one `Feed` shape. */
import { InputError } from '../../errors.ts';
import { parseFeedDate } from './dates.ts';
import { htmlToText } from './html-text.ts';
import type { Feed, FeedItem } from './types.ts';
import { resolveUrl } from './urls.ts';

export interface RawJsonFeed {
  version: string;
  title: string | null;
  homePageUrl: string | null;
  feedUrl: string | null;
  authors: string[];
  items: RawJsonFeedItem[];
}

export interface RawJsonFeedItem {
  id: string | null;
  url: string | null;
  externalUrl: string | null;
  title: string | null;
  contentHtml: string | null;
  contentText: string | null;
  summary: string | null;
  datePublished: string | null;
  dateModified: string | null;
  authors: string[];
  source: string;
}

export function parseJsonFeedRaw(text: string, name: string): RawJsonFeed {
  const feed = parseJson(text, name);
  if (!isObject(feed)) throw new InputError(name, 'not a JSON Feed: the top level is not an object');
  const version = str(feed.version);
  if (!version || !/^https?:\/\/jsonfeed\.org\/version\//.test(version)) {
    throw new InputError(name, 'not a JSON Feed: no "version": "https://jsonfeed.org/version/…"');
  }
  if (!Array.isArray(feed.items)) throw new InputError(name, 'JSON Feed without an "items" array');
  return {
    version,
    title: str(feed.title),
    homePageUrl: str(feed.home_page_url),
    feedUrl: str(feed.feed_url),
    authors: authors(feed),
    items: feed.items.filter(isObject).map((item) => ({
      // Ids are strings in the spec, but numbers are common in the wild.
      id: str(item.id) ?? (typeof item.id === 'number' ? String(item.id) : null),
      url: str(item.url),
      externalUrl: str(item.external_url),
      title: str(item.title),
      contentHtml: str(item.content_html),
      contentText: str(item.content_text),
      summary: str(item.summary),
      datePublished: str(item.date_published),
      dateModified: str(item.date_modified),
      authors: authors(item),
      source: JSON.stringify(item),
    })),
  };
}

export function jsonFeedToFeed(raw: RawJsonFeed, feedUrl: string | null): Feed {
  const base = raw.feedUrl ?? feedUrl;
  const siteUrl = resolveUrl(raw.homePageUrl, base);
  return {
    kind: 'json-feed',
    version: /version\/(.+)$/.exec(raw.version)?.[1] ?? null,
    title: raw.title,
    siteUrl,
    items: raw.items.map(
      (item): FeedItem => ({
        title: item.title === null ? null : htmlToText(item.title) || null,
        url: resolveUrl(item.url ?? item.externalUrl, siteUrl ?? base),
        guid: item.id,
        publishedAt: parseFeedDate(item.datePublished) ?? parseFeedDate(item.dateModified),
        author: (item.authors.length > 0 ? item.authors : raw.authors).join(', ') || null,
        summary: item.summary === null ? null : htmlToText(item.summary) || null,
        contentHtml: item.contentHtml,
        contentText: item.contentText,
        source: item.source,
      }),
    ),
  };
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    if (!position) throw new InputError(name, `malformed JSON: ${message}`);
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const reason = message.replace(/\s*in JSON at position \d+.*$/, '');
    throw new InputError(name, `malformed JSON at line ${line}, column ${column}: ${reason}`);
  }
}

/** JSON Feed 1.1 `authors`, or 1.0 `author`. */
function authors(node: Record<string, unknown>): string[] {
  const list = Array.isArray(node.authors) ? node.authors : isObject(node.author) ? [node.author] : [];
  return list
    .filter(isObject)
    .map((author) => str(author.name))
    .filter((n): n is string => n !== null);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
