/**
 * A document's fingerprint: everything the cluster stage needs to compare it with later documents, as plain
 * JSON-able data. The text itself is not kept: a store persists fingerprints (one row per document) and rebuilds
 * the indexes from them.
 */
import { minhashHashes } from './minhash.ts';
import { CALENDAR_WORDS, SHINGLE_WORDS, STOPWORDS } from './patterns.ts';
import {
  contentTerm,
  contentTerms,
  duplicateKey,
  isYear,
  namePhrases,
  normaliseForDuplicate,
  sentenceSpans,
  shingleHashes,
  tokenize,
} from './text.ts';

/** One document as the cluster stage receives it. */
export interface ClusterInput {
  id: string;
  /** Headline; when empty the first line of the text is used. */
  title?: string;
  text: string;
  sourceId?: string | null;
  /** ISO 8601 date or date-time; null when unknown (then arrival order stands in for time). */
  publishedAt?: string | null;
  /** Canonical entity ids from the analyse stage (`person:john-kirby`), when available. */
  entities?: string[];
}

export interface DocFingerprint {
  id: string;
  title: string;
  sourceId: string | null;
  publishedAt: string | null;
  /** Arrival index: the order documents were added (ties and undated documents are ordered by it). */
  order: number;
  /** Hash of the normalised full text (title excluded): equal keys are `duplicate`s. */
  exactKey: string;
  /** MinHash signature of the body's word shingles. */
  signature: number[];
  /** Content-word stems (and numbers) with counts: the topical vector. */
  terms: Record<string, number>;
  /**
   * Event anchors with counts: name phrases (`n:lindsay lohan`), years (`y:2013`), other numbers (`#59`), and
   * given entity ids (`e:person:john-kirby`). They tell apart two events of the same kind.
   */
  anchors: Record<string, number>;
  /** Names and numbers in order of first mention (for aligned-facts evidence of rewrites). */
  sequence: string[];
  /** Per sentence with at least 4 content terms: its sorted distinct content stems, and its offset in the text. */
  sentences: Array<{ start: number; end: number; terms: string[] }>;
  /** Quoted passages of at least 4 words, normalised. */
  quotes: string[];
  words: number;
}

function firstLine(text: string): string {
  for (let from = 0; from <= text.length; ) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const line = text.slice(from, to).trim();
    if (line) return line;
    from = to + 1;
  }
  return '';
}

/** Count into a record made by `countRecord` (no key of the cluster stage is an array index, so keys keep their order). */
function count(into: Record<string, number>, key: string, by = 1): void {
  into[key] = (into[key] ?? 0) + by;
}

/**
 * A record of counts as a hash table (an object without prototype, which V8 keeps in dictionary mode): an ordinary
 * object would get a hidden class per new key, and a stream of names and numbers would create hundreds of
 * thousands of them (a quarter of the clusterer's memory, measured).
 */
export function countRecord(counts: Iterable<[string, number]>): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  for (const [key, n] of counts) out[key] = n;
  return out;
}

/** A fingerprint read back from storage, with its count records made hash tables too (see `countRecord`). */
export function compactFingerprint(fp: DocFingerprint): DocFingerprint {
  if (Object.getPrototypeOf(fp.terms) === null) return fp;
  return { ...fp, terms: countRecord(Object.entries(fp.terms)), anchors: countRecord(Object.entries(fp.anchors)) };
}

