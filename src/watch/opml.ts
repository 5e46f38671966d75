/**
 * OPML, the file feed readers exchange subscription lists in: `<outline xmlUrl="…" title="…"/>`, possibly nested in
 * folders. Pure: text in, entries out; entries in, text out.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../errors.ts';

export interface OpmlEntry {
  url: string;
  name: string | null;
  /** Poll interval, when the file was exported by Triangulate (`triangulate:every`, seconds). */
  everySeconds: number | null;
}

export function parseOpml(text: string, name: string): OpmlEntry[] {
  const body = text.replace(/^[\uFEFF\s]+/, '');
  const verdict = XMLValidator.validate(body);
  if (verdict !== true) {
    throw new InputError(
      name,
      `malformed OPML at line ${verdict.err.line}, column ${verdict.err.col}: ${verdict.err.msg}`,
    );
  }
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (tag) => tag === 'outline',
  }).parse(body) as { opml?: { body?: { outline?: Outline[] } } };
  if (!doc.opml) throw new InputError(name, 'not an OPML file (no <opml> element)');
  const entries: OpmlEntry[] = [];
  const seen = new Set<string>();
  const visit = (outlines: Outline[] | undefined) => {
    for (const outline of outlines ?? []) {
      const url = outline.xmlUrl?.trim();
      if (url && /^https?:\/\//i.test(url) && !seen.has(url)) {
        seen.add(url);
        const every = Number(outline['triangulate:every']);
        entries.push({
          url,
          name: outline.title?.trim() || outline.text?.trim() || null,
          everySeconds: Number.isInteger(every) && every > 0 ? every : null,
        });
      }
      visit(outline.outline);
    }
  };
  visit(doc.opml.body?.outline);
  return entries;
}

interface Outline {
  xmlUrl?: string;
  title?: string;
  text?: string;
  'triangulate:every'?: string;
  outline?: Outline[];
}

export function toOpml(entries: { url: string; name: string | null; everySeconds: number }[], now: Date): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: true,
    processEntities: true,
  });
  const xml = builder.build({
    opml: {
      '@_version': '2.0',
      '@_xmlns:triangulate': 'https://triangulate.invalid/opml',
      head: { title: 'Triangulate watch list', dateCreated: now.toUTCString() },
      body: {
        outline: entries.map((e) => ({
          '@_type': 'rss',
          '@_text': e.name ?? e.url,
          '@_title': e.name ?? e.url,
          '@_xmlUrl': e.url,
          '@_triangulate:every': String(e.everySeconds),
        })),
      },
    },
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
}
