/**
 * Main-text selection. Readability (on linkedom) proposes which blocks of the page are the article; the blocks are
 * then judged one by one on their own features — link density, length, the class/id names around them, caption
 * and prompt patterns — so that what Readability keeps by being inside its container (share bars, captions, link
 * lists, comments) is taken out with a reason, prose it dropped between kept paragraphs is recovered, and a page
 * where Readability fails still gets the densest run of prose.
 */

import { Readability } from '@mozilla/readability';
import type { RemovalReason, RemovedSpan } from '../../model.ts';
import { collapse, countWords, type TextBlock, textBlocks, textBlocksAndDepth } from './blocks.ts';
import type { DomDocument, DomElement } from './dom.ts';
import { CAPTION_TAGS, COMMENT_MARKER, COMMENT_SECTION, LOCAL_HINT_RULES, TEXT_RULES, THRESHOLDS } from './patterns.ts';

export interface ContentResult {
  paragraphs: string[];
  removed: RemovedSpan[];
  /** What Readability read from the page (title and byline), when it ran. */
  readability: { title: string | null; byline: string | null } | null;
}

interface Verdict {
  reason: RemovalReason;
  rule: string;
}

const HEADING = /^h[1-6]$/;

/** Select the article text of a parsed page. Mutates `doc` (Readability rewrites the tree it reads). */
export function selectContent(
  doc: DomDocument,
  hints: { title: string | null; articleBody?: string | null },
): ContentResult {
  const body = doc.body;
  if (!body) return { paragraphs: [], removed: [], readability: null };
  const { blocks, depth } = textBlocksAndDepth(body);
  // Readability's time grows steeply with nesting depth (minutes on a page of a few thousand unclosed tags).
  const run = depth <= THRESHOLDS.readabilityMaxDepth ? runReadability(doc) : null;
  const votes = run ? matchBlocks(blocks, run.texts) : null;
  const verdicts = blocks.map((block) => judge(block, hints.title));
  const prose = blocks.map((block, i) => verdicts[i] === null && isProse(block));

  // The page's own statement of its text (JSON-LD articleBody), when the visible blocks bear it out, decides.
  const stated = hints.articleBody ? statedBodyVotes(blocks, hints.articleBody) : null;
  if (stated) return assemble(blocks, stated, verdicts, run);

  const fallback = densestRun(blocks, prose);
  let keep = fallback;
  if (votes?.some(Boolean)) {
    const voted = votes.slice();
    // Recover prose Readability dropped between two blocks it kept (a paragraph in an odd wrapper).
    const first = votes.indexOf(true);
    const last = votes.lastIndexOf(true);
    for (let i = first + 1; i < last; i++) if (!voted[i] && prose[i]) voted[i] = true;
    // … and prose right after the kept run in the same container (a last paragraph after an inline ad).
    for (let i = last + 1; i < blocks.length && prose[i] && blocks[i]!.parent === blocks[last]!.parent; i++) {
      voted[i] = true;
    }
    // Readability sometimes settles on a wrong container (a link list, a teaser): trust it only when what it
    // kept holds at least a fifth of the prose of the densest run.
    if (proseWords(blocks, voted, prose) >= 0.2 * proseWords(blocks, fallback, prose)) {
      keep = voted;
      // Consensus: prose Readability kept outside the densest run (a teaser, a comment, a bio) goes, as long as
      // the two agree on nearly all of the prose.
      const agreed = voted.map((v, i) => v && (fallback[i]! || !prose[i]));
      if (proseWords(blocks, agreed, prose) >= THRESHOLDS.consensusShare * proseWords(blocks, voted, prose)) {
        keep = agreed;
      }
    }
  }

  cutComments(blocks, keep, prose, verdicts);
  trimEdges(blocks, keep, prose, verdicts);
  return assemble(blocks, keep, verdicts, run);
}

function assemble(
  blocks: TextBlock[],
  keep: boolean[],
  verdicts: (Verdict | null)[],
  run: ReturnType<typeof runReadability>,
): ContentResult {
  const paragraphs: string[] = [];
  const removed: RemovedSpan[] = [];
  const [first, last] = mainArea(blocks, keep);
  for (let i = first; i <= last; i++) {
    const block = blocks[i]!;
    const verdict = verdicts[i];
    // A kept block without a word ("|", "* * *") still marks a break for trimming above, but is no paragraph.
    if (keep[i] && !verdict && block.words > 0) paragraphs.push(block.text);
    else if (keep[i] && !verdict) removed.push({ text: block.text, reason: 'page-chrome', rule: 'no-words' });
    else if (verdict) removed.push({ text: block.text, reason: verdict.reason, rule: verdict.rule });
    else removed.push({ text: block.text, reason: 'page-chrome', rule: 'outside-main-text' });
  }
  return { paragraphs, removed, readability: run ? { title: run.title, byline: run.byline } : null };
}

