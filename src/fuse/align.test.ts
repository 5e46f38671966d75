import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { projectRoot } from '../../test/support.ts';
import { clusterMentions, GroupedIndex, similarity, termWeights, type Weights } from './align.ts';
import { fuseInputFromFiles } from './load.ts';
import { documentMentions, storyParties } from './mentions.ts';
import { OriginRegistry } from './origins.ts';
import { ALIGN } from './patterns.ts';
import type { Mention } from './types.ts';

/** Average linkage over all pairs at once, as alignment was first written: the reference the fast path must match. */
function allPairs(mentions: Mention[], weights: Weights): number[][] {
  const n = mentions.length;
  const open = (m: Mention) => m.stance === 'cannot-determine';
  const sim = mentions.map((a, i) =>
    mentions.map((b, j) =>
      i === j ? 0 : open(a) === open(b) ? similarity(i < j ? a : b, i < j ? b : a, weights) : -1,
    ),
  );
  const members: (number[] | null)[] = mentions.map((_, i) => [i]);
  for (;;) {
    let best = ALIGN.join;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (members[i] && members[j] && sim[i]![j]! >= best) [best, bi, bj] = [sim[i]![j]!, i, j];
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

const asSets = (groups: number[][]) => groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => a[0]! - b[0]!);

describe('fuse: alignment of a story of many reports', () => {
  let statements: Mention[];
  let weights: Weights;
  before(async () => {
    // The demo corpus as one story, and again as copies in other documents: a story whose reports repeat each other.
    const input = await fuseInputFromFiles([join(projectRoot, 'examples', 'demo')]);
    const registry = new OriginRegistry();
    const parties = storyParties(input.documents.map((d) => d.analysis));
    const mentions: Mention[] = [];
    for (const copy of [0, 1, 2])
      for (const { document, analysis } of input.documents)
        mentions.push(
          ...documentMentions(
            { ...document, id: `${document.id}-${copy}` },
            analysis,
            analysis.dates,
            registry,
            parties,
          ),
        );
    weights = termWeights(mentions);
    statements = mentions.filter((m) => m.stance !== 'denies' && m.terms.length >= ALIGN.minTerms);
  });

  test('clustering the components of close pairs makes the facts of clustering all pairs, member order included', () => {
    const fast = clusterMentions(statements, weights);
    assert.deepEqual(fast, allPairs(statements, weights));
    assert.ok(
      fast.some((g) => g.length >= 3),
      'copies of one statement are one fact',
    );
  });

  test('clustering by distinct wordings (the path of very large components) makes the same facts here', () => {
    assert.deepEqual(
      asSets(clusterMentions(statements, weights, ALIGN.join, 0)),
      asSets(allPairs(statements, weights)),
    );
  });

  test('clustering from the close pairs alone (components of thousands of wordings) only splits facts, and few', () => {
    const exact = asSets(allPairs(statements, weights));
    const sparse = asSets(clusterMentions(statements, weights, ALIGN.join, 0, 0));
    const factOf = new Map(exact.flatMap((g, k) => g.map((i) => [i, k] as const)));
    // Pairs under the threshold count as 0 in its averages, and most score a little above 0: here it only splits.
    for (const g of sparse) assert.equal(new Set(g.map((i) => factOf.get(i))).size, 1);
    const same = new Set(exact.map((g) => g.join(',')));
    assert.ok(sparse.filter((g) => same.has(g.join(','))).length >= 0.9 * exact.length);
  });

  test("the grouped index gives each group its best member's similarity, as comparing every member does", () => {
    const groups = clusterMentions(statements, weights).map((g) => g.map((i) => statements[i]!));
    const index = new GroupedIndex<number>(weights);
    groups.forEach((g, k) => {
      for (const m of g) index.place(m, k);
    });
    let compared = 0;
    for (const q of statements.slice(0, 60)) {
      const best = index.best(q);
      groups.forEach((g, k) => {
        const brute = Math.max(0, ...g.map((m) => similarity(q, m, weights, false)));
        if (best.has(k)) assert.equal(best.get(k), brute);
        else assert.equal(brute, 0);
        if (brute > 0) compared++;
      });
    }
    assert.ok(compared > 60);
  });
});
