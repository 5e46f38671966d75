/** Assemble the one `Document` shape from what a format parser found, after the boilerplate filter. */
import { sha256 } from '../hash.ts';
import type { Document, PublishedAt, RawInput, RemovedSpan, Source, Span } from '../model.ts';
import { type BoilerplateContext, removeBoilerplate } from './boilerplate.ts';
import { detectLanguage } from './language.ts';
import { UNKNOWN_DATE } from './published-date.ts';

/** What every format parser produces: the article before boilerplate filtering. */
export interface DraftDocument {
  title: string;
  byline: string | null;
  publishedAt: PublishedAt | null;
  url: string | null;
  source: Source;
  paragraphs: string[];
  /** Removed by the format parser already (date line, HTML chrome). */
  removed: RemovedSpan[];
  raw: RawInput;
  /** Language hint from metadata (`<html lang>`), used when the text is too short to detect. */
  languageHint?: string | null;
}

export const PARAGRAPH_SEPARATOR = '\n\n';

export function buildDocument(draft: DraftDocument, context: BoilerplateContext, ingestedAt: string): Document {
  const { kept, removed } = removeBoilerplate(draft.paragraphs, context);
  const paragraphs: Span[] = [];
  let text = '';
  for (const paragraph of kept) {
    if (text) text += PARAGRAPH_SEPARATOR;
    paragraphs.push({ start: text.length, end: text.length + paragraph.length });
    text += paragraph;
  }
  return {
    id: contentId(draft.title, text),
    url: draft.url,
    source: draft.source,
    title: draft.title,
    byline: draft.byline,
    publishedAt: draft.publishedAt ?? UNKNOWN_DATE,
    language: detectLanguage(`${draft.title}\n${text}`, draft.languageHint),
    text,
    paragraphs,
    removed: [...draft.removed, ...removed],
    raw: draft.raw,
    ingestedAt,
  };
}

/** 16 hex digits of SHA-256 over the normalised title and text: the same content always gets the same id. */
export function contentId(title: string, text: string): string {
  const normalised = `${title}\n${text}`.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
  return sha256(normalised).slice(0, 16);
}

/** A source id from a name or host: lower-case, `www.` dropped, spaces to dashes. */
export function sourceId(nameOrHost: string): string {
  return nameOrHost
    .trim()
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/[^\p{L}\p{N}.:-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
