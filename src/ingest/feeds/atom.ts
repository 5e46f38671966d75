/** Atom 1.0 (and the older 0.3): a raw-shape parser and an adapter to the one `Feed` shape. */
import { InputError } from '../../errors.ts';
import { parseFeedDate } from './dates.ts';
import { htmlToText } from './html-text.ts';
import type { Feed, FeedItem } from './types.ts';
import { isHttpUrl, resolveUrl } from './urls.ts';
import { asArray, attrOf, child, decodeRawXmlText, parseXml, textOf } from './xml.ts';

/** An Atom text construct: `text` is plain text, `html` an HTML string, `xhtml` inline XHTML markup. */
export interface RawAtomText {
  type: 'text' | 'html' | 'xhtml';
  value: string;
}

export interface RawAtomLink {
  href: string;
  rel: string;
  type: string | null;
}

export interface RawAtom {
  /** `1.0`, or `0.3` for the pre-standard namespace. */
  version: string | null;
  title: RawAtomText | null;
  links: RawAtomLink[];
  /** `xml:base` of the feed element. */
  base: string | null;
  authors: string[];
  entries: RawAtomEntry[];
}

export interface RawAtomEntry {
  id: string | null;
  title: RawAtomText | null;
  links: RawAtomLink[];
  base: string | null;
  published: string | null;
  updated: string | null;
  authors: string[];
  summary: RawAtomText | null;
  content: RawAtomText | null;
  source: string;
}

/** Text constructs are kept unparsed by the XML parser, so XHTML content stays markup; see `decodeRawXmlText`. */
const TEXT_CONSTRUCTS = ['*.title', '*.subtitle', '*.tagline', '*.summary', '*.content', '*.rights'];

export function parseAtomRaw(text: string, name: string): RawAtom {
  const { doc, sourceOf } = parseXml(text, name, TEXT_CONSTRUCTS);
  const feed = doc.feed;
  if (!feed || typeof feed !== 'object') {
    const root = Object.keys(doc).find((key) => !key.startsWith('?')) ?? 'none';
    throw new InputError(name, `not an Atom feed: the root element is <${root}>`);
  }
  const namespace = attrOf(feed, 'xmlns') ?? '';
  return {
    version: namespace.includes('purl.org/atom') ? (attrOf(feed, 'version') ?? '0.3') : '1.0',
    title: textConstruct(child(feed, 'title')),
    links: links(child(feed, 'link')),
    base: attrOf(feed, 'base'),
    authors: authors(child(feed, 'author')),
    entries: asArray(child(feed, 'entry')).map((entry) => ({
      id: textOf(child(entry, 'id')),
      title: textConstruct(child(entry, 'title')),
      links: links(child(entry, 'link')),
      base: attrOf(entry, 'base'),
      // Atom 0.3 said `issued` and `modified`.
      published: textOf(child(entry, 'published')) ?? textOf(child(entry, 'issued')),
      updated: textOf(child(entry, 'updated')) ?? textOf(child(entry, 'modified')),
      authors: authors(child(entry, 'author')),
      summary: textConstruct(child(entry, 'summary')),
      content: textConstruct(child(entry, 'content')),
      source: sourceOf(entry),
    })),
  };
}

export function atomToFeed(raw: RawAtom, feedUrl: string | null): Feed {
  const feedBase = resolveUrl(raw.base, feedUrl);
  const siteUrl = resolveUrl(alternate(raw.links), feedBase);
  return {
    kind: 'atom',
    version: raw.version,
    title: plain(raw.title),
    siteUrl,
    items: raw.entries.map((entry): FeedItem => {
      const base = resolveUrl(entry.base, feedBase) ?? feedBase ?? siteUrl;
      const content = entry.content;
      return {
        title: plain(entry.title),
        url: resolveUrl(alternate(entry.links) ?? (isHttpUrl(entry.id) ? entry.id : null), base),
        guid: entry.id,
        // `updated` stands in when `published` (optional in Atom) is missing: the nearest date the feed gives.
        publishedAt: parseFeedDate(entry.published) ?? parseFeedDate(entry.updated),
        author: (entry.authors.length > 0 ? entry.authors : raw.authors).join(', ') || null,
        summary: plain(entry.summary),
        contentHtml: content && content.type !== 'text' ? content.value : null,
        contentText: content?.type === 'text' ? content.value : null,
        source: entry.source,
      };
    }),
  };
}

function textConstruct(node: unknown): RawAtomText | null {
  if (node === undefined || node === null) return null;
  if (attrOf(node, 'src')) return null; // out-of-line content: nothing to read here
  const raw = typeof node === 'string' ? node : (textOf(node) ?? '');
  const type = constructType(attrOf(node, 'type'), attrOf(node, 'mode'));
  if (type === null) return null;
  const value =
    type === 'xhtml'
      ? raw.replace(/^\s*<(?:[\w-]+:)?div\b[^>]*>([\s\S]*)<\/(?:[\w-]+:)?div>\s*$/, '$1').trim()
      : decodeRawXmlText(raw).trim();
  return value === '' ? null : { type, value };
}

/** Atom 1.0 says text/html/xhtml or a media type; Atom 0.3 said a media type and `mode="escaped"`. */
function constructType(type: string | null, mode: string | null): RawAtomText['type'] | null {
  const t = (type ?? 'text').toLowerCase();
  if (t === 'xhtml' || t === 'application/xhtml+xml') return mode === 'escaped' ? 'html' : 'xhtml';
  if (t === 'html' || t === 'text/html') return 'html';
  if (t === 'text' || t.startsWith('text/')) return 'text';
  return null; // base64 or other media: not text
}

function plain(construct: RawAtomText | null): string | null {
  if (!construct) return null;
  return (
    (construct.type === 'text' ? construct.value.replace(/\s+/g, ' ').trim() : htmlToText(construct.value)) || null
  );
}

function links(node: unknown): RawAtomLink[] {
  return asArray(node).flatMap((link) => {
    const href = attrOf(link, 'href');
    return href ? [{ href, rel: attrOf(link, 'rel') ?? 'alternate', type: attrOf(link, 'type') }] : [];
  });
}

/** The `rel="alternate"` link, an HTML one first. */
function alternate(all: RawAtomLink[]): string | null {
  const alternates = all.filter((link) => link.rel === 'alternate');
  const html = alternates.find((link) => link.type === null || /html/i.test(link.type));
  return (html ?? alternates[0])?.href ?? null;
}

function authors(node: unknown): string[] {
  return asArray(node)
    .map((author) => textOf(child(author, 'name')) ?? textOf(child(author, 'email')))
    .filter((name): name is string => name !== null);
}
