/**
 * Page metadata: title, byline, site name, canonical URL, language and publication date, from JSON-LD
 * (`NewsArticle`/`Article`, also inside `@graph`), Open Graph / `article:` meta tags, Dublin Core and other
 * `<meta name>` dates, `<time datetime>` and `<link rel=canonical>`. Read before Readability rewrites the tree.
 */
import type { DatePrecision, PublishedAt } from '../../model.ts';
import { collapse } from './blocks.ts';
import { type DomDocument, type DomElement, type DomNode, ELEMENT_NODE } from './dom.ts';

export interface PageMetadata {
  title: string | null;
  byline: string | null;
  siteName: string | null;
  canonicalUrl: string | null;
  lang: string | null;
  publishedAt: PublishedAt;
  /** The article text the page states in JSON-LD (`articleBody`), when it does: a strong hint, not the output. */
  articleBody: string | null;
}

const ARTICLE_TYPE =
  /^(?:Article|NewsArticle|AnalysisNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|LiveBlogPosting|BlogPosting|Report|TechArticle|SatiricalArticle)$/;

/** `<meta>` names and properties that carry the publication date, best first. */
const DATE_META = [
  'article:published_time',
  'og:published_time',
  'og:article:published_time',
  'datepublished',
  'date',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'dc.date.issued',
  'dc.date',
  'dcterms.issued',
  'dcterms.date',
  'dcterms.created',
  'sailthru.date',
  'parsely-pub-date',
  'article.published',
  'originalpublicationdate',
];

/** A BCP 47-looking tag (`en`, `en-GB`, `pt_BR`); names such as "english" are not taken. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$/i;

const UNKNOWN_DATE: PublishedAt = { value: null, precision: null, origin: 'unknown' };

export function readMetadata(doc: DomDocument, options: { url: string | null; lang: string | null }): PageMetadata {
  const found = collect(doc);
  const meta = metaValues(found.meta);
  const ld = jsonLdArticle(found.jsonLd);
  const first = (...keys: string[]) => {
    for (const key of keys) {
      const value = meta.get(key);
      if (value) return value;
    }
    return null;
  };

  const title = ld?.headline ?? first('og:title', 'twitter:title', 'dc.title') ?? null;
  const author = ld?.author ?? nonUrl(first('author', 'article:author', 'byl', 'dc.creator', 'sailthru.author'));
  const siteName = first('og:site_name', 'application-name') ?? ld?.publisher ?? null;
  const canonicalHref = found.canonical?.getAttribute('href');
  const ogUrl = first('og:url');
  const lang = options.lang ?? first('og:locale', 'content-language', 'dc.language', 'language');

  return {
    title,
    byline: author ? cleanByline(author) : null,
    siteName,
    // A relative canonical link needs the page URL; without it, og:url (absolute by definition) stands in.
    canonicalUrl:
      (canonicalHref ? absoluteUrl(canonicalHref, options.url) : null) ??
      (ogUrl ? absoluteUrl(ogUrl, options.url) : null),
    lang: lang && LANGUAGE_TAG.test(lang.trim()) ? lang.trim().replace('_', '-') : null,
    publishedAt: publicationDate(found.times, meta, ld),
    articleBody: ld?.articleBody ?? null,
  };
}

interface Collected {
  meta: DomElement[];
  jsonLd: DomElement[];
  canonical: DomElement | null;
  /** `<time datetime>` elements: marked as the publication time first, then inside an article, then the rest. */
  times: DomElement[];
}