/** Compute the fingerprint of a document (pure; `order` is the caller's arrival counter). */
export function fingerprint(input: ClusterInput, order: number): DocFingerprint {
  const title = input.title?.trim() || firstLine(input.text);
  const tokens = tokenize(input.text);

  // Each token's content term once: the document's terms and each sentence's come from the same list.
  const tokenTerms = tokens.map(contentTerm);
  const terms = countRecord([]);
  for (const term of tokenTerms) if (term !== null) count(terms, term);
  if (input.title?.trim()) for (const term of contentTerms(tokenize(input.title))) count(terms, term);

  const anchors = countRecord([]);
  for (const name of namePhrases(tokens)) count(anchors, nameKey(name));
  for (const t of tokens) if (isYear(t)) count(anchors, `y:${t.lower}`);
  // A number's content term is its anchor (`numberTerm`).
  for (let i = 0; i < tokens.length; i++) if (tokens[i]!.numeric && !isYear(tokens[i]!)) count(anchors, tokenTerms[i]!);
  for (const entity of input.entities ?? []) count(anchors, `e:${entity}`, 2);

  const ordered = orderedAnchors(tokens, tokenTerms);

  // Each sentence's terms come from the document's tokens that fall inside it (tokenising each sentence again
  // gave the same tokens at twice the cost: spans end at white space, so no token straddles two).
  const sentences: DocFingerprint['sentences'] = [];
  let k = 0;
  for (const span of sentenceSpans(input.text)) {
    while (k < tokens.length && tokens[k]!.start < span.start) k++;
    const first = k;
    while (k < tokens.length && tokens[k]!.start < span.end) k++;
    if (k - first >= 4) {
      const stems = distinctSorted(tokenTerms, first, k);
      if (stems.length >= 4) sentences.push({ start: span.start, end: span.end, terms: stems });
    }
  }

  const quotes: string[] = [];
  for (const m of input.text.matchAll(/["“]([^"“”]{10,400})["”]/g)) {
    const q = normaliseForDuplicate(m[1]!).replace(/[^\p{L}\p{N} ]/gu, '');
    if (q.split(' ').length >= 4) quotes.push(q);
  }

  return {
    id: input.id,
    title,
    sourceId: input.sourceId ?? null,
    publishedAt: input.publishedAt ?? null,
    order,
    exactKey: duplicateKey(input.text),
    signature: minhashHashes(shingleHashes(tokens, SHINGLE_WORDS)),
    terms,
    anchors,
    sequence: ordered,
    sentences,
    quotes,
    words: tokens.length,
  };
}

/**
 * The distinct non-null terms of `terms[from..to)` in code-unit order (as `[...new Set(…)].sort()`): an insertion
 * sort that drops repeats, for the dozen terms of a sentence (the generic sort was a tenth of fingerprinting).
 */
function distinctSorted(terms: Array<string | null>, from: number, to: number): string[] {
  const out: string[] = [];
  next: for (let i = from; i < to; i++) {
    const term = terms[i];
    if (term === null || term === undefined) continue;
    let j = out.length;
    while (j > 0) {
      const other = out[j - 1]!;
      if (other === term) continue next;
      if (other < term) break;
      j--;
    }
    if (j === out.length) out.push(term);
    else out.splice(j, 0, term);
  }
  return out;
}

/** Names (whole runs) and numbers in order of first mention. */
function orderedAnchors(tokens: ReturnType<typeof tokenize>, tokenTerms: Array<string | null>): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (a: string) => {
    if (seen.has(a)) return;
    seen.add(a);
    out.push(a);
  };
  let run: string[] = [];
  const flush = () => {
    if (run.length === 0) return;
    push(nameKey(run.length === 1 ? run[0]! : run.join(' ')));
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.numeric) {
      flush();
      // A number's content term is its anchor (`numberTerm`).
      push(tokenTerms[i]!);
      continue;
    }
    const word = t.word;
    if (t.capitalised && !t.sentenceInitial && word.length > 1 && !STOPWORDS.has(word) && !CALENDAR_WORDS.has(word))
      run.push(word);
    else flush();
  }
  flush();
  return out;
}

/**
 * `n:` and the name: anchor keys, kept for names seen before (a bounded cache like the stems') so that a name's key
 * is one string, already hashed, rather than a new one per mention.
 */
function nameKey(name: string): string {
  let key = nameKeys.get(name);
  if (key === undefined) {
    if (nameKeys.size >= 50_000) nameKeys.clear();
    key = `n:${name}`;
    nameKeys.set(name, key);
  }
  return key;
}

const nameKeys = new Map<string, string>();
