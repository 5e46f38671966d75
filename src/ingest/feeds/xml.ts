/** XML parsing shared by the RSS and Atom parsers: well-formedness first, then a plain object tree. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { InputError } from '../../errors.ts';

/** Elements that may repeat and are always read as arrays. */
const REPEATED = new Set(['item', 'entry', 'link', 'author', 'contributor', 'creator', 'category']);

export interface ParsedXml {
  doc: Record<string, unknown>;
  /** The source text of an element of `doc`, from the offsets the parser captured. */
  sourceOf: (node: unknown) => string;
}

/**
 * Parse a feed's XML. Namespace prefixes are dropped (`content:encoded` → `encoded`, `dc:date` → `date`) because
 * feeds bind the same namespaces to different prefixes; the callers pick between same-named elements by shape.
 */
export function parseXml(text: string, name: string, stopNodes: string[] = []): ParsedXml {
  // Feeds often begin with a BOM or blank lines before the XML declaration, which XML forbids; drop them, but keep
  // error positions true to the input.
  const lead = /^[\uFEFF\s]*/.exec(text)?.[0] ?? '';
  const body = text.slice(lead.length);
  const verdict = XMLValidator.validate(body, { allowBooleanAttributes: true });
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    const leadLines = lead.split('\n');
    const trueLine = line + leadLines.length - 1;
    const trueCol = line === 1 ? col + (leadLines.at(-1)?.length ?? 0) : col;
    throw new InputError(name, `malformed XML at line ${trueLine}, column ${trueCol}: ${msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    allowBooleanAttributes: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Decodes numeric character references and the common HTML entities feeds use without declaring them.
    htmlEntities: true,
    captureMetaData: true,
    stopNodes,
    isArray: (tagName, _path, _isLeaf, isAttribute) => !isAttribute && REPEATED.has(tagName),
  });
  const doc = parser.parse(body) as Record<string, unknown>;
  return { doc, sourceOf: (node) => sourceOf(node, body) };
}

/**
 * Elements come as fast-xml-parser gives them: a string, or an object of children, `@_` attributes and `#text`.
 * The text of an element: a plain value, or its `#text` when it has attributes. */
export function textOf(node: unknown): string | null {
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'string') return node.trim() === '' ? null : node.trim();
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object') return textOf((node as Record<string, unknown>)['#text']);
  return null;
}

export function attrOf(node: unknown, attribute: string): string | null {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return null;
  const value = (node as Record<string, unknown>)[`@_${attribute}`];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function asArray(node: unknown): unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}

export function child(node: unknown, key: string): unknown {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  return (node as Record<string, unknown>)[key];
}

const metaData = XMLParser.getMetaDataSymbol() as unknown as string;

function sourceOf(node: unknown, text: string): string {
  if (!node || typeof node !== 'object') return '';
  const meta = (node as Record<string, unknown>)[metaData] as { startIndex?: number; endIndex?: number } | undefined;
  if (meta?.startIndex === undefined) return '';
  return text.slice(meta.startIndex, meta.endIndex ?? text.indexOf('>', meta.startIndex) + 1);
}

/**
 * Decode the raw text of a stop node (kept unparsed so that XHTML content stays markup): CDATA sections verbatim,
 * entity and character references elsewhere. Unknown named entities are left for the HTML reader.
 */
export function decodeRawXmlText(raw: string): string {
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeXmlEntities(part)))
    .join('');
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlEntities(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g, (whole, dec, hex, named) => {
    if (named) return XML_ENTITIES[named] ?? whole;
    const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
