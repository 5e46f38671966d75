/**
 * Cut a DOM subtree into text blocks: maximal runs of inline content between block-level boundaries (the unit
 * boilerplate detectors classify, after Kohlschütter et al. 2010), each with the shallow features the extractor
 * scores — word count, words inside links, the tag and the class/id names of its ancestors.
 */
import { type DomElement, type DomNode, ELEMENT_NODE, TEXT_NODE } from './dom.ts';

export interface TextBlock {
  /** Position in page order. */
  index: number;
  /** The text, whitespace collapsed. */
  text: string;
  words: number;
  /** Words inside `<a href>` elements. */
  linkWords: number;
  /** Lower-case tag of the nearest block-level ancestor (`p`, `div`, `li`, `h2`, `td`, `figcaption` …). */
  tag: string;
  /** Lower-case tags of all ancestors, innermost first (up to the root given). */
  path: string[];
  /** The class and id names of the ancestors, innermost first, lower-cased and joined by spaces. */
  hints: string;
  /** Hints of the nearest few ancestors only (the block's own container), for patterns that must be local. */
  localHints: string;
  /** The nearest block-level ancestor element (blocks that share one belong together). */
  element: DomElement;
  /** That element's parent when the blocks were cut (the tree may be rearranged later). */
  parent: DomNode | null;
  /** The block-level ancestors when the blocks were cut, outermost (the root) first. */
  containers: DomElement[];
}

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Never text: their content is code, form state or not rendered. */
const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'meta',
  'link',
  'select',
  'option',
  'textarea',
  'button',
  'input',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
]);

const LOCAL_DEPTH = 3;
/** Inline elements that are still cut out as blocks of their own (photo credits, bylines, date lines). */
const OWN_BLOCK_HINT = /(?:^|[-_ ])(?:credits?|photo-?credit|copyright|byline|dateline)(?:$|[-_ ])/;
const WORD = /[\p{L}\p{N}_]+/gu;
/** Scripts written without spaces between words: a run of them is a sentence, not a word. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}]/gu;

/** Words in a text; in unspaced scripts every two characters count as one (a rough average word length). */
export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text)) n++;
  const unspaced = text.match(UNSPACED)?.length ?? 0;
  return unspaced === 0 ? n : n + Math.floor(unspaced / 2);
}

export function collapse(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .trim();
}

/** Is the element hidden by an inline style or attribute (what a reader never sees)? */
function isHidden(el: DomElement): boolean {
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  return style !== null && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

interface Frame {
  tag: string;
  hint: string;
}

/** The text blocks under `root`, in document order. */
export function textBlocks(root: DomElement): TextBlock[] {
  return textBlocksAndDepth(root).blocks;
}

/** The text blocks under `root`, and the depth of the deepest element under it. */
export function textBlocksAndDepth(root: DomElement): { blocks: TextBlock[]; depth: number } {
  let depth = 0;
  const blocks: TextBlock[] = [];
  const stack: Frame[] = [];
  const blockStack: DomElement[] = [root];
  let parts: string[] = [];
  let linkParts: string[] = [];

  const flush = () => {
    if (parts.length === 0) return;
    const text = collapse(parts.join(''));
    parts = [];
    const linkText = linkParts.join(' ');
    linkParts = [];
    if (!text) return;
    const path: string[] = [];
    const hints: string[] = [];
    for (let i = stack.length - 1; i >= 0; i--) {
      const frame = stack[i]!;
      path.push(frame.tag);
      if (frame.hint) hints.push(frame.hint);
    }
    const blockTag = path.find((t) => BLOCK_TAGS.has(t)) ?? 'div';
    const local: string[] = [];
    for (let i = stack.length - 1, depth = 0; i >= 0 && depth < LOCAL_DEPTH; i--, depth++) {
      if (stack[i]!.hint) local.push(stack[i]!.hint);
    }
    blocks.push({
      index: blocks.length,
      text,
      words: countWords(text),
      linkWords: linkText ? countWords(linkText) : 0,
      tag: blockTag,
      path,
      hints: hints.join(' '),
      localHints: local.join(' '),
      element: blockStack[blockStack.length - 1]!,
      parent: blockStack[blockStack.length - 1]!.parentNode,
      containers: blockStack.slice(),
    });
  };

  // Depth-first walk with an explicit stack: real pages nest deep enough to overflow the call stack.
  interface Open {
    next: DomNode | null;
    inLink: boolean;
    isBlock: boolean;
  }
  const open: Open[] = [{ next: root.firstChild, inLink: false, isBlock: false }];
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    const child = top.next;
    if (!child) {
      open.pop();
      if (open.length === 0) break;
      if (top.isBlock) {
        flush();
        blockStack.pop();
      }
      stack.pop();
      continue;
    }
    top.next = child.nextSibling;
    if (child.nodeType === TEXT_NODE) {
      const value = child.nodeValue ?? '';
      parts.push(value);
      if (top.inLink) linkParts.push(value);
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue;
    const el = child as DomElement;
    const tag = el.localName.toLowerCase();
    if (SKIP_TAGS.has(tag) || isHidden(el)) continue;
    if (tag === 'br') {
      // Two line breaks in a row separate paragraphs on pages that do not use <p>.
      const next = nextNonBlankSibling(el);
      if (next && next.nodeType === ELEMENT_NODE && (next as DomElement).localName.toLowerCase() === 'br') flush();
      else parts.push(' ');
      continue;
    }
    if (tag === 'img') continue;
    const hint = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.trim().toLowerCase();
    // A credit or byline set inline inside a caption or paragraph is a block of its own, to be judged alone.
    const isBlock = BLOCK_TAGS.has(tag) || (hint !== '' && OWN_BLOCK_HINT.test(hint));
    if (isBlock) {
      flush();
      blockStack.push(el);
    }
    stack.push({ tag, hint });
    open.push({ next: el.firstChild, inLink: top.inLink || (tag === 'a' && el.hasAttribute('href')), isBlock });
    if (open.length > depth) depth = open.length;
  }
  flush();
  return { blocks, depth };
}

function nextNonBlankSibling(node: DomNode): DomNode | null {
  let next = node.nextSibling;
  while (next && next.nodeType === TEXT_NODE && !(next.nodeValue ?? '').trim()) next = next.nextSibling;
  return next;
}
