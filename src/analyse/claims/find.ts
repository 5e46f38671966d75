/**
 * Attributed claims: who said, believes, denies … what. Cues come from the learned cue model (cues.ts); the
 * source and content around each cue come from the shape of the sentence — quotations, "according to",
 * "…, X said", "X said (that) …" — because those shapes are few and regular in news, and the training data gives
 * spans but no parses to learn them from.
 */
import type { Claim, Span, Stance, TemporalExpression } from '../../model.ts';
import { textSpan } from '../../model.ts';
import contentEndJson from '../models/claims-content-end.json' with { type: 'json' };
import cueModelJson from '../models/claims-cues.json' with { type: 'json' };
import { type SentenceWithTokens, splitSentences, type Token } from '../text/tokens.ts';
import { ContentEndScorer } from './boundaries.ts';
import {
  type CueModel,
  CueScorer,
  frequentForms,
  isCandidate,
  isHeadCandidate,
  normaliseForm,
  objectIsMessage,
  quoteState,
  stem,
  tokenForm,
} from './cues.ts';
import {
  AUXILIARIES,
  BARE_CLAUSE_CUES,
  CANNOT_DETERMINE,
  CLAUSE_OPENERS,
  CORE_CUE_STEMS,
  CUE_MODIFIERS,
  DAY_PARTS,
  DECLARATION_STEMS,
  DEICTIC_DAYS,
  MANNER_PHRASES,
  MONTHS,
  NON_PROPOSITIONAL_STEMS,
  PASSIVE_OR_DEGREE,
  PRODUCTION_VERB_STEMS,
  RELATIVES,
  SOURCELESS_CANNOT_DETERMINE,
  STANCE_BY_STEM,
  WEEKDAYS,
} from './patterns.ts';
import { type EntityLike, resolveSources } from './resolve.ts';

const model = cueModelJson as unknown as CueModel;
const frequent = frequentForms(model);
const contentEndScorer = new ContentEndScorer(new Map(Object.entries(contentEndJson as Record<string, number>)));
const cueScorer = new CueScorer(model, new Map(Object.entries(model.weights)));

export interface FindClaimsOptions {
  /** Entities of the text (from the entity stage); sources resolve to their ids when given. */
  entities?: EntityLike[];
  /** The text's sentences, when the caller has split it already. */
  sentences?: SentenceWithTokens[];
}

interface Sent extends SentenceWithTokens {
  forms: string[];
  cues: [number, number][];
}

/** A claim before ids, resolution and nesting. */
export interface RawClaim {
  source: Span | null;
  cue: Span;
  content: Span[];
  time: Span | null;
  sentence: number;
}

const TERMINAL_PUNCT = /^[.!?…]+$/u;
const OPENING_QUOTES = new Set(['“', '"', '«']);

/** Quotation regions of the text, marks included: “ … ” pairs, and straight quotes pairing up within a paragraph. */
export function quoteRegions(text: string): Span[] {
  const regions: Span[] = [];
  let open = -1;
  let straight = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' && text[i + 1] === '\n') {
      // A paragraph break closes nothing explicitly, but a quote left open continues only if the next paragraph
      // opens a quote again (news style); drop an unterminated one.
      open = -1;
      straight = false;
    } else if (ch === '“' || ch === '«') {
      open = i;
      straight = false;
    } else if ((ch === '”' || ch === '»') && open >= 0) {
      regions.push({ start: open, end: i + 1 });
      open = -1;
    } else if (ch === '"' || (ch === "'" && text[i + 1] === "'")) {
      // Straight quotes, and the doubled apostrophes some archives use for both marks, toggle.
      const width = ch === '"' ? 1 : 2;
      if (straight && open >= 0) {
        regions.push({ start: open, end: i + width });
        open = -1;
        straight = false;
      } else {
        open = i;
        straight = true;
      }
      i += width - 1;
    }
  }
  return regions;
}

/** Is the token a misspelt "that" ("thst")? Cheap: same length, same frame. */
function isThat(form: string): boolean {
  return form === 'that' || /^th[a-z]t$/u.test(form);
}

