/** Plain Readability on linkedom: the peer the extractor is measured against (and the first stage it builds on). */

import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { DomDocument } from './dom.ts';

/** Parse HTML into a linkedom document. linkedom never runs scripts or loads resources. */
export function parseDocument(html: string): DomDocument {
  return parseHTML(html).document as unknown as DomDocument;
}

/** Readability's `textContent` for a page as it comes, or '' when Readability throws or finds nothing. */
export function plainReadabilityText(html: string): string {
  try {
    return new Readability(parseDocument(html)).parse()?.textContent ?? '';
  } catch {
    return '';
  }
}
