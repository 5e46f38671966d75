/**
 * Which kind of input a decoded text is: a feed (RSS, Atom, JSON Feed), an HTML page, JSON records, Markdown or
 * plain text. The text itself is the strongest evidence (servers label feeds `text/html` and pages `text/plain`), then
 * a specific Content-Type, then the file extension. Pure.
 */
import type { InputFormat } from '../model.ts';

export interface FormatHints {
  /** File path or URL. */
  name: string;
  contentType?: string | null;
  text: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabularies

const MEDIA_TYPES: Readonly<Record<string, InputFormat>> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/x-rss+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json-feed',
  'application/json': 'json-record',
  'application/x-ndjson': 'json-record',
  'application/jsonl': 'json-record',
  'application/x-jsonlines': 'json-record',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
};

const EXTENSIONS: Readonly<Record<string, InputFormat>> = {
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  shtml: 'html',
  rss: 'rss',
  rdf: 'rss',
  atom: 'atom',
  json: 'json-record',
  jsonl: 'json-record',
  ndjson: 'json-record',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  txt: 'text',
  text: 'text',
};

/**
 * Tags that make a text HTML when it starts with one — the list of the WHATWG MIME Sniffing Standard ("identifying
 * a resource with an unknown MIME type"), plus the HTML5 sectioning elements news pages begin fragments with.
 */
const HTML_START_TAGS = new Set([
  'html',
  'head',
  'script',
  'iframe',
  'h1',
  'div',
  'font',
  'table',
  'a',
  'style',
  'title',
  'b',
  'body',
  'br',
  'p',
  'meta',
  'article',
  'section',
  'main',
  'header',
]);

/** Keys a JSON object must have one of to be read as a news record `{title, text, url, source, publishedAt}`. */
const RECORD_KEYS = ['text', 'title', 'body', 'content'] as const;

const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\//;

/**
 * Weak evidence for mangled pages (a stray line or a mis-decoded BOM before the doctype, a truncated start): at least
 * two different page-level tags near the start, used only when no label says otherwise. One alone ("the <body> of
 * the letter") is prose.
 */
const HTML_PAGE_TAGS: readonly RegExp[] = [
  /<!doctype\s+html/i,
  /<html[\s>]/i,
  /<head[\s>]/i,
  /<body[\s>]/i,
  /<title>/i,
  /<meta\s[^>]*>/i,
  /<script[\s>]/i,
  /<link\s[^>]*>/i,
  /<div[\s>]/i,
];
const MIN_HTML_PAGE_TAGS = 2;
const WEAK_SNIFF_CHARS = 64 * 1024;

/** Markdown constructs that plain prose rarely has; two different ones make a text Markdown. */
const MARKDOWN_SIGNS: readonly RegExp[] = [
  /^#{1,6} \S/m, // ATX heading
  /\[[^\]\n]+\]\([^)\s]+\)/, // inline link
  /^```/m, // fenced code
  /^\s{0,3}[-*+] \S[^\n]*\n\s{0,3}[-*+] \S/m, // two consecutive list items
  /\*\*[^*\n]+\*\*/, // strong emphasis
  /^>\s\S/m, // block quote
  /^\S[^\n]*\n(?:=+|-+)\s*$/m, // setext heading
];

// ---------------------------------------------------------------------------------------------------------------

export function detectFormat({ name, contentType, text }: FormatHints): InputFormat {
  const sniffed = sniffFormat(text);
  if (sniffed) return sniffed;

  const mediaType = mediaTypeOf(contentType);
  const byMediaType = mediaType ? MEDIA_TYPES[mediaType] : undefined;
  // text/plain is also what servers say when they know nothing; let a .md extension refine it.
  if (byMediaType && byMediaType !== 'text') return byMediaType;

  const byExtension = EXTENSIONS[extensionOf(name)];
  if (byExtension) return byExtension;
  if (byMediaType) return byMediaType;

  if (looksLikeHtmlPage(text)) return 'html';
  return looksLikeMarkdown(text) ? 'markdown' : 'text';
}

/** The format the text itself shows, or null when it shows none. */
export function sniffFormat(text: string): InputFormat | null {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return sniffMarkup(start);
  if (start.startsWith('{') || start.startsWith('[')) return sniffJson(start);
  return null;
}

/** `text/html; charset=utf-8` → `text/html`. */
export function mediaTypeOf(contentType: string | null | undefined): string | null {
  const essence = contentType?.split(';')[0]?.trim().toLowerCase();
  return essence ? essence : null;
}

// ---------------------------------------------------------------------------------------------------------------

function sniffMarkup(start: string): InputFormat | null {
  const head = start.slice(0, 4096);
  if (/^<!doctype\s+html/i.test(head)) return 'html';
  const root = rootElement(head);
  if (!root) return null;
  const local = root.toLowerCase().replace(/^.*:/, '');
  if (local === 'rss') return 'rss';
  if (local === 'rdf' && /purl\.org\/rss\/1\.0|<(?:\w+:)?channel[\s>]/i.test(head)) return 'rss';
  if (local === 'feed') return 'atom';
  if (HTML_START_TAGS.has(local)) return 'html';
  return null;
}

/** The first element after the XML declaration, processing instructions, comments and a doctype. */
function rootElement(head: string): string | null {
  let rest = head;
  for (;;) {
    const skipped = rest
      .replace(/^\s*<\?[\s\S]*?\?>/, '')
      .replace(/^\s*<!--[\s\S]*?-->/, '')
      .replace(/^\s*<!doctype[^>[]*(?:\[[\s\S]*?\])?\s*>/i, '');
    if (skipped === rest) break;
    rest = skipped;
  }
  return /^\s*<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1] ?? null;
}

function sniffJson(start: string): InputFormat | null {
  const value = parseJson(start);
  if (value !== undefined) {
    if (isObject(value) && typeof value.version === 'string' && JSON_FEED_VERSION.test(value.version)) {
      return 'json-feed';
    }
    if (isRecord(value)) return 'json-record';
    if (Array.isArray(value) && value.length > 0 && value.every(isRecord)) return 'json-record';
    return null;
  }
  // JSON Lines: one record per line.
  const lines = start.split('\n').filter((line) => line.trim() !== '');
  if (lines.length > 1 && lines.every((line) => isRecord(parseJson(line)))) return 'json-record';
  return null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecord(value: unknown): boolean {
  return isObject(value) && RECORD_KEYS.some((key) => typeof value[key] === 'string');
}

function extensionOf(name: string): string {
  let path = name;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) path = new URL(name).pathname;
  } catch {
    // not a URL after all: treat it as a path
  }
  const base = path.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function looksLikeHtmlPage(text: string): boolean {
  const head = text.slice(0, WEAK_SNIFF_CHARS);
  return HTML_PAGE_TAGS.filter((tag) => tag.test(head)).length >= MIN_HTML_PAGE_TAGS;
}

function looksLikeMarkdown(text: string): boolean {
  const sample = text.slice(0, 20_000);
  return MARKDOWN_SIGNS.filter((sign) => sign.test(sample)).length >= 2;
}
