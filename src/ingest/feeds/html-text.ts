/** HTML snippets (feed titles and summaries) to plain text. */
import { parseHTML } from 'linkedom';

/** Elements that break a line of text, so that `<p>a</p><p>b</p>` reads "a b", not "ab". */
const BLOCK_ELEMENTS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
const SKIPPED_ELEMENTS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

/** The text of an HTML snippet, entities decoded, whitespace collapsed to single spaces. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapse(html);
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  const parts: string[] = [];
  walk(document.body as unknown as DomNode, parts);
  return collapse(parts.join(''));
}

function walk(node: DomNode, parts: string[]): void {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) parts.push(child.textContent ?? '');
    else if (child.nodeType === 1 && !SKIPPED_ELEMENTS.has(child.nodeName)) {
      const block = BLOCK_ELEMENTS.has(child.nodeName);
      if (block) parts.push(' ');
      walk(child, parts);
      if (block) parts.push(' ');
    }
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
