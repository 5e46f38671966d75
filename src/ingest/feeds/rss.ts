/** RSS 2.0 (and 0.9x) and RSS 1.0/RDF: a raw-shape parser and an adapter to the one `Feed` shape. */
import { InputError } from '../../errors.ts';
import { parseFeedDate } from './dates.ts';
import { htmlToText } from './html-text.ts';
import type { Feed, FeedItem } from './types.ts';
import { resolveUrl } from './urls.ts';
import { asArray, attrOf, child, decodeRawXmlText, parseXml, textOf } from './xml.ts';

/** An RSS channel as written, every value a trimmed string or null. */
export interface RawRss {
  /** `2.0`, `0.91`, … or `1.0` for RSS 1.0 (RDF). */
  version: string | null;
  title: string | null;
  link: string | null;
  items: RawRssItem[];
}

export interface RawRssItem {
  title: string | null;
  link: string | null;
  guid: string | null;
  /** `isPermaLink` of the guid; RSS 2.0 makes it true when absent. */
  guidIsPermaLink: boolean;
  /** RDF `rdf:about`. */
  about: string | null;
  pubDate: string | null;
  /** Dublin Core `dc:date`. */
  dcDate: string | null;
  author: string | null;
  /** Dublin Core `dc:creator`, possibly several. */
  creators: string[];
  /** HTML, entity-decoded (escaped or CDATA in the XML). */
  description: string | null;
  /** `content:encoded`, HTML. */
  contentEncoded: string | null;
  source: string;
}

/**
 * Elements that may hold HTML, kept unparsed by the XML parser: escaped, in CDATA, or (against the spec, but common)
 * as bare markup, which the parser would otherwise split into child elements.
 */
const MARKUP_ELEMENTS = ['*.title', '*.description', '*.encoded'];

export function parseRssRaw(text: string, name: string): RawRss {
  const { doc, sourceOf } = parseXml(text, name, MARKUP_ELEMENTS);
  const rss = doc.rss;
  const rdf = doc.RDF;
  if (rss === undefined && rdf === undefined) {
    throw new InputError(name, `not an RSS feed: the root element is <${rootName(doc) ?? 'none'}>`);
  }
  const found = child(rss ?? rdf, 'channel');
  if (found === undefined) throw new InputError(name, 'not an RSS feed: no <channel> element');
  const channel = typeof found === 'object' ? found : {}; // `<channel/>`: empty
  // RSS 2.0 nests items in the channel; RSS 1.0 makes them siblings of it.
  const items = rss !== undefined ? child(channel, 'item') : child(rdf, 'item');
  return {
    version: rss !== undefined ? attrOf(rss, 'version') : '1.0',
    title: markup(child(channel, 'title')),
    link: plainLink(child(channel, 'link')),
    items: asArray(items).map((item) => rawItem(item, sourceOf(item))),
  };
}

export function rssToFeed(raw: RawRss, feedUrl: string | null): Feed {
  const siteUrl = resolveUrl(raw.link, feedUrl);
  return {
    kind: 'rss',
    version: raw.version,
    title: raw.title === null ? null : htmlToText(raw.title) || null,
    siteUrl,
    items: raw.items.map((item) => adaptItem(item, siteUrl ?? feedUrl)),
  };
}

function rawItem(item: unknown, source: string): RawRssItem {
  const guid = child(item, 'guid');
  return {
    title: markup(child(item, 'title')),
    link: plainLink(child(item, 'link')),
    guid: textOf(guid),
    guidIsPermaLink: attrOf(guid, 'isPermaLink')?.toLowerCase() !== 'false',
    about: attrOf(item, 'about'),
    pubDate: textOf(child(item, 'pubDate')),
    dcDate: textOf(child(item, 'date')),
    author: textOf(child(item, 'author')),
    creators: asArray(child(item, 'creator'))
      .map(textOf)
      .filter((c): c is string => c !== null),
    description: markup(child(item, 'description')),
    contentEncoded: markup(child(item, 'encoded')),
    source,
  };
}

function adaptItem(item: RawRssItem, base: string | null): FeedItem {
  const permalink = item.guidIsPermaLink && item.guid && /^https?:\/\//i.test(item.guid) ? item.guid : null;
  const summary = item.description === null ? null : htmlToText(item.description) || null;
  return {
    title: item.title === null ? null : htmlToText(item.title) || null,
    url: resolveUrl(item.link ?? permalink ?? item.about, base),
    guid: item.guid ?? item.about,
    publishedAt: parseFeedDate(item.pubDate) ?? parseFeedDate(item.dcDate),
    author: authorName(item),
    summary,
    contentHtml: item.contentEncoded ?? item.description,
    contentText: null,
    source: item.source,
  };
}

/** RSS `author` is an e-mail address, conventionally `jdoe@example.com (Jane Doe)`; keep the name when there is one. */
function authorName(item: RawRssItem): string | null {
  if (item.creators.length > 0) return item.creators.join(', ');
  if (!item.author) return null;
  const named = /\(([^)]+)\)\s*$/.exec(item.author);
  return named ? named[1]!.trim() : item.author;
}

/** The RSS `<link>` among same-named elements (an `atom:link` loses its prefix too, but carries its URL in `href`). */
function plainLink(node: unknown): string | null {
  for (const link of asArray(node)) {
    if (typeof link === 'string' && link.trim() !== '') return link.trim();
  }
  for (const link of asArray(node)) {
    const text = textOf(link);
    if (text) return text;
  }
  return null;
}

/** Escaped or CDATA text is decoded to the HTML it holds; bare markup already is that HTML. */
function markup(node: unknown): string | null {
  const raw = textOf(node);
  if (raw === null) return null;
  const bare = raw.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').includes('<');
  return (bare ? raw : decodeRawXmlText(raw)).trim() || null;
}

function rootName(doc: Record<string, unknown>): string | undefined {
  return Object.keys(doc).find((key) => !key.startsWith('?'));
}
