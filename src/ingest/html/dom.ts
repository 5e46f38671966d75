/**
 * The few DOM shapes the extractor uses. The project compiles without the DOM lib (it is a Node program), and
 * linkedom's own typings pull that lib in, so the shapes are stated structurally here.
 */

export interface DomNode {
  readonly nodeType: number;
  readonly nodeValue: string | null;
  readonly textContent: string | null;
  readonly firstChild: DomNode | null;
  readonly nextSibling: DomNode | null;
  readonly parentNode: DomNode | null;
}

export interface DomElement extends DomNode {
  readonly localName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

export interface DomDocument extends DomNode {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  readonly head: DomElement | null;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
