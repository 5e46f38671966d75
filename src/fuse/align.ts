/**
 * Alignment: mentions that state one proposition, however worded or translated, become one fact. Similarity mixes
 * IDF-weighted content terms (concept classes join synonyms), shared entities, shared counts and resolved days;
 * clustering is average-linkage, so a fact's wordings must agree as a group and one loose pair does not chain two
 * propositions together.
 *
 * Large stories (hundreds of reports, thousands of statements) stay near linear in their statements: a statement's
 * terms, counts and days are read once per weighting (`prepared`); clustering compares only the pairs of distinct
 * wordings that can reach the join threshold (an inverted index probed with each wording's heaviest terms), then runs
 * average linkage inside each group of statements those pairs connect — exactly, pair by pair, up to 1,000
 * statements (the same facts as clustering the whole story at once), by distinct wording above that, and from the
 * close pairs alone above 1,500 distinct wordings (see `clusterMentions`). Denials and beliefs find their fact
 * through an index of the wordings (`GroupedIndex`).
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

/** What similarity reads of a mention under one weighting, computed once: its terms and entities with their weights. */
interface Prepared {
  /** Distinct terms and entities, in the mention's order (sums are taken in that order). */
  tokens: string[];
  tokenWeights: number[];
  tokenSet: Set<string>;
  /** Sum of the token weights. */
  total: number;
  counts: Set<string>;
  days: string[];
  /** Tokens and counts: two mentions with one key score alike against any other. */
  key: string;
}

const preparedBy = new WeakMap<Weights, WeakMap<Mention, Prepared>>();

function prepared(m: Mention, weights: Weights): Prepared {
  let cache = preparedBy.get(weights);
  if (!cache) {
    cache = new WeakMap();
    preparedBy.set(weights, cache);
  }
  let p = cache.get(m);
  if (p) return p;
  const tokenSet = new Set([...m.terms, ...m.entities]);
  const tokens = [...tokenSet];
  const tokenWeights = tokens.map((t) => weights.get(t) ?? 1);
  let total = 0;
  for (const w of tokenWeights) total += w;
  const counts = new Set(m.quantities.map((q) => `${q.value} ${q.unit}`));
  p = {
    key: `${tokens.join('\u0000')}\u0001${[...counts].join('\u0000')}`,
    tokens,
    tokenWeights,
    tokenSet,
    total,
    counts,
    days: m.dates.filter((d) => d.start === d.end).map((d) => d.start),
  };
  cache.set(m, p);
  return p;
}

/**
 * What `similarity` reads of a mention apart from its document: its terms, entities and counts, and with `days` its
 * resolved days. Two mentions with one key score alike against any mention of another document.
 */
export function wordingKey(m: Mention, weights: Weights, days = false): string {
  const p = prepared(m, weights);
  return days ? `${p.key}\u0002${p.days.join(' ')}` : p.key;
}

/** Weight of the tokens of `a` that `b` has, summed in the order of `a`. */
function sharedWeight(a: Prepared, b: Prepared): number {
  let shared = 0;
  for (let k = 0; k < a.tokens.length; k++) if (b.tokenSet.has(a.tokens[k]!)) shared += a.tokenWeights[k]!;
  return shared;
}

