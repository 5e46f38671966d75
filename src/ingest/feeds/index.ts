/**
 * Feeds from text: RSS 2.0/0.9x, RSS 1.0 (RDF), Atom and JSON Feed, each read by its own raw-shape parser and adapted
 * to one `Feed` shape. Pure: text in, data out.
 */
import { InputError } from '../../errors.ts';
import type { InputFormat } from '../../model.ts';
import { detectFormat } from '../detect.ts';
import { atomToFeed, parseAtomRaw } from './atom.ts';
import { jsonFeedToFeed, parseJsonFeedRaw } from './json-feed.ts';
import { parseRssRaw, rssToFeed } from './rss.ts';
import type { Feed } from './types.ts';

export { parseFeedDate } from './dates.ts';
export { htmlToText } from './html-text.ts';
export type { Feed, FeedItem, FeedKind } from './types.ts';

export interface FeedInput {
  /** File path or URL of the feed: named in errors, and the base for relative links when it is a URL. */
  name: string;
  contentType?: string | null;
  /** The format, when the caller already ran `detectFormat`. */
  format?: InputFormat;
}

export function isFeedFormat(format: InputFormat): format is 'rss' | 'atom' | 'json-feed' {
  return format === 'rss' || format === 'atom' || format === 'json-feed';
}

/** Parse a feed; throws `InputError` for malformed XML/JSON and for text that is not a feed. */
export function parseFeed(text: string, input: FeedInput): Feed {
  const { name } = input;
  const format = input.format ?? detectFormat({ name, contentType: input.contentType, text });
  const feedUrl = /^https?:\/\//i.test(name) ? name : null;
  switch (format) {
    case 'rss':
      return rssToFeed(parseRssRaw(text, name), feedUrl);
    case 'atom':
      return atomToFeed(parseAtomRaw(text, name), feedUrl);
    case 'json-feed':
      return jsonFeedToFeed(parseJsonFeedRaw(text, name), feedUrl);
    default:
      throw new InputError(name, `not a feed (the input looks like ${format})`);
  }
}
