/**
 * Plain-text and Markdown articles: title on the first line, an optional date line and byline under it, paragraphs
 * after. An optional front-matter block (`---` / `key: value` / `---`) may name the source, URL, title or date — the
 * common way to attach metadata to a text file.
 */
import type { PublishedAt, RemovedSpan } from '../model.ts';
import { parseDateLine, parseMetadataDate } from './published-date.ts';

export interface ParsedText {
  title: string;
  byline: string | null;
  publishedAt: PublishedAt | null;
  /** Paragraphs in reading order, before the boilerplate filter. */
  paragraphs: string[];
  /** What the parser itself took out of the text (date line, byline). */
  removed: RemovedSpan[];
  /** Front-matter fields, lower-case keys. */
  meta: Record<string, string>;
}

/** How many lines under the title may hold the date line and byline. */
const HEADER_LINES = 5;
const BYLINE =
  /^by\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|de|van|von|al))*(?:\s*,\s*[\p{L} ]{2,40})?)$/iu;
const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

export function parseText(input: string, options: { markdown?: boolean } = {}): ParsedText {
  const { meta, body } = splitFrontMatter(input.replace(/^\uFEFF/, ''));
  const lines = body.split(/\r?\n/).map((line) => (options.markdown ? stripMarkdown(line) : line));
  const titleIndex = lines.findIndex((line) => line.trim().length > 0);
  const title = meta.title ?? (titleIndex >= 0 ? lines[titleIndex]!.trim() : '');
  const removed: RemovedSpan[] = [];
  let publishedAt: PublishedAt | null = meta.published ? parseMetadataDate(meta.published, 'front matter') : null;
  let byline: string | null = meta.author ?? null;

  // Header: the lines right under the title may be a date line, a byline, or both joined by "|".
  const bodyLines = lines.slice(titleIndex + 1);
  let headerSeen = 0;
  for (let i = 0; i < bodyLines.length && headerSeen < HEADER_LINES; i++) {
    const line = bodyLines[i]!.trim();
    if (!line) continue;
    headerSeen++;
    const header = readHeaderLine(line);
    if (!header) continue;
    if (header.publishedAt && !publishedAt) publishedAt = header.publishedAt;
    if (header.byline && !byline) byline = header.byline;
    removed.push({ text: line, reason: header.publishedAt ? 'date-line' : 'byline', rule: 'header-line' });
    bodyLines[i] = '';
  }
  return { title, byline, publishedAt, paragraphs: toParagraphs(bodyLines), removed, meta };
}

function readHeaderLine(line: string): { publishedAt: PublishedAt | null; byline: string | null } | null {
  const parts = line.split(/\s+[|·•]\s+/);
  let publishedAt: PublishedAt | null = null;
  let byline: string | null = null;
  for (const part of parts) {
    const date = parseDateLine(part);
    const by = BYLINE.exec(part.trim());
    if (date) publishedAt = date;
    else if (by?.[1]) byline = by[1];
    else return null; // one part is neither: a sentence, not a header line
  }
  return publishedAt || byline ? { publishedAt, byline } : null;
}

/**
 * Paragraphs from lines. A blank line separates paragraphs; inside a block, a line is joined to the next when the
 * text was hard-wrapped (the line does not end a sentence and the next starts in lower case).
 */
export function toParagraphs(lines: string[]): string[] {
  const paragraphs: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) {
      if (current) paragraphs.push(current);
      current = '';
      continue;
    }
    if (current && !/[.!?:"”)\]]$/.test(current) && /^[\p{Ll}(]/u.test(line)) current += ` ${line}`;
    else {
      if (current) paragraphs.push(current);
      current = line;
    }
  }
  if (current) paragraphs.push(current);
  return paragraphs.map((p) => p.replace(/\s+/g, ' '));
}

function splitFrontMatter(input: string): { meta: Record<string, string>; body: string } {
  const match = FRONT_MATTER.exec(input);
  if (!match) return { meta: {}, body: input };
  const meta: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (kv) meta[kv[1]!.toLowerCase()] = kv[2]!.trim().replace(/^["']|["']$/g, '');
  }
  return { meta, body: input.slice(match[0].length) };
}

/** Markdown to the text a reader sees: headings, emphasis, links and images (alt text kept as a caption line). */
function stripMarkdown(line: string): string {
  return line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S[^*_]*?)[*_](?=\W|$)/g, '$1$2');
}