function sharesAny<T>(a: Iterable<T>, b: Set<T>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** The similarity of two prepared mentions given the weight of the tokens they share (see `similarity`). */
function combine(a: Mention, b: Mention, pa: Prepared, pb: Prepared, shared: number, useDates: boolean): number {
  return finish(a, b, pa, pb, termScore(pa, pb, shared), useDates);
}

/** The part of the similarity that the two mentions' terms, entities and counts decide (their `key`s). */
function termScore(pa: Prepared, pb: Prepared, shared: number): number {
  // Half Dice, half overlap with the shorter: a terse rewrite of a long sentence still aligns. Entities weigh like
  // rare words: the story's two countries, named in every sentence, decide nothing.
  let score =
    !pa.tokens.length || !pb.tokens.length
      ? 0
      : 0.5 * ((2 * shared) / (pa.total + pb.total)) + 0.5 * (shared / Math.min(pa.total, pb.total));
  if (pa.counts.size && sharesAny(pb.counts, pa.counts)) score += ALIGN.numberBonus;
  return score;
}

/** The rest: where the two statements stand and the days they give. */
function finish(
  a: Mention,
  b: Mention,
  pa: Prepared,
  pb: Prepared,
  score: number,
  useDates: boolean,
  sameDocument = true,
): number {
  // Two sentences of one article seldom state one proposition twice (a lead and its body do, in other words).
  if (sameDocument && a.documentId === b.documentId && a.sentence.start !== b.sentence.start)
    score -= ALIGN.sameDocumentPenalty;
  if (useDates && pa.days.length && pb.days.length) {
    if (pa.days.some((d) => pb.days.includes(d))) score += ALIGN.dayBonus;
    else score -= ALIGN.dayPenalty;
  }
  return score;
}

/**
 * `similarity` over pairs of a set of mentions, with the term part computed once per pair of distinct wordings: the
 * copies and rewrites of a large story repeat the same sentences hundreds of times.
 */
function pairScorer(mentions: Mention[], weights: Weights, useDates = true): (i: number, j: number) => number {
  const prep = mentions.map((m) => prepared(m, weights));
  const ids = new Map<string, number>();
  const kind = prep.map((p) => {
    let id = ids.get(p.key);
    if (id === undefined) {
      id = ids.size;
      ids.set(p.key, id);
    }
    return id;
  });
  const kinds = ids.size;
  const cache = new Map<number, number>();
  return (i, j) => {
    const a = mentions[i]!;
    const b = mentions[j]!;
    if (!compatible(a, b)) return -1;
    const pa = prep[i]!;
    const pb = prep[j]!;
    const key = kind[i]! * kinds + kind[j]!;
    let score = cache.get(key);
    if (score === undefined) {
      score = termScore(pa, pb, sharedWeight(pa, pb));
      cache.set(key, score);
    }
    return finish(a, b, pa, pb, score, useDates);
  };
}

/** Similarity of two statements, roughly 0..1. `useDates` is off before undated documents have their dates. */
export function similarity(a: Mention, b: Mention, weights: Weights, useDates = true): number {
  const pa = prepared(a, weights);
  const pb = prepared(b, weights);
  return combine(a, b, pa, pb, sharedWeight(pa, pb), useDates);
}

/**
 * The similarity of one mention to many at once, for "which fact does this denial answer" over a story's thousands
 * of statements: an inverted index of the members' terms, entities and counts accumulates the shared weight of every
 * member that shares anything with the query. A member that shares nothing scores at most zero.
 */
export class SimilarityIndex {
  private readonly members: Mention[] = [];
  private readonly prep: Prepared[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly countPostings = new Map<string, number[]>();
  private shared = new Float64Array(64);
  private mark = new Uint8Array(64);

  constructor(private readonly weights: Weights) {}

  /** Index a mention; returns its number (in order of adding). */
  add(m: Mention): number {
    const i = this.members.length;
    const p = prepared(m, this.weights);
    this.members.push(m);
    this.prep.push(p);
    for (const t of p.tokens) push(this.postings, t, i);
    for (const c of p.counts) push(this.countPostings, c, i);
    return i;
  }

  /** The members that share a term, entity or count with `m`, with `similarity(m, member)`, in order of adding. */
  matches(m: Mention, useDates = true): { member: number; score: number }[] {
    const n = this.members.length;
    if (this.shared.length < n) {
      this.shared = new Float64Array(2 * n);
      this.mark = new Uint8Array(2 * n);
    }
    const p = prepared(m, this.weights);
    const touched: number[] = [];
    const touch = (j: number) => {
      if (this.mark[j]) return;
      this.mark[j] = 1;
      this.shared[j] = 0;
      touched.push(j);
    };
    // Summed in the order of the query's tokens, as `similarity` sums them: the same score to the last bit.
    for (let k = 0; k < p.tokens.length; k++) {
      const w = p.tokenWeights[k]!;
      for (const j of this.postings.get(p.tokens[k]!) ?? []) {
        touch(j);
        this.shared[j]! += w;
      }
    }
    for (const c of p.counts) for (const j of this.countPostings.get(c) ?? []) touch(j);
    touched.sort((a, b) => a - b);
    return touched.map((j) => {
      this.mark[j] = 0;
      return { member: j, score: combine(m, this.members[j]!, p, this.prep[j]!, this.shared[j]!, useDates) };
    });
  }
}

/** How many statements of one wording a group holds, and how many of them each document and sentence holds. */
interface Bucket {
  n: number;
  byDocument: Map<string, number>;
  bySentence: Map<string, number>;
}

/**
 * Statements in groups (a story's facts), for "which fact does this denial answer" over thousands of statements:
 * the index holds each distinct wording once, with how many statements of it each group has, so a query costs the
 * wordings it shares a term, entity or count with rather than the statements. Scores are `similarity` without dates,
 * to the last bit: of one wording's statements in a group, the best is one the same-document penalty spares when
 * there is one.
 */
export class GroupedIndex<G> {
  private readonly wordingIds = new Map<string, number>();
  private readonly wordings: Prepared[] = [];
  private readonly buckets: Map<G, Bucket>[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly countPostings = new Map<string, number[]>();
  private readonly placed = new Map<Mention, { wording: number; group: G }>();

  constructor(private readonly weights: Weights) {}

  /** Put a mention in a group (or move it there). */
  place(m: Mention, group: G): void {
    const was = this.placed.get(m);
    if (was) this.count(was.wording, was.group, m, -1);
    const wording = was?.wording ?? this.wordingOf(m);
    this.count(wording, group, m, 1);
    this.placed.set(m, { wording, group });
  }

  /** Each group with a statement that shares a term, entity or count with `q`: its best `similarity(q, ·, false)`. */
  best(q: Mention): Map<G, number> {
    const p = prepared(q, this.weights);
    const shared = new Map<number, number>();
    // Summed in the order of the query's tokens, as `similarity` sums them.
    for (let k = 0; k < p.tokens.length; k++) {
      const w = p.tokenWeights[k]!;
      for (const id of this.postings.get(p.tokens[k]!) ?? []) shared.set(id, (shared.get(id) ?? 0) + w);
    }
    for (const c of p.counts) for (const id of this.countPostings.get(c) ?? []) if (!shared.has(id)) shared.set(id, 0);
    const out = new Map<G, number>();
    const sentence = `${q.documentId}\u0001${q.sentence.start}`;
    for (const [id, weight] of shared) {
      const score = termScore(p, this.wordings[id]!, weight);
      let penalised = score;
      penalised -= ALIGN.sameDocumentPenalty;
      for (const [group, bucket] of this.buckets[id]!) {
        if (!bucket.n) continue;
        const inDocument = (bucket.byDocument.get(q.documentId) ?? 0) - (bucket.bySentence.get(sentence) ?? 0);
        const value = inDocument === bucket.n ? penalised : score;
        out.set(group, Math.max(out.get(group) ?? 0, value));
      }
    }
    return out;
  }

  private wordingOf(m: Mention): number {
    const p = prepared(m, this.weights);
    let id = this.wordingIds.get(p.key);
    if (id === undefined) {
      id = this.wordings.length;
      this.wordingIds.set(p.key, id);
      this.wordings.push(p);
      this.buckets.push(new Map());
      for (const t of p.tokens) push(this.postings, t, id);
      for (const c of p.counts) push(this.countPostings, c, id);
    }
    return id;
  }

  private count(wording: number, group: G, m: Mention, by: number): void {
    const buckets = this.buckets[wording]!;
    let bucket = buckets.get(group);
    if (!bucket) {
      bucket = { n: 0, byDocument: new Map(), bySentence: new Map() };
      buckets.set(group, bucket);
    }
    const sentence = `${m.documentId}\u0001${m.sentence.start}`;
    bucket.n += by;
    bucket.byDocument.set(m.documentId, (bucket.byDocument.get(m.documentId) ?? 0) + by);
    bucket.bySentence.set(sentence, (bucket.bySentence.get(sentence) ?? 0) + by);
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether two stances can state the same proposition: an open question is not the statement it leaves open. */
function compatible(a: Mention, b: Mention): boolean {
  return (a.stance === 'cannot-determine') === (b.stance === 'cannot-determine');
}

/** Rounding slack: a pair this close below the threshold is still compared in full. */
const SLACK = 1e-9;

/**
 * The pairs of mentions whose similarity reaches `threshold` (`i < j`), without comparing every pair. A pair that
 * shares no count gets at most the day bonus on top of its term overlap (and only when they share a day), and that
 * overlap is at most the shared weight over the lighter mention's total: so the two share one of the lighter
 * mention's heaviest terms, those whose weight the rest of its terms cannot make up (prefix filtering), looked up
 * among the mentions of its days for the terms that only a day bonus could carry. Pairs that share a count are all
 * compared.
 */
function pairsReaching(
  mentions: Mention[],
  weights: Weights,
  threshold: number,
  score: (i: number, j: number) => number,
): [number, number][] {
  const n = mentions.length;
  const prep = mentions.map((m) => prepared(m, weights));
  const out: [number, number][] = [];
  const test = (i: number, j: number) => {
    if (score(i, j) >= threshold - SLACK) out.push([i, j]);
  };
  // Without a shared day the overlap alone must reach the threshold; with one, the threshold less the day bonus.
  const needed = threshold - SLACK;
  const neededSameDay = threshold - ALIGN.dayBonus - SLACK;
  if (!(neededSameDay > 0)) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) test(i, j);
    return out;
  }
  const postings = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    for (const t of prep[i]!.tokens) {
      push(postings, `t:${t}`, i);
      for (const d of new Set(prep[i]!.days)) push(postings, `d:${d}\u0001${t}`, i);
    }
    for (const c of prep[i]!.counts) push(postings, `q:${c}`, i);
  }
  const seen = new Int32Array(n).fill(-1);
  const probe = (i: number, key: string, lighterOnly: boolean) => {
    for (const j of postings.get(key) ?? []) {
      if (j === i || seen[j] === i) continue;
      // The heavier mention of the pair is found by the lighter one's probe.
      if (lighterOnly && (prep[j]!.total < prep[i]!.total || (prep[j]!.total === prep[i]!.total && j < i))) continue;
      seen[j] = i;
      test(Math.min(i, j), Math.max(i, j));
    }
  };
  for (let i = 0; i < n; i++) {
    const p = prep[i]!;
    for (const c of p.counts) probe(i, `q:${c}`, false);
    const order = p.tokens.map((_, k) => k).sort((x, y) => p.tokenWeights[y]! - p.tokenWeights[x]!);
    const days = [...new Set(p.days)];
    let rest = p.total;
    for (const k of order) {
      if (rest < neededSameDay * p.total) break;
      const token = p.tokens[k]!;
      if (rest >= needed * p.total) probe(i, `t:${token}`, true);
      else for (const d of days) probe(i, `d:${d}\u0001${token}`, true);
      rest -= p.tokenWeights[k]!;
    }
  }
  return out;
}

/**
 * Average-linkage clustering of mentions (Lance–Williams updates); returns groups of mention indexes, each in the
 * order its members joined, groups by their first member.
 *
 * A merge needs an average similarity of at least the threshold, so some pair across the two groups reaches it:
 * every fact lies inside one connected component of the pairs that reach the threshold, and merges in one component
 * never change the averages of another. Clustering each component on its own therefore makes the same merges, in
 * the same order within each component, as clustering the whole story — at the cost of the components' sizes
 * squared rather than the story's.
 */
export function clusterMentions(
  mentions: Mention[],
  weights: Weights,
  threshold = ALIGN.join,
  exactLimit = EXACT_COMPONENT,
  denseLimit = DENSE_WORDINGS,
): number[][] {
  const n = mentions.length;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (i: number, j: number) => {
    const a = find(i);
    const b = find(j);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  // Statements of one wording are each other's closest match; pairs of wordings are compared once, without the
  // same-document penalty (so that the score bounds every pair of their statements from above).
  const byWording = wordings(mentions, weights);
  for (const members of byWording) for (const i of members) union(members[0]!, i);
  const first = byWording.map((w) => mentions[w[0]!]!);
  const prep = first.map((m) => prepared(m, weights));
  const upper = (i: number, j: number) =>
    compatible(first[i]!, first[j]!)
      ? finish(
          first[i]!,
          first[j]!,
          prep[i]!,
          prep[j]!,
          termScore(prep[i]!, prep[j]!, sharedWeight(prep[i]!, prep[j]!)),
          true,
          false,
        )
      : -1;
  for (const [i, j] of pairsReaching(first, weights, threshold, upper)) union(byWording[i]![0]!, byWording[j]![0]!);
  const components = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const list = components.get(root);
    if (list) list.push(i);
    else components.set(root, [i]);
  }
  const groups: number[][] = [];
  for (const members of components.values()) {
    if (members.length === 1) {
      groups.push(members);
      continue;
    }
    const local = members.map((i) => mentions[i]!);
    const merged =
      members.length <= exactLimit
        ? averageLinkage(
            local.map((_, k) => [k]),
            pairScorer(local, weights),
            threshold,
          )
        : repeatedWordings(local, weights, threshold, denseLimit);
    for (const group of merged) groups.push(group.map((k) => members[k]!));
  }
  return groups.sort((a, b) => a[0]! - b[0]!);
}

/**
 * Components up to this many statements are clustered pair by pair, exactly as the whole story would be (a matrix
 * of this size squared); larger ones by their distinct wordings (`repeatedWordings`).
 */
const EXACT_COMPONENT = 1000;

/**
 * Average linkage over the distinct wordings of a very large component (a story of thousands of reports that copy
 * each other): the statements that share one wording (terms, entities, counts, days and whether they leave the
 * question open) start as one group, since they are each other's closest match, and groups then merge by average
 * similarity as before. The average between two wordings is the mean over their pairs of statements (one score, less
 * the same-document penalty for the pairs that share a document), so the matrix is the number of wordings squared
 * instead of the statements'. Facts can differ from pair-by-pair clustering only where that would not have joined
 * two statements of one wording first, or on ties.
 */
function repeatedWordings(
  mentions: Mention[],
  weights: Weights,
  threshold: number,
  denseLimit = DENSE_WORDINGS,
): number[][] {
  const byWording = wordings(mentions, weights);
  const first = byWording.map((w) => mentions[w[0]!]!);
  const prep = first.map((m) => prepared(m, weights));
  const places = byWording.map((w) => {
    const byDocument = new Map<string, number>();
    const bySentence = new Map<string, number>();
    for (const i of w) {
      const m = mentions[i]!;
      const sentence = `${m.documentId}\u0001${m.sentence.start}`;
      byDocument.set(m.documentId, (byDocument.get(m.documentId) ?? 0) + 1);
      bySentence.set(sentence, (bySentence.get(sentence) ?? 0) + 1);
    }
    return { byDocument, bySentence };
  });
  const score = (i: number, j: number) => {
    const a = first[i]!;
    const b = first[j]!;
    if (!compatible(a, b)) return -1;
    const pa = prep[i]!;
    const pb = prep[j]!;
    const term = termScore(pa, pb, sharedWeight(pa, pb));
    const apart = finish(a, b, pa, pb, term, true, false);
    // Pairs of statements in one document (but not one sentence) take the penalty.
    const [small, large] = places[i]!.byDocument.size <= places[j]!.byDocument.size ? [i, j] : [j, i];
    let together = 0;
    for (const [document, n] of places[small]!.byDocument)
      together += n * (places[large]!.byDocument.get(document) ?? 0);
    for (const [sentence, n] of places[small]!.bySentence)
      together -= n * (places[large]!.bySentence.get(sentence) ?? 0);
    if (!together) return apart;
    const pairs = byWording[i]!.length * byWording[j]!.length;
    return ((pairs - together) * apart + together * (apart - ALIGN.sameDocumentPenalty)) / pairs;
  };
  if (byWording.length <= denseLimit) return averageLinkage(byWording, score, threshold);
  const links = pairsReaching(first, weights, threshold, score).map(([i, j]) => [i, j, score(i, j)] as const);
  return sparseLinkage(byWording, links, threshold);
}

/** Wordings of a component, at most, for a full matrix of their averages (≈ 18 MB); more go to `sparseLinkage`. */
const DENSE_WORDINGS = 1500;

/**
 * Average linkage that knows only the pairs reaching the threshold, for a component of thousands of distinct
 * wordings (a story of many reports that chain into one another): other pairs count as similarity 0 in the
 * averages, so groups merge a little less readily than with every pair known. Memory and time follow the pairs
 * reaching the threshold, not the square of the wordings.
 */
function sparseLinkage(
  initial: number[][],
  pairs: readonly (readonly [number, number, number])[],
  threshold: number,
): number[][] {
  const members: (number[] | null)[] = initial.map((g) => [...g]);
  const size = initial.map((g) => g.length);
  const version = new Int32Array(initial.length);
  // Sum of the similarities of the pairs of statements across two groups, for the groups that have one.
  const links: Map<number, number>[] = initial.map(() => new Map());
  const heap: { avg: number; a: number; b: number; va: number; vb: number }[] = [];
  const before = (x: (typeof heap)[number], y: (typeof heap)[number]) =>
    x.avg > y.avg || (x.avg === y.avg && (x.a < y.a || (x.a === y.a && x.b < y.b)));
  const offer = (a: number, b: number) => {
    const avg = links[a]!.get(b)! / (size[a]! * size[b]!);
    if (avg < threshold) return;
    const [x, y] = a < b ? [a, b] : [b, a];
    heap.push({ avg, a: x, b: y, va: version[x]!, vb: version[y]! });
    for (let i = heap.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (!before(heap[i]!, heap[up]!)) break;
      [heap[i], heap[up]] = [heap[up]!, heap[i]!];
      i = up;
    }
  };
  const take = () => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  for (const [i, j, score] of pairs) {
    const sum = score * size[i]! * size[j]!;
    links[i]!.set(j, sum);
    links[j]!.set(i, sum);
  }
  for (const [i, j] of pairs) offer(i, j);
  while (heap.length) {
    const { a, b, va, vb } = take();
    if (!members[a] || !members[b] || version[a] !== va || version[b] !== vb) continue;
    // The group with more links keeps them; the members read in order of their first.
    const [keep, gone] = links[a]!.size >= links[b]!.size ? [a, b] : [b, a];
    for (const [c, sum] of links[gone]!) {
      if (c === keep) continue;
      const merged = (links[keep]!.get(c) ?? 0) + sum;
      links[keep]!.set(c, merged);
      links[c]!.delete(gone);
      links[c]!.set(keep, merged);
    }
    links[keep]!.delete(gone);
    links[gone]!.clear();
    members[keep] =
      members[a]![0]! < members[b]![0]! ? [...members[a]!, ...members[b]!] : [...members[b]!, ...members[a]!];
    members[gone] = null;
    size[keep]! += size[gone]!;
    version[keep]!++;
    for (const c of links[keep]!.keys()) offer(keep, c);
  }
  return members.filter((m): m is number[] => m !== null);
}

/**
 * Mentions by wording (terms, entities, counts, days, and whether they leave the question open), in order of first
 * appearance: two mentions of one wording score alike against any other, but for the same-document penalty.
 */
function wordings(mentions: Mention[], weights: Weights): number[][] {
  const byWording = new Map<string, number[]>();
  mentions.forEach((m, i) => {
    const p = prepared(m, weights);
    push(byWording, `${p.key}\u0002${p.days.join(' ')}\u0002${m.stance === 'cannot-determine'}`, i);
  });
  return [...byWording.values()];
}

/**
 * Average linkage: starting from `initial` groups (indexes), repeatedly merge the two groups with the highest
 * average similarity (the last such pair in row order on ties) while it reaches the threshold; `score(i, j)` (i < j)
 * is the similarity of initial groups i and j, and a merge weighs each side by its number of members (Lance–
 * Williams). Each row keeps its best entry, so a merge rescans only the rows whose best it changed.
 */
function averageLinkage(initial: number[][], score: (i: number, j: number) => number, threshold: number): number[][] {
  const n = initial.length;
  const sim: Float64Array[] = [];
  for (let i = 0; i < n; i++) sim.push(new Float64Array(n));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = score(i, j);
      sim[i]![j] = s;
      sim[j]![i] = s;
    }
  const members: (number[] | null)[] = [...initial];
  const rowBest = new Float64Array(n);
  const rowBestAt = new Int32Array(n);
  const rescan = (i: number) => {
    let best = Number.NEGATIVE_INFINITY;
    let at = -1;
    const row = sim[i]!;
    for (let j = i + 1; j < n; j++)
      if (members[j] && row[j]! >= best) {
        best = row[j]!;
        at = j;
      }
    rowBest[i] = best;
    rowBestAt[i] = at;
  };
  for (let i = 0; i < n; i++) rescan(i);
  for (;;) {
    let best = threshold;
    let bi = -1;
    for (let i = 0; i < n; i++)
      if (members[i] && rowBestAt[i]! >= 0 && rowBest[i]! >= best) {
        best = rowBest[i]!;
        bi = i;
      }
    if (bi < 0) break;
    const bj = rowBestAt[bi]!;
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
    rescan(bi);
    for (let k = 0; k < bj; k++) {
      if (!members[k] || k === bi) continue;
      if (rowBestAt[k] === bi || rowBestAt[k] === bj) rescan(k);
      else if (k < bi) {
        const v = sim[k]![bi]!;
        if (v > rowBest[k]! || (v === rowBest[k]! && bi > rowBestAt[k]!)) {
          rowBest[k] = v;
          rowBestAt[k] = bi;
        }
      }
    }
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
