/**
 * Alignment: mentions that state one proposition, however worded or translated, become one fact. Similarity mixes
 * IDF-weighted content terms (concept classes join synonyms), shared entities, shared counts and resolved days;
 * clustering is average-linkage, so a fact's wordings must agree as a group and one loose pair does not chain two
 * propositions together.
 */
import { ALIGN } from './patterns.ts';
import type { Mention } from './types.ts';

export type Weights = Map<string, number>;

/** Inverse document frequency of terms over the story's mentions: words every report repeats weigh little. */
export function termWeights(mentions: Mention[]): Weights {
  const df = new Map<string, number>();
  for (const m of mentions) for (const t of new Set([...m.terms, ...m.entities])) df.set(t, (df.get(t) ?? 0) + 1);
  const n = mentions.length || 1;
  const weights: Weights = new Map();
  for (const [t, f] of df) weights.set(t, Math.log(1 + n / f));
  return weights;
}

function weightedOverlap(a: readonly string[], b: readonly string[], weights: Weights): number {
  if (!a.length || !b.length) return 0;
  const setB = new Set(b);
  let shared = 0;
  let sumA = 0;
  let sumB = 0;
  for (const t of new Set(a)) {
    const w = weights.get(t) ?? 1;
    sumA += w;
    if (setB.has(t)) shared += w;
  }
  for (const t of setB) sumB += weights.get(t) ?? 1;
  // Half Dice, half overlap with the shorter: a terse rewrite of a long sentence still aligns.
  return 0.5 * ((2 * shared) / (sumA + sumB)) + 0.5 * (shared / Math.min(sumA, sumB));
}

const dayDates = (m: Mention) => m.dates.filter((d) => d.start === d.end).map((d) => d.start);

/** Similarity of two statements, roughly 0..1. `useDates` is off before undated documents have their dates. */
export function similarity(a: Mention, b: Mention, weights: Weights, useDates = true): number {
  // Entities weigh like rare words: the story's two countries, named in every sentence, decide nothing.
  let score = weightedOverlap([...a.terms, ...a.entities], [...b.terms, ...b.entities], weights);
  const countsA = a.quantities.map((q) => `${q.value} ${q.unit}`);
  if (countsA.length && b.quantities.some((q) => countsA.includes(`${q.value} ${q.unit}`))) score += ALIGN.numberBonus;
  // Two sentences of one article seldom state one proposition twice (a lead and its body do, in other words).
  if (a.documentId === b.documentId && a.sentence.start !== b.sentence.start) score -= ALIGN.sameDocumentPenalty;
  if (useDates) {
    const da = dayDates(a);
    const db = dayDates(b);
    if (da.length && db.length) {
      if (da.some((d) => db.includes(d))) score += ALIGN.dayBonus;
      else score -= ALIGN.dayPenalty;
    }
  }
  return score;
}

/** Whether two stances can state the same proposition: an open question is not the statement it leaves open. */
function compatible(a: Mention, b: Mention): boolean {
  return (a.stance === 'cannot-determine') === (b.stance === 'cannot-determine');
}

/** Average-linkage clustering of mentions (Lance–Williams updates); returns groups of mention indexes. */
export function clusterMentions(mentions: Mention[], weights: Weights, threshold = ALIGN.join): number[][] {
  const n = mentions.length;
  const sim: Float64Array[] = [];
  for (let i = 0; i < n; i++) sim.push(new Float64Array(n));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = compatible(mentions[i]!, mentions[j]!) ? similarity(mentions[i]!, mentions[j]!, weights) : -1;
      sim[i]![j] = s;
      sim[j]![i] = s;
    }
  const members: (number[] | null)[] = mentions.map((_, i) => [i]);
  for (;;) {
    let best = threshold;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (!members[i]) continue;
      const row = sim[i]!;
      for (let j = i + 1; j < n; j++)
        if (members[j] && row[j]! >= best) {
          best = row[j]!;
          bi = i;
          bj = j;
        }
    }
    if (bi < 0) break;
    const a = members[bi]!;
    const b = members[bj]!;
    for (let k = 0; k < n; k++) {
      if (!members[k] || k === bi || k === bj) continue;
      const s = (a.length * sim[bi]![k]! + b.length * sim[bj]![k]!) / (a.length + b.length);
      sim[bi]![k] = s;
      sim[k]![bi] = s;
    }
    members[bi] = [...a, ...b];
    members[bj] = null;
  }
  return members.filter((m): m is number[] => m !== null);
}

/** Mean similarity of a mention to a group of mentions. */
export function similarityToGroup(m: Mention, group: Mention[], weights: Weights): number {
  if (!group.length) return 0;
  let sum = 0;
  for (const g of group) sum += similarity(m, g, weights);
  return sum / group.length;
}

/** Best similarity of a mention to any member of a group (for denials, which restate an accusation tersely). */
export function bestSimilarity(m: Mention, group: Mention[], weights: Weights): number {
  let best = 0;
  for (const g of group) best = Math.max(best, similarity(m, g, weights, false));
  return best;
}