/** Run Readability; null when it throws or finds nothing. */
function runReadability(doc: DomDocument): { texts: string[]; title: string | null; byline: string | null } | null {
  try {
    const article = new Readability<DomElement>(doc, { serializer: (node) => node as DomElement }).parse();
    if (!article?.content) return null;
    return {
      texts: textBlocks(article.content).map((b) => b.text),
      title: article.title?.trim() || null,
      byline: article.byline?.trim() || null,
    };
  } catch {
    return null;
  }
}

/**
 * Which page blocks are in Readability's output: each block's text is looked up, in order, in the output text.
 * Short blocks must sit near the point reached so far, so a stray "Home" cannot match a word far down the text.
 */
function matchBlocks(blocks: TextBlock[], outputTexts: string[]): boolean[] {
  const output = outputTexts.join('\n');
  let cursor = 0;
  return blocks.map((block) => {
    const text = block.text;
    let at = output.indexOf(text, cursor);
    let end = at + text.length;
    if (at < 0 && text.length >= 100) {
      // Readability cut something inline out of the paragraph (a share link, an ad label): match its two ends.
      at = output.indexOf(text.slice(0, 40), cursor);
      const tail = at < 0 ? -1 : output.indexOf(text.slice(-40), at);
      if (tail < 0 || tail - at > text.length * 1.5) return false;
      end = tail + 40;
    }
    if (at < 0) return false;
    if (text.length < 40 && at - cursor > 120) return false;
    cursor = end;
    return true;
  });
}

const TOKEN = /[\p{L}\p{N}_]+/gu;
const tokenString = (text: string) => ` ${(text.toLowerCase().match(TOKEN) ?? []).join(' ')} `;

/**
 * Blocks whose words appear, in the same order, in the JSON-LD `articleBody`; null unless they cover most of it
 * (a stale or truncated articleBody, a teaser, must not decide).
 */
function statedBodyVotes(blocks: TextBlock[], articleBody: string): boolean[] | null {
  const stated = tokenString(articleBody);
  const statedWords = stated.split(' ').length - 2;
  if (statedWords < 50) return null;
  let covered = 0;
  let lastEnd = -1;
  const votes = blocks.map((block) => {
    if (block.words === 0) return false;
    const tokens = tokenString(block.text);
    if (block.words < 4) {
      // A short block (a subheading) counts only where it follows the previous matched block in the text.
      const at = lastEnd < 0 ? -1 : stated.indexOf(tokens, lastEnd - 1);
      if (at < 0 || at - lastEnd > 40) return false;
      lastEnd = at + tokens.length;
      return true;
    }
    const at = stated.indexOf(tokens);
    if (at < 0) return false;
    covered += block.words;
    lastEnd = at + tokens.length;
    return true;
  });
  return covered >= THRESHOLDS.statedBodyCoverage * statedWords ? votes : null;
}

/**
 * The main content area: the blocks under the innermost element that holds every kept block (an `<article>`, a
 * content `<div>` or table cell). Everything in it that is not kept is reported as removed. Empty: [0, -1].
 */
function mainArea(blocks: TextBlock[], keep: boolean[]): [number, number] {
  const first = keep.indexOf(true);
  if (first < 0) return [0, -1];
  const last = keep.lastIndexOf(true);
  let common = blocks[first]!.containers;
  for (let i = first + 1; i <= last; i++) {
    if (!keep[i]) continue;
    const chain = blocks[i]!.containers;
    let n = 0;
    while (n < common.length && n < chain.length && common[n] === chain[n]) n++;
    common = common.slice(0, n);
  }
  const area = common[common.length - 1];
  if (!area || common.length === 1) return [first, last]; // only the body in common: do not report the whole page
  const depth = common.length - 1;
  let start = first;
  while (start > 0 && blocks[start - 1]!.containers[depth] === area) start--;
  let end = last;
  while (end < blocks.length - 1 && blocks[end + 1]!.containers[depth] === area) end++;
  return [start, end];
}

/**
 * Reader comments follow the article. Once a "Comments (12)" / "Post a comment" line appears after half of the
 * kept prose (or after 150 words of it: the comments can outweigh the article), everything from there on is
 * marked as comments.
 */
function cutComments(blocks: TextBlock[], keep: boolean[], prose: boolean[], verdicts: (Verdict | null)[]): void {
  const total = proseWords(blocks, keep, prose);
  let seen = 0;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (keep[i] && prose[i]) seen += block.words;
    if (block.words <= 8 && (seen >= 0.5 * total || seen >= 150) && COMMENT_MARKER.test(block.text)) {
      for (let j = i; j < blocks.length; j++) {
        if (keep[j] && !verdicts[j]) verdicts[j] = { reason: 'page-chrome', rule: 'after-comment-marker' };
      }
      return;
    }
  }
}

