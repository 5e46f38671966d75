/**
 * Louvain community detection (Blondel et al. 2008) on a small weighted graph, with a veto on moves (for
 * cannot-link constraints). Hand-written: the npm graph libraries that implement it (graphology) bring a whole
 * graph model for what is 80 lines here, and none takes a per-move veto.
 *
 * Deterministic: nodes are visited in index order and ties keep the current community, so the same graph gives
 * the same communities.
 */

export interface WeightedGraph {
  /** Number of nodes, 0..n-1. */
  n: number;
  /** Undirected edges; repeated pairs add up. */
  edges: Array<[number, number, number]>;
}

/**
 * Partition the nodes, maximising modularity with resolution `gamma` (higher: smaller communities). `canJoin(a, b)`
 * is asked before two groups of original nodes end up in one community; returning false forbids it.
 */
export function louvain(
  graph: WeightedGraph,
  gamma: number,
  canJoin: (a: readonly number[], b: readonly number[]) => boolean = () => true,
): number[] {
  // Adjacency of the current level; members[i] = original nodes inside level node i.
  let adjacency: Array<Map<number, number>> = Array.from({ length: graph.n }, () => new Map());
  for (const [a, b, w] of graph.edges) {
    if (a === b || w <= 0) continue;
    adjacency[a]!.set(b, (adjacency[a]!.get(b) ?? 0) + w);
    adjacency[b]!.set(a, (adjacency[b]!.get(a) ?? 0) + w);
  }
  let members: number[][] = Array.from({ length: graph.n }, (_, i) => [i]);

  for (let level = 0; level < 32; level++) {
    const n = adjacency.length;
    const degree = adjacency.map((m) => [...m.values()].reduce((s, w) => s + w, 0));
    const weight = degree.reduce((s, w) => s + w, 0);
    if (weight === 0) break;
    // Modularity's null model breaks down on tiny graphs (two documents linked by one edge would never merge);
    // flooring the total weight at 2·gamma makes any pair linked by an edge (weight ≤ 1) worth merging, and
    // changes nothing on graphs of more than a handful of documents.
    const total = Math.max(weight, 2 * gamma);
    const community = Array.from({ length: n }, (_, i) => i);
    const communityDegree = degree.slice();
    const communityMembers: number[][] = members.map((m) => m.slice());
    let improved = false;
    for (let pass = 0; pass < 50; pass++) {
      let moved = 0;
      for (let i = 0; i < n; i++) {
        const current = community[i]!;
        const links = new Map<number, number>();
        for (const [j, w] of adjacency[i]!) if (j !== i) links.set(community[j]!, (links.get(community[j]!) ?? 0) + w);
        communityDegree[current]! -= degree[i]!;
        const mine = new Set(members[i]);
        const without = communityMembers[current]!.filter((x) => !mine.has(x));
        let best = current;
        let bestGain = (links.get(current) ?? 0) - (gamma * communityDegree[current]! * degree[i]!) / total;
        for (const [c, w] of links) {
          if (c === current) continue;
          const gain = w - (gamma * communityDegree[c]! * degree[i]!) / total;
          if (gain > bestGain + 1e-12 && canJoin(members[i]!, communityMembers[c]!)) {
            best = c;
            bestGain = gain;
          }
        }
        communityDegree[best]! += degree[i]!;
        if (best !== current) {
          communityMembers[current] = without;
          communityMembers[best]!.push(...members[i]!);
          community[i] = best;
          moved++;
          improved = true;
        }
      }
      if (moved === 0) break;
    }
    if (!improved) break;
    // Aggregate: one node per community.
    const ids = [...new Set(community)];
    const index = new Map(ids.map((c, i) => [c, i]));
    const next: Array<Map<number, number>> = ids.map(() => new Map());
    const nextMembers: number[][] = ids.map(() => []);
    for (let i = 0; i < n; i++) {
      const a = index.get(community[i]!)!;
      nextMembers[a]!.push(...members[i]!);
      for (const [j, w] of adjacency[i]!) {
        // Edges inside a community become a self-loop, so degrees (and modularity) carry over to the next level.
        const b = index.get(community[j]!)!;
        next[a]!.set(b, (next[a]!.get(b) ?? 0) + w);
      }
    }
    adjacency = next;
    members = nextMembers;
  }
  const result = new Array<number>(graph.n).fill(0);
  members.forEach((group, c) => {
    for (const node of group) result[node] = c;
  });
  return result;
}
