/**
 * The line-level boilerplate filter shared by plain text and HTML leftovers. Patterns say what a line is
 * (`boilerplate-patterns.ts`); the corpus says what recurs (lines seen in several documents of one source). Nothing is
 * lost: every removed line comes back with its reason and the rule that decided it.
 */
import type { RemovalReason, RemovedSpan } from '../model.ts';
import {
  ADJACENT_CHROME_MAX_WORDS,
  LINE_PATTERNS,
  RECURRING_LINE_MAX_CHARS,
  RECURRING_LINE_MIN_DOCUMENTS,
} from './boilerplate-patterns.ts';

export interface BoilerplateContext {
  /** Normalised lines (see `normaliseLine`) known to recur across documents of this document's source. */
  recurringLines?: ReadonlySet<string>;
}

export interface FilteredParagraphs {
  kept: string[];
  removed: RemovedSpan[];
}

/** Reasons whose neighbouring short lines are taken to be part of the same page widget. */
const PROMPT_REASONS = new Set<RemovalReason>(['newsletter-prompt', 'social-prompt', 'video-prompt', 'read-more']);

/** Lower-case, straight quotes, collapsed spaces: the form used to compare lines across documents. */
export function normaliseLine(line: string): string {
  return line.normalize('NFKC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim().toLowerCase();
}

export function removeBoilerplate(paragraphs: string[], context: BoilerplateContext = {}): FilteredParagraphs {
  const verdicts: (RemovedSpan | null)[] = paragraphs.map((p) => classifyLine(p.trim(), context));
  markRepeatedLines(paragraphs, verdicts);
  markAdjacentChrome(paragraphs, verdicts);
  const kept: string[] = [];
  const removed: RemovedSpan[] = [];
  paragraphs.forEach((paragraph, i) => {
    const verdict = verdicts[i];
    if (verdict) removed.push(verdict);
    else kept.push(paragraph);
  });
  return { kept, removed };
}

function classifyLine(line: string, context: BoilerplateContext): RemovedSpan | null {
  for (const { name, reason, pattern } of LINE_PATTERNS) {
    if (pattern.test(line)) return { text: line, reason, rule: `pattern:${name}` };
  }
  if (context.recurringLines?.has(normaliseLine(line))) {
    return {
      text: line,
      reason: 'recurring-line',
      rule: `recurs in ≥${RECURRING_LINE_MIN_DOCUMENTS} documents of the source`,
    };
  }
  return null;
}

/** A caption repeated as a second line (or any short line said twice) is page chrome the second time. */
function markRepeatedLines(paragraphs: string[], verdicts: (RemovedSpan | null)[]): void {
  const seen = new Map<string, number>();
  paragraphs.forEach((paragraph, i) => {
    const key = normaliseLine(paragraph);
    if (key.length > 300) return;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    if (!verdicts[i]) {
      verdicts[i] = { text: paragraph.trim(), reason: verdicts[first]?.reason ?? 'caption', rule: 'repeated-line' };
    }
  });
}

/**
 * Short title-like lines stuck to a removed prompt ("Ukraine Today" above "Fresh daily newsletter…"). The line below
 * is asked first: a widget's heading sits above its body.
 */
function markAdjacentChrome(paragraphs: string[], verdicts: (RemovedSpan | null)[]): void {
  let changed = true;
  while (changed) {
    changed = false;
    paragraphs.forEach((paragraph, i) => {
      if (verdicts[i] || !isChromeLike(paragraph)) return;
      const neighbour = [verdicts[i + 1], verdicts[i - 1]].find((v) => v && PROMPT_REASONS.has(v.reason));
      if (!neighbour) return;
      verdicts[i] = { text: paragraph.trim(), reason: neighbour.reason, rule: `next-to:${neighbour.rule}` };
      changed = true;
    });
  }
}

function isChromeLike(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.split(/\s+/).length <= ADJACENT_CHROME_MAX_WORDS && !/[.!?:;,"”]$/.test(trimmed);
}

/**
 * Lines that recur in several documents of one source, learned from the corpus: for each source, the normalised
 * short lines found in at least `RECURRING_LINE_MIN_DOCUMENTS` of its documents.
 */
export function learnRecurringLines(documentsBySource: Map<string, string[][]>): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const [sourceId, documents] of documentsBySource) {
    const counts = new Map<string, number>();
    for (const paragraphs of documents) {
      const unique = new Set(
        paragraphs.map(normaliseLine).filter((l) => l.length > 0 && l.length <= RECURRING_LINE_MAX_CHARS),
      );
      for (const line of unique) counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    const recurring = new Set([...counts].filter(([, n]) => n >= RECURRING_LINE_MIN_DOCUMENTS).map(([line]) => line));
    if (recurring.size > 0) result.set(sourceId, recurring);
  }
  return result;
}