const SENTENCE_END = /[.!?:;"”’'»)\]…。！？」』]$/;

/** A short block that reads as part of the text: a sentence, not a teaser title, label or link. */
function isSentence(block: TextBlock): boolean {
  return (
    block.words >= 3 &&
    !HEADING.test(block.tag) &&
    block.linkWords / block.words < THRESHOLDS.linkListDensity &&
    (SENTENCE_END.test(block.text) || endsWithSentenceThenLink(block) || REPORTING_CREDIT.test(block.text))
  );
}

/** The agency credit line that closes many wire stories: "Reporting by Jane Doe; Editing by John Roe". */
const REPORTING_CREDIT = /^\(?(?:additional )?(?:reporting|writing|editing|compiled|research) by\b/i;

/** "… stood by her husband. E-mail to a friend": a sentence followed by a short trailing link. */
function endsWithSentenceThenLink(block: TextBlock): boolean {
  if (block.linkWords === 0) return false;
  const tail = /[.!?"”’]\s+([^.!?]{1,40})$/.exec(block.text);
  return tail !== null && countWords(tail[1]!) <= block.linkWords;
}

/**
 * Before the first and after the last prose block of the selection, keep only blocks that read as sentences, up
 * to the first one that does not: headlines, kickers, date and credit lines above the text, teaser titles and
 * labels below it are not article text.
 */
function trimEdges(blocks: TextBlock[], keep: boolean[], prose: boolean[], verdicts: (Verdict | null)[]): void {
  const live = (i: number) => keep[i] && !verdicts[i];
  let firstProse = -1;
  let lastProse = -1;
  for (let i = 0; i < blocks.length; i++) {
    if (live(i) && prose[i]) {
      if (firstProse < 0) firstProse = i;
      lastProse = i;
    }
  }
  if (firstProse < 0) return;
  const mark = (i: number, rule: string) => {
    verdicts[i] = { reason: 'page-chrome', rule };
  };
  let stopped = false;
  for (let i = firstProse - 1; i >= 0; i--) {
    if (!live(i)) continue;
    if (stopped || !isSentence(blocks[i]!)) {
      stopped = true;
      mark(i, 'before-main-text');
    }
  }
  stopped = false;
  for (let i = lastProse + 1; i < blocks.length; i++) {
    if (!live(i)) continue;
    if (stopped || !isSentence(blocks[i]!)) {
      stopped = true;
      mark(i, 'after-main-text');
    }
  }
}

/** Why a block is not article text, or null when nothing speaks against it. */
function judge(block: TextBlock, title: string | null): Verdict | null {
  if (block.hints.split(' ').some((name) => COMMENT_SECTION.test(name))) {
    return { reason: 'page-chrome', rule: 'comment-section' };
  }
  if (title && HEADING.test(block.tag) && sameText(block.text, title))
    return { reason: 'page-chrome', rule: 'headline' };
  for (const rule of TEXT_RULES) {
    if (block.words <= rule.maxWords && rule.pattern.test(block.text)) return { reason: rule.reason, rule: rule.rule };
  }
  if (block.localHints) {
    for (const rule of LOCAL_HINT_RULES) {
      if (block.words <= rule.maxWords && rule.pattern.test(block.localHints))
        return { reason: rule.reason, rule: rule.rule };
    }
  }
  if (CAPTION_TAGS.has(block.tag)) return { reason: 'caption', rule: `${block.tag}-element` };
  const density = block.words ? block.linkWords / block.words : 0;
  if (density > THRESHOLDS.linkListDensity) {
    return block.path.includes('li') || block.words <= 12
      ? { reason: 'related-links', rule: 'link-list' }
      : { reason: 'navigation', rule: 'link-dense-block' };
  }
  return null;
}

function proseWords(blocks: TextBlock[], keep: boolean[], prose: boolean[]): number {
  let n = 0;
  blocks.forEach((block, i) => {
    if (keep[i] && prose[i]) n += block.words;
  });
  return n;
}

function isProse(block: TextBlock): boolean {
  return (
    block.words >= THRESHOLDS.proseWords &&
    block.linkWords / block.words <= THRESHOLDS.proseLinkDensity &&
    !HEADING.test(block.tag)
  );
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) =>
    collapse(s)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '');
  const x = norm(a);
  const y = norm(b);
  return x.length > 0 && (x === y || (x.length > 15 && y.includes(x)));
}

/**
 * The fallback when Readability finds nothing: the run of consecutive blocks with the highest score, where prose
 * scores its word count and everything else costs (maximum-sum subarray).
 */
function densestRun(blocks: TextBlock[], prose: boolean[]): boolean[] {
  let best = 0;
  let bestStart = -1;
  let bestEnd = -1;
  let sum = 0;
  let start = 0;
  blocks.forEach((block, i) => {
    const density = block.words ? block.linkWords / block.words : 0;
    const score = prose[i] ? block.words : -(1 + block.words * (density > 0.3 ? 1 : 0.5));
    if (sum <= 0) {
      sum = 0;
      start = i;
    }
    sum += score;
    if (sum > best) {
      best = sum;
      bestStart = start;
      bestEnd = i;
    }
  });
  return blocks.map((_, i) => i >= bestStart && i <= bestEnd);
}