/** One walk over the tree for every element the metadata comes from (CSS selector queries walk it each time). */
function collect(doc: DomDocument): Collected {
  const found: Collected = { meta: [], jsonLd: [], canonical: null, times: [] };
  const marked: DomElement[] = [];
  const inArticle: DomElement[] = [];
  const other: DomElement[] = [];
  // Iterative (real pages nest deep enough to overflow the call stack), from the root element: linkedom does not
  // link the doctype node to its next sibling.
  const open: { next: DomNode | null; article: boolean }[] = [];
  if (doc.documentElement) open.push({ next: doc.documentElement, article: false });
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    const child = top.next;
    if (!child) {
      open.pop();
      continue;
    }
    top.next = child.nextSibling;
    if (child.nodeType !== ELEMENT_NODE) continue;
    const el = child as DomElement;
    const tag = el.localName.toLowerCase();
    if (tag === 'meta') found.meta.push(el);
    else if (tag === 'script') {
      if ((el.getAttribute('type') ?? '').toLowerCase().includes('ld+json')) found.jsonLd.push(el);
    } else if (tag === 'link') {
      if (!found.canonical && /(?:^|\s)canonical(?:\s|$)/i.test(el.getAttribute('rel') ?? '')) found.canonical = el;
    } else if (tag === 'time' && el.hasAttribute('datetime')) {
      if (el.hasAttribute('pubdate') || el.getAttribute('itemprop') === 'datePublished') marked.push(el);
      else (top.article ? inArticle : other).push(el);
    }
    open.push({ next: el.firstChild, article: top.article || tag === 'article' || tag === 'main' });
  }
  found.times = [...marked, ...inArticle, ...other];
  return found;
}

/** Lower-cased `name`/`property`/`itemprop`/`http-equiv` of every `<meta>`, first occurrence wins. */
function metaValues(elements: DomElement[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const el of elements) {
    const content = el.getAttribute('content');
    if (!content?.trim()) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !values.has(key)) values.set(key, collapse(decodeEntities(content)));
    }
  }
  return values;
}

interface LdArticle {
  headline: string | null;
  author: string | null;
  publisher: string | null;
  datePublished: string | null;
  articleBody: string | null;
}

/** The first JSON-LD object typed as an article (anywhere in arrays, `@graph` or nesting). */
function jsonLdArticle(scripts: DomElement[]): LdArticle | null {
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    const found = findArticle(data, 0);
    if (found) {
      return {
        headline: text(found.headline) ?? text(found.name),
        author: names(found.author ?? found.creator),
        publisher: names(found.publisher),
        datePublished: text(found.datePublished) ?? text(found.dateCreated),
        articleBody: text(found.articleBody),
      };
    }
  }
  return null;
}

type LdObject = Record<string, unknown>;