function detectCues(sentences: Sent[]): void {
  for (const s of sentences) {
    const inQuote = quoteState(s.tokens);
    const score = cueScorer.sentence(s.tokens, s.forms, inQuote);
    const decide = (i: number) => score(i) > model.threshold;
    const positive = s.forms.map((form, i) => isHeadCandidate(form, model) && decide(i));
    for (let i = 0; i < positive.length; i++) {
      if (positive[i] || !isCandidate(s.forms[i]!, model)) continue;
      if (positive[i - 1] || positive[i + 1] || positive[i - 2] || positive[i + 2]) positive[i] = decide(i);
    }
    s.forms.forEach((form, i) => {
      const next = s.forms[i + 1] ?? '';
      if (
        CORE_CUE_STEMS.has(stem(form)) &&
        /^\p{Ll}/u.test(s.tokens[i]!.text) &&
        (isThat(next) || next === ':') &&
        !['the', 'a', 'this'].includes(s.forms[i - 1] ?? '')
      )
        positive[i] = true;
    });
    // A cognition verb between a name and a clause ("the United States believes North Korea is …").
    s.forms.forEach((form, i) => {
      const prev = s.tokens[i - 1]?.text ?? '';
      const next = s.tokens[i + 1]?.text ?? '';
      if (
        BARE_CLAUSE_CUES.has(form) &&
        (/^\p{Lu}/u.test(prev) || ['he', 'she', 'they', 'we', 'i'].includes(prev.toLowerCase())) &&
        (/^\p{Lu}/u.test(next) || ['he', 'she', 'they', 'we', 'it', 'the'].includes(next.toLowerCase()))
      )
        positive[i] = true;
    });
    // "the so-called", "the said document": never a cue. Nor a participle used as an adjective ("the first
    // observed train", "the only known shipment"), a verb that puts out no message ("issued a patch"), an
    // official finding in the passive ("was pronounced dead"), nor an act asked for or granted ("urged them to",
    // "agreed to pay"): the learned model follows PolNeAR, which marks these, but they state nothing to weigh.
    s.forms.forEach((form, i) => {
      const prev = s.forms[i - 1] ?? '';
      if ((form === 'said' || form === 'aforesaid') && prev === 'the') positive[i] = false;
      if (form === 'so-called') positive[i] = false;
      if (form === 'said' && prev === 'having' && isThat(s.forms[i + 1] ?? '')) positive[i] = false;
      if (/(ed|en|wn)$/u.test(form) && ADJECTIVE_POSITION.has(prev)) positive[i] = false;
      const st = stem(form);
      if (PRODUCTION_VERB_STEMS.has(st) && !objectIsMessage(s.forms, i, model)) positive[i] = false;
      if (DECLARATION_STEMS.has(st)) {
        // Past adverbs and auxiliaries: "was later pronounced", "has been formally declared".
        let k = i - 1;
        while (
          k > 0 &&
          !PASSIVE_OR_DEGREE.has(s.forms[k]!) &&
          (AUXILIARIES.has(s.forms[k]!) || /ly$/u.test(s.forms[k]!))
        )
          k--;
        if (PASSIVE_OR_DEGREE.has(s.forms[k] ?? '')) positive[i] = false;
      }
      if (NON_PROPOSITIONAL_STEMS.has(st)) positive[i] = false;
      if (st === 'agre' && s.forms[i + 1] === 'to') positive[i] = false;
    });
    for (let i = 0; i < positive.length; i++) {
      if (!positive[i]) continue;
      let j = i;
      while (j + 1 < positive.length && positive[j + 1]) j++;
      let end = j;
      if (s.forms[end] === 'according' && s.forms[end + 1] === 'to') end++;
      // Auxiliaries and adverbs before the verb belong to the cue ("has also said", "would have described").
      let first = i;
      while (first > 0 && (CUE_MODIFIERS.has(s.forms[first - 1]!) || /^\p{Ll}+ly$/u.test(s.tokens[first - 1]!.text)))
        first--;
      if (s.forms[i] === 'according' || s.forms[i] === ':') first = i;
      // A lone ':' or preposition is not a cue of its own.
      const words = s.forms.slice(i, end + 1).filter((f) => /\p{L}/u.test(f));
      if (words.length > 0 && !(words.length === 1 && ['to', 'of', 'in', 'for', 'on', 'about'].includes(words[0]!)))
        s.cues.push([first, end]);
      i = j;
    }
  }
}

