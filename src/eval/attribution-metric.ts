/**
 * The attribution metric of the bench README (section C): per component (source, cue, content) exact, overlap and
 * character scores over non-whitespace characters, and the whole-attribution match (cue overlap plus content
 * overlap by half in word tokens), with and without the source condition.
 */
import { type PRF, prf } from './metrics.ts';

/** A list of `[start, end)` fragments, as in the bench files. */
export type Fragments = [number, number][];

export interface AttributionSpans {
  source: Fragments;
  cue: Fragments;
  content: Fragments;
}

export interface AttributionDoc {
  text: string;
  gold: AttributionSpans[];
  predicted: AttributionSpans[];
}

export interface ComponentScore {
  gold: number;
  predicted: number;
  exact: PRF;
  overlap: PRF;
  chars: PRF;
}

export interface AttributionScore {
  attribution: PRF;
  attribution_with_source: PRF;
  source: ComponentScore;
  cue: ComponentScore;
  content: ComponentScore;
}

const COMPONENTS = ['source', 'cue', 'content'] as const;

/** The non-whitespace character offsets a component covers. */
export function charSet(text: string, fragments: Fragments): Set<number> {
  const chars = new Set<number>();
  for (const [start, end] of fragments) {
    for (let i = Math.max(0, start); i < Math.min(end, text.length); i++) if (!/\s/u.test(text[i]!)) chars.add(i);
  }
  return chars;
}

function intersectionSize(a: Set<number>, b: Set<number>): number {
  let n = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) n++;
  return n;
}

/** Pair items one-to-one, greedily, highest weight first (ties: earlier gold, then earlier prediction). */
function greedyPairs(candidates: { g: number; p: number; weight: number }[]): number {
  candidates.sort((x, y) => y.weight - x.weight || x.g - y.g || x.p - y.p);
  const usedGold = new Set<number>();
  const usedPred = new Set<number>();
  for (const { g, p } of candidates) {
    if (usedGold.has(g) || usedPred.has(p)) continue;
    usedGold.add(g);
    usedPred.add(p);
  }
  return usedGold.size;
}

/** Word-token index of every character of the text (`\w+` runs, as Python's Unicode `\w`), -1 outside words. */
function wordTokenIndex(text: string): Int32Array {
  const index = new Int32Array(text.length).fill(-1);
  let n = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
    index.fill(n++, m.index, m.index + m[0].length);
  }
  return index;
}

function tokensOf(chars: Set<number>, index: Int32Array): Set<number> {
  const tokens = new Set<number>();
  for (const c of chars) if (index[c]! >= 0) tokens.add(index[c]!);
  return tokens;
}

/** Shared content weight when two contents overlap by half (tokens, or characters without tokens), else null. */
function contentMatch(
  gold: { chars: Set<number>; tokens: Set<number> },
  pred: { chars: Set<number>; tokens: Set<number> },
): number | null {
  if (gold.chars.size === 0 && pred.chars.size === 0) return 0;
  const useTokens = gold.tokens.size > 0 && pred.tokens.size > 0;
  const [g, p] = useTokens ? [gold.tokens, pred.tokens] : [gold.chars, pred.chars];
  const shared = intersectionSize(g, p);
  return shared > 0 && shared * 2 >= g.size && shared * 2 >= p.size ? shared : null;
}

function cueOrSourceMatch(a: Set<number>, b: Set<number>): boolean {
  return (a.size === 0 && b.size === 0) || intersectionSize(a, b) > 0;
}

interface Counts {
  correctPredicted: number;
  predicted: number;
  gold: number;
}

const zero = (): Counts => ({ correctPredicted: 0, predicted: 0, gold: 0 });
const toPrf = (c: Counts) => prf(c.correctPredicted, c.predicted, c.correctPredicted, c.gold);

/** Score documents of gold and predicted attributions as the bench README defines it. */
export function scoreAttributions(docs: AttributionDoc[]): AttributionScore {
  const whole = zero();
  const withSource = zero();
  const component = Object.fromEntries(
    COMPONENTS.map((c) => [c, { exact: zero(), overlap: zero(), gold: 0, predicted: 0, chars: { i: 0, g: 0, p: 0 } }]),
  ) as Record<
    (typeof COMPONENTS)[number],
    { exact: Counts; overlap: Counts; gold: number; predicted: number; chars: { i: number; g: number; p: number } }
  >;

  for (const doc of docs) {
    const index = wordTokenIndex(doc.text);
    const prep = (a: AttributionSpans) => {
      const content = charSet(doc.text, a.content);
      return {
        source: charSet(doc.text, a.source),
        cue: charSet(doc.text, a.cue),
        content,
        contentTokens: tokensOf(content, index),
      };
    };
    const gold = doc.gold.map(prep);
    const pred = doc.predicted.map(prep);

    for (const c of COMPONENTS) {
      const gs = gold.map((a) => a[c]).filter((s) => s.size > 0);
      const ps = pred.map((a) => a[c]).filter((s) => s.size > 0);
      const score = component[c];
      score.gold += gs.length;
      score.predicted += ps.length;
      const exact: { g: number; p: number; weight: number }[] = [];
      const overlap: { g: number; p: number; weight: number }[] = [];
      gs.forEach((g, gi) => {
        ps.forEach((p, pi) => {
          const shared = intersectionSize(g, p);
          if (shared === 0) return;
          overlap.push({ g: gi, p: pi, weight: shared });
          if (shared === g.size && shared === p.size) exact.push({ g: gi, p: pi, weight: shared });
        });
      });
      for (const [counts, pairs] of [
        [score.exact, greedyPairs(exact)],
        [score.overlap, greedyPairs(overlap)],
      ] as const) {
        counts.correctPredicted += pairs;
        counts.predicted += ps.length;
        counts.gold += gs.length;
      }
      const goldChars = new Set(gs.flatMap((s) => [...s]));
      const predChars = new Set(ps.flatMap((s) => [...s]));
      score.chars.i += intersectionSize(goldChars, predChars);
      score.chars.g += goldChars.size;
      score.chars.p += predChars.size;
    }

    const plain: { g: number; p: number; weight: number }[] = [];
    const sourced: { g: number; p: number; weight: number }[] = [];
    gold.forEach((g, gi) => {
      pred.forEach((p, pi) => {
        if (!cueOrSourceMatch(g.cue, p.cue)) return;
        const weight = contentMatch(
          { chars: g.content, tokens: g.contentTokens },
          { chars: p.content, tokens: p.contentTokens },
        );
        if (weight === null) return;
        plain.push({ g: gi, p: pi, weight });
        if (cueOrSourceMatch(g.source, p.source)) sourced.push({ g: gi, p: pi, weight });
      });
    });
    for (const [counts, pairs] of [
      [whole, greedyPairs(plain)],
      [withSource, greedyPairs(sourced)],
    ] as const) {
      counts.correctPredicted += pairs;
      counts.predicted += pred.length;
      counts.gold += gold.length;
    }
  }

  const componentScore = (c: (typeof COMPONENTS)[number]): ComponentScore => {
    const s = component[c];
    return {
      gold: s.gold,
      predicted: s.predicted,
      exact: toPrf(s.exact),
      overlap: toPrf(s.overlap),
      chars: prf(s.chars.i, s.chars.p, s.chars.i, s.chars.g),
    };
  };
  return {
    attribution: toPrf(whole),
    attribution_with_source: toPrf(withSource),
    source: componentScore('source'),
    cue: componentScore('cue'),
    content: componentScore('content'),
  };
}