function findArticle(node: unknown, depth: number): LdObject | null {
  if (depth > 6 || !node || typeof node !== 'object') return null;
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findArticle(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const obj = node as LdObject;
  const types = ([] as unknown[]).concat(obj['@type'] ?? []).filter((t): t is string => typeof t === 'string');
  if (types.some((t) => ARTICLE_TYPE.test(t))) return obj;
  for (const key of ['@graph', 'mainEntity', 'mainEntityOfPage', 'hasPart']) {
    const found = findArticle(obj[key], depth + 1);
    if (found) return found;
  }
  return null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return collapse(decodeEntities(value));
  return null;
}

/** A name, a `{name}` object or a list of them, joined with commas. */
function names(value: unknown): string | null {
  const list = ([] as unknown[]).concat(value ?? []);
  const found = list
    .map((item) =>
      typeof item === 'string' ? text(item) : item && typeof item === 'object' ? text((item as LdObject).name) : null,
    )
    .filter((name): name is string => name !== null && !/^https?:\/\//.test(name));
  return found.length ? [...new Set(found)].join(', ') : null;
}

function nonUrl(value: string | null): string | null {
  return value && !/^https?:\/\//.test(value) ? value : null;
}

/** "By Jane Doe and John Roe, Staff Writers" → "Jane Doe and John Roe, Staff Writers". */
export function cleanByline(byline: string): string {
  return collapse(byline)
    .replace(/^(?:by|written by|story by|posted by)\s*:?\s+/i, '')
    .replace(BYLINE_DATE_TAIL, '')
    .replace(/[\s,;|–—-]+$/, '');
}

/** A date or "3 days ago" trailing a byline: "Jane Doe, AP Writer Dec. 31, 2007 11:14 AM". */
const BYLINE_DATE_TAIL =
  /[\s,;|–—-]*(?:(?:updated|posted|published)\b.*|\d+ (?:minutes?|hours?|days?|weeks?) ago.*|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}\b.*|\d{4}-\d{2}-\d{2}.*)$/i;

/** An absolute http(s) URL, or null (a relative link without a base, `javascript:`, garbage). */
function absoluteUrl(href: string, base: string | null): string | null {
  try {
    const url = new URL(href.trim(), base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function publicationDate(times: DomElement[], meta: Map<string, string>, ld: LdArticle | null): PublishedAt {
  if (ld?.datePublished) {
    const parsed = parseDate(ld.datePublished);
    if (parsed) return { ...parsed, origin: 'metadata', evidence: `JSON-LD datePublished: ${ld.datePublished}` };
  }
  for (const key of DATE_META) {
    const raw = meta.get(key);
    const parsed = raw ? parseDate(raw) : null;
    if (parsed) return { ...parsed, origin: 'metadata', evidence: `meta ${key}: ${raw}` };
  }
  for (const el of times) {
    const raw = el.getAttribute('datetime')!;
    const parsed = parseDate(raw);
    if (parsed) return { ...parsed, origin: 'metadata', evidence: `<time datetime="${raw}">` };
  }
  return { ...UNKNOWN_DATE };
}

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** "Wed, 09 Jan 2008 10:56:00 GMT" / "9 January 2008" / "Fri. Jan. 11 2008 10:56 PM ET" / "January 9, 2008". */
const WRITTEN =
  /^(?:[a-z]{3,9}\.?,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?)\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?)?/i;
/** "Posted on", "Updated:" and the like in front of a date line. */
const DATE_LABEL =
  /^(?:(?:first )?(?:posted|published|updated|last updated|created|modified|date)(?:\s+(?:on|at))?\s*:?\s*)/i;

/**
 * Read a date value as written, without converting time zones: the local date and time the page states,
 * truncated to what it gives. A time of exactly midnight is read as a bare date (CMSs write `T00:00:00` when
 * they only know the day) and zero seconds as minute precision.
 */
export function parseDate(raw: string): { value: string; precision: DatePrecision } | null {
  const value = raw.trim().replace(DATE_LABEL, '');
  const iso = ISO.exec(value);
  if (iso) return build(iso[1]!, iso[2], iso[3], iso[4], iso[5], iso[6]);
  const written = WRITTEN.exec(value);
  if (written) {
    const monthName = (written[2] ?? written[3] ?? '').slice(0, 3).toLowerCase();
    const month = MONTHS.indexOf(monthName) + 1;
    if (month === 0) return null;
    const day = written[1] ?? written[4];
    let hour = written[6] === undefined ? undefined : Number(written[6]);
    const meridiem = written[9]?.toLowerCase();
    if (hour !== undefined && meridiem) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
    }
    return build(
      written[5]!,
      String(month).padStart(2, '0'),
      day?.padStart(2, '0'),
      hour === undefined ? undefined : String(hour).padStart(2, '0'),
      written[7],
      written[8],
    );
  }
  return null;
}

function build(
  year: string,
  month?: string,
  day?: string,
  hour?: string,
  minute?: string,
  second?: string,
): { value: string; precision: DatePrecision } | null {
  const y = Number(year);
  if (y < 1900 || y > 2100) return null;
  if (month && (Number(month) < 1 || Number(month) > 12)) return null;
  if (day && (Number(day) < 1 || Number(day) > 31)) return null;
  if ((hour && Number(hour) > 23) || (minute && Number(minute) > 59) || (second && Number(second) > 60)) return null;
  if (!month) return { value: year, precision: 'year' };
  if (!day) return { value: `${year}-${month}`, precision: 'month' };
  const date = `${year}-${month}-${day}`;
  if (!hour || (hour === '00' && (minute ?? '00') === '00' && (second ?? '00') === '00')) {
    return { value: date, precision: 'day' };
  }
  if (!minute) return { value: `${date}T${hour}`, precision: 'hour' };
  if (!second || second === '00') return { value: `${date}T${hour}:${minute}`, precision: 'minute' };
  return { value: `${date}T${hour}:${minute}:${second}`, precision: 'second' };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Attribute values from linkedom are already decoded; JSON-LD strings sometimes carry entities of their own. */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}