function trimSpan(text: string, start: number, end: number): Span | null {
  while (start < end && /[\s,;:—–-]/u.test(text[start]!)) start++;
  while (end > start && /[\s,;:.—–-]/u.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

function tokenSpan(tokens: Token[], from: number, to: number): Span | null {
  if (from > to || from < 0 || to >= tokens.length) return null;
  return { start: tokens[from]!.start, end: tokens[to]!.end };
}

/** Length in tokens of a time expression starting at token i ("Wednesday", "on Friday afternoon", "today"). */
function timeExpressionAt(forms: string[], i: number): number {
  let k = i;
  if (['on', 'last', 'this', 'earlier', 'late', 'early', 'in'].includes(forms[k] ?? '')) k++;
  if (forms[k] === 'this' || forms[k] === 'last' || forms[k] === 'next') k++;
  const f = forms[k] ?? '';
  if (WEEKDAYS.has(f) || DEICTIC_DAYS.has(f) || ['week', 'month', 'year'].includes(f)) {
    if (k === i && ['week', 'month', 'year'].includes(f)) return 0;
    k++;
    if (DAY_PARTS.has(forms[k] ?? '')) k++;
    return k - i;
  }
  if (MONTHS.has(f)) {
    k++;
    if (/^\d{1,2}$/u.test(forms[k] ?? '')) k++;
    return k - i;
  }
  return 0;
}

function mannerPhraseAt(text: string, tokens: Token[], i: number): number {
  if (i >= tokens.length) return 0;
  const rest = text.slice(tokens[i]!.start, tokens[i]!.start + 60);
  for (const pattern of MANNER_PHRASES) {
    const m = pattern.exec(rest);
    if (m) {
      const end = tokens[i]!.start + m[0].length;
      let k = i;
      while (k < tokens.length && tokens[k]!.end <= end) k++;
      return k - i;
    }
  }
  return 0;
}

/** Walk back from token k to the start of the noun phrase that is the source; returns [from, to] or null. */
function sourceBefore(s: Sent, k: number, floor: number): [number, number] | null {
  const { tokens, forms } = s;
  while (k >= floor && AUXILIARIES.has(forms[k]!)) k--;
  if (k < floor) return null;
  // "X, who …, said", "Senator X, Democrat of California, said": the source is the name with its apposition.
  let appositionEnd = -1;
  if (forms[k] === ',') {
    let c = k - 1;
    while (c > floor && c > k - 30 && forms[c] !== ',') c--;
    if (c <= floor || forms[c] !== ',') return null;
    appositionEnd = k;
    k = c - 1;
    // "Donna Rawlings, 59, of Ashton, Md., said": segments that do not open with a name belong to the apposition.
    for (let jumps = 0; jumps < 3; jumps++) {
      let p = k;
      while (p > floor && forms[p - 1] !== ',') p--;
      if (p - 1 <= floor || forms[p - 1] !== ',' || /^\p{Lu}/u.test(tokens[p]!.text) || k - p > 6) break;
      if (!/^(\p{N}|of|from|in|at)/u.test(forms[p]!)) break;
      k = p - 2;
    }
  }
  const to = k;
  if (to < floor || (/^\p{P}$/u.test(tokens[to]!.text) && !/[”"’)]/u.test(tokens[to]!.text))) return null;
  if (CLAUSE_OPENERS.has(forms[to]!) || RELATIVES.has(forms[to]!)) return null;
  let from = to;
  if (tokens[to]!.text === ')') {
    let open = to - 1;
    while (open > floor && open > to - 10 && tokens[open]!.text !== '(') open--;
    if (tokens[open]?.text === '(' && open > floor) from = open;
  }
  while (from - 1 >= floor) {
    const f = forms[from - 1]!;
    const t = tokens[from - 1]!.text;
    if (RELATIVES.has(f) && f !== 'that') break;
    if (SOURCE_STOPS.has(f)) break;
    if (f === 'that' || isThat(f)) {
      // "the site that monitors X" is a relative clause inside the source; "reported that X" is not.
      const before = forms[from - 2] ?? '';
      const after = forms[from] ?? '';
      if (from - 2 >= floor && /^\p{L}/u.test(before) && !/^\p{Lu}/u.test(tokens[from]!.text) && /s$/u.test(after)) {
        from--;
        continue;
      }
      break;
    }
    if (
      CLAUSE_OPENERS.has(f) &&
      !(
        f === 'and' &&
        /^\p{Lu}/u.test(tokens[from]!.text) &&
        from - 2 >= floor &&
        /^\p{Lu}/u.test(tokens[from - 2]!.text)
      )
    )
      break;
    // A parenthesis inside the source ("Paul D. Ryan (R-Wis.)") is part of it.
    if (t === ')') {
      let open = from - 2;
      while (open >= floor && open > from - 10 && tokens[open]!.text !== '(') open--;
      if (open >= floor && tokens[open]!.text === '(') {
        from = open;
        continue;
      }
    }
    // A middle initial ("Vann R. Newkirk") is part of the name.
    if (t === '.' && /^\p{Lu}$/u.test(tokens[from - 2]?.text ?? '')) {
      from--;
      continue;
    }
    if ([',', ';', ':', '(', ')', '—', '–', '.', '!', '?'].includes(t)) break;
    if (t === '”' || t === '"') {
      // A short quoted name ("the site “38 North”") stays in the source; a quotation does not.
      let open = from - 2;
      while (open >= floor && open > from - 7 && !OPENING_QUOTES.has(tokens[open]!.text)) open--;
      if (
        open >= floor &&
        OPENING_QUOTES.has(tokens[open]!.text) &&
        !forms.slice(open, from - 1).some((f) => /^[,.!?]$/u.test(f))
      ) {
        from = open;
        continue;
      }
      break;
    }
    if (t === "'") break; // doubled apostrophes as quotation marks
    if (OPENING_QUOTES.has(t)) {
      // The opening mark of a quoted name already inside the source.
      const closes = tokens.slice(from, to + 1).some((x) => x.text === '”' || x.text === '"');
      if (closes && to - from < 7) {
        from--;
        continue;
      }
      break;
    }
    from--;
  }
  if (from > to) return null;
  if (to - from > 14) from = to - 14;
  return [from, appositionEnd >= 0 ? appositionEnd : to];
}

/** Conjunctions that join a new clause with a subject of its own: "…, but he said …". */
const CLAUSE_JOINERS = new Set(['and', 'but', 'or', 'while', 'whereas', 'although', 'though', ',']);

/** Prepositions that open a phrase before a source rather than belong to it: "following X claims". */
const SOURCE_STOPS = new Set(['following', 'despite', 'amid', 'including', 'regarding', 'concerning', 'via', 'per']);

/** Common irregular past tenses: a verb after "…, said" means a clause follows, not the source. */
const IRREGULAR_PAST = new Set(
  'brought made took gave got came went saw found left felt thought knew told said began grew ran won lost kept held became'.split(
    ' ',
  ),
);

/** Words after which a participle is an adjective: "the first observed train", "the only known shipment". */
const ADJECTIVE_POSITION = new Set([
  'the',
  'a',
  'an',
  'first',
  'only',
  'its',
  'their',
  'this',
  'these',
  'those',
  'most',
]);

const LEADING_ADVERBIAL = new Set(
  'in on at after before during when while since as despite with for earlier last later by from under amid following'.split(
    ' ',
  ),
);

/** The opening noun phrase of a sentence, as a guess at its subject: "Clinton", "The U.S. Department of State". */
function sentenceSubject(s: Sent, before: number): [number, number] | null {
  const { tokens, forms } = s;
  let k = 0;
  // An opening adverbial ("In August, …", "When pressed, …") is not the subject.
  if (LEADING_ADVERBIAL.has(forms[0]!)) {
    const comma = forms.indexOf(',');
    if (comma > 0 && comma < before) k = comma + 1;
  }
  while (k < before && (CLAUSE_OPENERS.has(forms[k]!) || forms[k] === ',')) k++;
  const from = k;
  while (
    k < before &&
    (/^\p{Lu}/u.test(tokens[k]!.text) ||
      ['the', 'a', 'an', "'s", '’s', 'of'].includes(forms[k]!) ||
      /^\p{N}/u.test(forms[k]!))
  )
    k++;
  return k > from && k - from <= 8 ? [from, k - 1] : null;
}

function stanceOf(cueForms: string[], content: string): Stance {
  if (CANNOT_DETERMINE.test(content)) return 'cannot-determine';
  for (const form of cueForms) {
    const stance = STANCE_BY_STEM[form] ?? STANCE_BY_STEM[stem(form)];
    if (stance) return stance;
  }
  return 'asserts';
}

/** Find the raw claims of a text (spans only). */
export function findRawClaims(text: string, split: SentenceWithTokens[] = splitSentences(text)): RawClaim[] {
  const sentences: Sent[] = split.map((s) => {
    const forms = s.tokens.map((t) => tokenForm(t.text, model, frequent));
    return { ...s, forms, cues: [] };
  });
  detectCues(sentences);
  const regions = quoteRegions(text);
  const regionAt = (offset: number) => regions.find((r) => r.start <= offset && offset < r.end);
  const cueOffsets = sentences.flatMap((s) => s.cues.map(([a]) => s.tokens[a]!.start));
  const hasCueOutsideQuotes = (span: Span) => cueOffsets.some((o) => o >= span.start && o < span.end && !regionAt(o));
  const sentenceIndexAt = (offset: number) => sentences.findIndex((s) => s.start <= offset && offset < s.end);

  /** A quotation and the quotations that carry it on in the next sentences ("“…,” he said. “More.”"). */
  const withContinuation = (region: Span, after: number): Span[] => {
    const parts: Span[] = [region];
    // "“…,” he said, “…”": a second quotation right after the attribution, in the same sentence.
    // ("he said. “…”" too: the splitter keeps a quotation opening after a full stop in the same sentence.)
    const sameSentence = regions.find(
      (r) => r.start >= after && /^[\s,:;.—–-]*$/u.test(text.slice(after, r.start)) && r.start > region.end,
    );
    if (sameSentence) {
      const sentenceEnd = sentences[sentenceIndexAt(sameSentence.end - 1)]?.end ?? sameSentence.end;
      if (!hasCueOutsideQuotes({ start: sameSentence.end, end: sentenceEnd })) parts.push(sameSentence);
    }
    let last = Math.max(parts[parts.length - 1]!.end, after);
    for (;;) {
      const si = sentenceIndexAt(last - 1);
      const next = sentences[si + 1];
      if (!next) break;
      const region2 = regions.find((r) => r.start === next.start);
      if (!region2 || hasCueOutsideQuotes({ start: next.start, end: sentences[sentenceIndexAt(region2.end - 1)]!.end }))
        break;
      // Only across a single line break or within the paragraph.
      if ((text.slice(last, region2.start).match(/\n/gu)?.length ?? 0) > 2) break;
      parts.push(region2);
      last = region2.end;
      if (parts.length > 6) break;
    }
    return parts;
  };

  const claims: RawClaim[] = [];
  sentences.forEach((s, si) => {
    const { tokens, forms } = s;
    const n = tokens.length;
    let lastContentEnd = n - 1;
    while (lastContentEnd >= 0 && (TERMINAL_PUNCT.test(forms[lastContentEnd]!) || forms[lastContentEnd] === ')'))
      lastContentEnd--;
    for (const [ca, cb] of s.cues) {
      const cue = tokenSpan(tokens, ca, cb)!;
      // The cue's head: its first word that is not an auxiliary or adverb.
      let cueHead = ca;
      while (cueHead < cb && (CUE_MODIFIERS.has(forms[cueHead]!) || /^\p{Ll}+ly$/u.test(tokens[cueHead]!.text)))
        cueHead++;
      // What follows the cue directly: a time ("said Wednesday"), a manner ("in a statement").
      let after = cb + 1;
      let time: Span | null = null;
      for (let guard = 0; guard < 3; guard++) {
        const t = timeExpressionAt(forms, after);
        if (t > 0) {
          const first =
            ['on', 'last', 'this', 'earlier', 'late', 'early', 'in'].includes(forms[after]!) &&
            !['last', 'this'].includes(forms[after]!)
              ? after + 1
              : after;
          time = tokenSpan(tokens, first, after + t - 1);
          after += t;
          continue;
        }
        const m = mannerPhraseAt(text, tokens, after);
        if (m > 0) {
          after += m;
          continue;
        }
        break;
      }
      const tailTokens = Math.max(0, lastContentEnd - after + 1);
      const push = (source: Span | null, content: Span[] | null) => {
        const parts = (content ?? []).map((p) => trimSpan(text, p.start, p.end)).filter((p): p is Span => p !== null);
        if (parts.length === 0) return;
        claims.push({ source, cue, content: parts, time, sentence: si });
      };
      const sourceSpan = (range: [number, number] | null) => (range ? tokenSpan(tokens, range[0], range[1]) : null);

      // 1. "according to X, …" and "…, according to X."
      if (forms[cueHead] === 'according') {
        // At the opening of the sentence ("According to X, …", "In 2016, according to X, …") the content follows;
        // after a clause ("A watched the videos, according to X, and said …") it is that clause.
        const opening = forms.slice(0, ca).filter((f) => /^[\p{L}\p{N}]/u.test(f) && !CLAUSE_OPENERS.has(f)).length;
        const atStart = ca === 0 || (opening <= 4 && [',', '“', '"', 'and', 'but'].includes(forms[ca - 1]!));
        let comma = cb + 1;
        while (comma < n && forms[comma] !== ',') comma++;
        if (atStart && comma < lastContentEnd) {
          push(sourceSpan([cb + 1, comma - 1]), [tokenSpan(tokens, comma + 1, lastContentEnd)!]);
        } else {
          let from = 0;
          for (let k = ca - 1; k > 0; k--) if (forms[k] === ';') from = k + 1;
          const sourceEnd = comma < lastContentEnd ? comma - 1 : lastContentEnd;
          push(sourceSpan(cb + 1 <= sourceEnd ? [cb + 1, sourceEnd] : null), [tokenSpan(tokens, from, ca - 1) ?? cue]);
        }
        continue;
      }

      // 2. Quotations: "“…,” X said", "“…,” said X", "X said: “…”".
      const before = ca > 0 ? regions.find((r) => r.end <= cue.start && r.end > s.start - 1) : undefined;
      const quoteBefore = regions.filter((r) => r.end <= cue.start && r.end >= s.start).pop() ?? before;
      if (quoteBefore && quoteBefore.end > s.start - 1) {
        const between = tokens.filter((t) => t.start >= quoteBefore.end && t.end <= cue.start);
        const cueBetween = s.cues.some(([a]) => a < ca && tokens[a]!.start >= quoteBefore.end);
        const words = between.filter((t) => /\p{L}|\p{N}/u.test(t.text));
        const tailHasThat = forms.slice(after, after + 2).some(isThat);
        const quoteWords = text.slice(quoteBefore.start, quoteBefore.end).match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
        const isQuotation = quoteWords >= 4 || /[,.!?]\s*[”"]$/u.test(text.slice(quoteBefore.start, quoteBefore.end));
        // "“…,” he said, adding …" and "“…,” said Tim Hess, a developer who …": a quotation closed by a comma
        // announces its attribution, however long the rest of the sentence.
        const announces = /[,!?]\s*[”"']+$/u.test(text.slice(quoteBefore.start, quoteBefore.end));
        if (
          isQuotation &&
          !cueBetween &&
          words.length <= (announces ? 30 : 8) &&
          (tailTokens <= 12 || announces) &&
          !tailHasThat &&
          !between.some((t) => OPENING_QUOTES.has(t.text) || isThat(t.text.toLowerCase()))
        ) {
          let source: Span | null = null;
          if (words.length > 0) {
            const k = tokens.indexOf(words[words.length - 1]!);
            const range = sourceBefore(s, k, tokens.indexOf(words[0]!));
            source = sourceSpan(range);
          } else if (tailTokens > 0) {
            let sourceEnd = after;
            while (
              sourceEnd < lastContentEnd &&
              !(forms[sourceEnd + 1] === ',' && /ing$/u.test(forms[sourceEnd + 2] ?? '')) &&
              !OPENING_QUOTES.has(tokens[sourceEnd + 1]!.text)
            )
              sourceEnd++;
            source = trimSpan(text, tokens[after]!.start, tokens[sourceEnd]!.end);
          }
          push(source, withContinuation(quoteBefore, source ? Math.max(source.end, cue.end) : cue.end));
          continue;
        }
      }
      const next = tokens[after];
      const skipPunct = next && [',', ':'].includes(next.text) ? after + 1 : after;
      const quoteAfter = tokens[skipPunct] ? regions.find((r) => r.start === tokens[skipPunct]!.start) : undefined;
      if (quoteAfter) {
        const source = sourceSpan(sourceBefore(s, ca - 1, 0));
        const contentEnd = sentences[sentenceIndexAt(quoteAfter.end - 1)]?.end ?? quoteAfter.end;
        push(source, withContinuation(quoteAfter, contentEnd));
        continue;
      }

      // 3. "…, X said." and "…, said X."
      let comma = ca - 1;
      while (comma >= 0 && forms[comma] !== ',' && !['”', '"'].includes(forms[comma]!)) comma--;
      const afterIsSourceLike =
        tailTokens > 0 &&
        tailTokens <= 14 &&
        (/^\p{Lu}/u.test(tokens[after]!.text) ||
          ['a', 'an', 'the', 'he', 'she', 'they', 'one'].includes(forms[after]!));
      if (comma >= 3 && ca - comma - 1 <= 9) {
        const head = tokenSpan(tokens, 0, comma - 1);
        const preSource = comma + 1 <= ca - 1 ? sourceBefore(s, ca - 1, comma + 1) : null;
        const appositive = forms.slice(0, comma).some((f, k) => f === ',' && RELATIVES.has(forms[k + 1]!));
        let tailEnd = after;
        while (tailEnd <= lastContentEnd && forms[tailEnd] !== ',') tailEnd++;
        // "…, said the spokesman" has a noun phrase after the cue; "X, Democrat of Y, said the program has …" a
        // clause, with a verb in it.
        const tailIsClause = forms.slice(after, tailEnd).some((f, k) => {
          if (/^(has|have|had|is|was|are|were|will|would|could|can|should|did|does|do|may|might)$/u.test(f))
            return true;
          if (IRREGULAR_PAST.has(f)) return true;
          // A past tense, not an adjective after a determiner ("the embattled leader").
          return k > 0 && /^\p{Ll}+ed$/u.test(f) && !ADJECTIVE_POSITION.has(forms[after + k - 1]!);
        });
        if (
          ca === comma + 1 &&
          afterIsSourceLike &&
          !tailIsClause &&
          !isThat(forms[after]!) &&
          !appositive &&
          tailEnd - after <= 7 &&
          !forms[cueHead]!.endsWith('ing')
        ) {
          push(trimSpan(text, tokens[after]!.start, tokens[lastContentEnd]!.end), [head!]);
          continue;
        }
        if (preSource && preSource[0] === comma + 1 && (tailTokens === 0 || after > lastContentEnd)) {
          push(sourceSpan(preSource), [head!]);
          continue;
        }
      }

      // "Climate change, Mr. Obama often says, is the greatest threat": an attribution set inside its content.
      if (forms[after] === ',' && after < lastContentEnd && !isThat(forms[after + 1]!)) {
        let comma = ca - 1;
        while (comma > 0 && forms[comma] !== ',') comma--;
        const range = comma > 0 ? sourceBefore(s, ca - 1, comma + 1) : null;
        if (
          range &&
          range[0] === comma + 1 &&
          !forms[cueHead]!.endsWith('ing') &&
          !regionAt(cue.start) &&
          forms.slice(0, comma).filter((f) => f === ',').length === 0
        ) {
          push(sourceSpan(range), [tokenSpan(tokens, 0, comma - 1)!, tokenSpan(tokens, after + 1, lastContentEnd)!]);
          continue;
        }
      }

      // 4. "X said (that) …": the content runs to the end of the sentence.
      let start = after;
      if (
        ['told', 'tell', 'tells', 'telling', 'warned', 'assured', 'informed', 'reminded', 'convinced'].includes(
          forms[cb]!,
        )
      ) {
        for (let k = after; k < Math.min(n, after + 6); k++)
          if (isThat(forms[k]!)) {
            start = k;
            break;
          }
      }
      if (start > lastContentEnd) {
        // "“…” He said." across a sentence break: the quotation just before.
        const prevRegion = regions.filter((r) => r.end <= cue.start && cue.start - r.end < 4).pop();
        if (prevRegion) {
          push(sourceSpan(sourceBefore(s, ca - 1, 0)), withContinuation(prevRegion, s.end));
        }
        continue;
      }
      const region = regionAt(tokens[start]!.start);
      // A cue inside a quotation ("“Clinton believes that …,” said X") says no more than the quotation.
      let last = lastContentEnd;
      const cueRegion = regionAt(cue.start);
      if (cueRegion) while (last > start && tokens[last]!.end >= cueRegion.end) last--;
      // A later cue that opens a clause of its own ends the content before it: "X promised A and said B",
      // "X said A, arguing B", "X agreed A, but he said B".
      for (const [a] of s.cues) {
        if (a <= cb || regionAt(tokens[a]!.start)) continue;
        let k = a - 1;
        while (k > cb && CUE_MODIFIERS.has(forms[k]!)) k--;
        let boundary = -1;
        if (['and', 'but', 'or'].includes(forms[k]!) || (forms[k] === ',' && forms[a]!.endsWith('ing'))) boundary = k;
        else {
          const range = sourceBefore(s, a - 1, cb + 1);
          if (range && CLAUSE_JOINERS.has(forms[range[0] - 1] ?? '')) boundary = range[0] - 1;
        }
        if (boundary < 0) continue;
        while (boundary > start && (CLAUSE_JOINERS.has(forms[boundary]!) || forms[boundary] === ',')) boundary--;
        if (boundary >= start) last = Math.min(last, boundary);
        break;
      }
      const contentEnd =
        region && region.start === tokens[start]!.start
          ? Math.max(region.end, tokens[last]!.end)
          : tokens[contentEndScorer.bestContentEnd(tokens, forms, forms[cb]!, start, last)]!.end;
      // "…, adding (that) …": the participle shares the subject of its sentence.
      let source = sourceSpan(sourceBefore(s, ca - 1, 0));
      let beforeCue = ca - 1;
      while (beforeCue >= 0 && AUXILIARIES.has(forms[beforeCue]!)) beforeCue--;
      const coordinated = ['and', 'but', 'or'].includes(forms[beforeCue] ?? '');
      if ((forms[cueHead]!.endsWith('ing') && forms[ca - 1] === ',') || coordinated) {
        const earlier = claims.filter((c) => c.sentence === si && c.cue.start < cue.start).pop();
        source = earlier ? earlier.source : sourceSpan(sentenceSubject(s, ca));
      }
      push(source, [{ start: tokens[start]!.start, end: contentEnd }]);
    }

    // A sentence without a cue that still says something cannot be told: "It is unclear whether …".
    if (s.cues.length === 0) {
      const sentenceText = text.slice(s.start, s.end);
      const m = SOURCELESS_CANNOT_DETERMINE.exec(sentenceText);
      if (m) {
        const cueStart = s.start + m.index;
        const cueSpan = { start: cueStart, end: cueStart + m[0].length };
        const content = trimSpan(text, s.start, s.end);
        if (content) claims.push({ source: null, cue: cueSpan, content: [content], time: null, sentence: si });
      }
    }
  });
  claims.push(...layoutClaims(text, regions, claims));
  return claims;
}

const SIGNED_QUOTE = /^[ \t\u00a0]*(―|—|–|--)[ \t\u00a0]*(\p{Lu}[^\n]{0,60}?)[ \t\u00a0]*(?:\n|$)/u;
const SPEAKER_LINE = /^["“]?([\p{Lu}][\p{Lu}.' -]{1,30}):[ \t]+(\S[^\n]*)/gmu;
/** A headline "Name: what they said" ("Pence: The debate goes ahead"): up to four capitalised words. */
const HEADLINE_SPEAKER = /^((?:\p{Lu}[\p{L}.’'-]*[ \t]+){0,3}\p{Lu}[\p{L}.’'-]*):[ \t]+(\S[^\n]*)/u;

/**
 * Attributions that the layout makes, not a verb: a quotation signed on its line ("“…” ― Pamela Padilla") and a
 * transcript line ("WALLACE: If I may, sir, …").
 */
function layoutClaims(text: string, regions: Span[], found: RawClaim[]): RawClaim[] {
  const claims: RawClaim[] = [];
  const taken = (cue: Span) => found.some((c) => c.cue.start < cue.end && cue.start < c.cue.end);
  for (const region of regions) {
    const m = SIGNED_QUOTE.exec(text.slice(region.end, region.end + 80));
    if (!m) continue;
    const cueStart = region.end + m[0].indexOf(m[1]!);
    const sourceStart = region.end + m[0].indexOf(m[2]!, m[0].indexOf(m[1]!) + m[1]!.length);
    const cue = { start: cueStart, end: cueStart + m[1]!.length };
    if (!taken(cue))
      claims.push({
        source: trimSpan(text, sourceStart, sourceStart + m[2]!.length),
        cue,
        content: [region],
        time: null,
        sentence: -1,
      });
  }
  for (const m of text.matchAll(SPEAKER_LINE)) {
    const name = m[1]!;
    const nameStart = m.index + m[0].indexOf(name);
    const cueStart = nameStart + name.length;
    const cue = { start: cueStart, end: cueStart + 1 };
    const content = trimSpan(text, cueStart + 1, m.index + m[0].length);
    if (!taken(cue) && content)
      claims.push({ source: { start: nameStart, end: cueStart }, cue, content: [content], time: null, sentence: -1 });
  }
  // The headline: a name and a colon give what it said, a news convention. Not a label ("The Latest: …"), nor one
  // in capitals, which the transcript pattern reads.
  const headline = HEADLINE_SPEAKER.exec(text);
  if (headline && !/^(?:The|A|An)\s/u.test(headline[1]!) && headline[1] !== headline[1]!.toUpperCase()) {
    const cueStart = headline[1]!.length;
    const cue = { start: cueStart, end: cueStart + 1 };
    const content = trimSpan(text, cueStart + 1, headline[0].length);
    if (!taken(cue) && content)
      claims.push({ source: { start: 0, end: cueStart }, cue, content: [content], time: null, sentence: -1 });
  }
  return claims;
}

/** Attributed claims of a text: source, cue, stance, content, speech time, nesting, resolved source. */
export function findClaims(text: string, options: FindClaimsOptions = {}): Claim[] {
  const sentences = options.sentences ?? splitSentences(text);
  const raw = findRawClaims(text, sentences).sort((a, b) => a.cue.start - b.cue.start);
  const claims: Claim[] = raw.map((r, i) => {
    const first = r.content[0]!;
    const last = r.content[r.content.length - 1]!;
    const content = textSpan(text, first.start, last.end);
    const cue = textSpan(text, r.cue.start, r.cue.end);
    const cueForms = cue.text.toLowerCase().split(/\s+/u);
    const time: TemporalExpression | null = r.time
      ? // The value is left for the temporal stage, which owns normalisation; integration fills it.
        { ...textSpan(text, r.time.start, r.time.end), type: 'DATE', value: '' }
      : null;
    return {
      id: `c${i}`,
      source: r.source ? textSpan(text, r.source.start, r.source.end) : null,
      sourceEntity: null,
      cue,
      stance: stanceOf(
        cueForms.map((f) => normaliseForm(f, model, frequent)),
        content.text,
      ),
      content,
      contentParts: r.content.length > 1 ? r.content.map((p) => textSpan(text, p.start, p.end)) : undefined,
      time,
      parent: null,
    } satisfies Claim;
  });
  // Nesting: a claim whose cue lies inside another claim's content is part of what that claim says. When each
  // holds the other's cue ("X had told them that A, the source added"), the one told after the fact holds.
  const holds = (outer: Claim, inner: Claim) =>
    (outer.contentParts ?? [outer.content]).some((p) => p.start <= inner.cue.start && inner.cue.end <= p.end);
  const size = (c: Claim) => c.content.end - c.content.start;
  for (const claim of claims) {
    let best: Claim | null = null;
    for (const other of claims) {
      if (other === claim || !holds(other, claim)) continue;
      if (holds(claim, other) && other.cue.start < claim.cue.start) continue;
      if (!best || size(other) < size(best)) best = other;
    }
    claim.parent = best?.id ?? null;
  }
  resolveSources(text, claims, options.entities, {
    sentences: sentences.map(({ start, end }) => ({ start, end })),
    quotes: quoteRegions(text),
  });
  return claims;
}
