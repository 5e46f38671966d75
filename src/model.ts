/**
 * The document model: the one set of types every stage reads and writes.
 *
 * ingest produces `Document`s (and `Observation`s); analyse adds an `Analysis` to each document; cluster and fuse
 * read both. Every annotation is a span of character offsets into `Document.text` (the clean text), so any answer
 * the product gives can be traced back to the sentence it came from. Offsets are UTF-16 indices (JavaScript string
 * indices), 0-based and end-exclusive.
 */

/** A half-open range `[start, end)` of UTF-16 offsets into a document's clean text. */
export interface Span {
  start: number;
  end: number;
}

/** A span together with the text it covers (kept so JSON output reads without the document at hand). */
export interface TextSpan extends Span {
  text: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Sources

/** Who published or supplied a document: an outlet (web site, agency), a feed, or an analyst. */
export type SourceKind = 'outlet' | 'feed' | 'analyst';

export interface Source {
  /** Stable id derived from the normalised name or host, e.g. `kyivindependent.com` or `file:seeds`. */
  id: string;
  name: string;
  kind: SourceKind;
  url: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents

/** How precise a date or time value is. */
export type DatePrecision = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

/**
 * Where a publication date came from:
 * - `stated`: a date line in the article text ("5 November 2022, 01:33 PM");
 * - `metadata`: page or feed metadata (`article:published_time`, JSON-LD, `<pubDate>`, a record field);
 * - `inferred`: reasoned from other documents of the story (fusion);
 * - `unknown`: none found; `value` is null.
 */
export type DateOrigin = 'stated' | 'metadata' | 'inferred' | 'unknown';

export interface PublishedAt {
  /** ISO 8601 local value truncated to `precision`, e.g. `2022-11-05T13:33` or `2022-11-05`; null when unknown. */
  value: string | null;
  precision: DatePrecision | null;
  origin: DateOrigin;
  /** The text the value was read from, when there was one. */
  evidence?: string;
}

/** Why a piece of the input is not part of the article. */
export type RemovalReason =
  | 'date-line'
  | 'caption'
  | 'photo-credit'
  | 'social-prompt'
  | 'newsletter-prompt'
  | 'video-prompt'
  | 'read-more'
  | 'related-links'
  | 'navigation'
  | 'advertisement'
  | 'byline'
  | 'recurring-line'
  | 'page-chrome';

/** A piece of the input that was removed from the clean text, kept so that nothing is lost. */
export interface RemovedSpan {
  text: string;
  reason: RemovalReason;
  /** The rule or pattern that decided it, for "why was this removed?". */
  rule: string;
}

/** The input as it was received, kept verbatim. */
export interface RawInput {
  /** File path or URL the input came from (for a feed item: the feed's, with `#item-N`). */
  location: string;
  format: InputFormat;
  mediaType: string | null;
  /** The decoded input text (HTML, plain text, or the feed item's XML/JSON). */
  content: string;
}

export type InputFormat = 'text' | 'markdown' | 'html' | 'rss' | 'atom' | 'json-feed' | 'json-record';

export interface Document {
  /** 16 hex digits of the SHA-256 of the normalised title and clean text: the same content gives the same id. */
  id: string;
  url: string | null;
  source: Source;
  title: string;
  byline: string | null;
  publishedAt: PublishedAt;
  /** ISO 639-3 code from the language detector (`eng`), mapped to ISO 639-1 where one exists (`en`); `und` if unsure. */
  language: string;
  /** The clean article text: paragraphs separated by a blank line. All annotation offsets point into it. */
  text: string;
  paragraphs: Span[];
  removed: RemovedSpan[];
  raw: RawInput;
  /** When this process ingested it (ISO 8601 UTC). */
  ingestedAt: string;
}

/** One stored version of the content found at a URL: same URL, changed content, both kept. */
export interface DocumentVersion {
  url: string;
  documentId: string;
  /** 1 for the first content seen at the URL. */
  version: number;
  seenAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Observations: an analyst's own sightings, which take part in fusion as origins.

export interface Observation {
  id: string;
  place: string;
  lat?: number;
  lon?: number;
  /** A point in time, or the window `observedFrom`..`observedTo` when the exact time is unknown. */
  observedAt?: string;
  observedFrom?: string;
  observedTo?: string;
  description: string;
  imageRef?: string;
  imageSha256?: string;
  analyst: string;
  /** 0..1, the analyst's own confidence in the sighting. */
  confidence?: number;
  /** Story the analyst linked it to, when they did. */
  storyId?: string;
  createdAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis: the language layer's annotations of one document's clean text.

export type EntityType = 'person' | 'organisation' | 'place' | 'other';

export interface EntityMention extends TextSpan {
  /** How the mention was linked: `exact`, `alias`, `fuzzy` (typo-robust), `partial-name` ("Kirby" → "John Kirby"). */
  match?: string;
}

/** A title or role held by an entity in the text: "White House national security spokesman" for John Kirby. */
export interface EntityRole extends TextSpan {
  /** The organisation the role belongs to, when named ("White House"). */
  organisation: string | null;
}

export interface Entity {
  /** Canonical id: gazetteer key (`country:PRK`, `org:us-state-department`) or `person:john-kirby`. */
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  mentions: EntityMention[];
  roles: EntityRole[];
}

export type TimexType = 'DATE' | 'TIME' | 'DURATION' | 'SET';

/**
 * How a relative temporal expression relates to the publication date (the anchor), so that it can be resolved once
 * a date is known (`resolveTemporalExpression`). `unit` is either
 * - a calendar unit (`day`, `week`, `month`, `quarter`, `half`, `year`, `decade`, `century`), with `amount` the
 *   number of units away for `offset` ("yesterday" −1 day, "next year" +1); `same` is the anchor's own unit
 *   ("today", "this week"); or
 * - a calendar field whose value is `amount`: `weekday` (1 = Monday … 7 = Sunday: "Friday" in a past clause is
 *   `{ relation: 'before', unit: 'weekday', amount: 5 }`), `month-of-year` (1–12), `day-of-year` (month × 100 + day:
 *   1104 = 4 November), `quarter-of-year` (1–4), `half-of-year` (1–2), `season` (1 spring … 4 winter),
 *   `reporting-quarter-in-year` (the year: "the 1988 quarter" is the quarter before the anchor's, in 1988), and
 *   `weekend` and `thanksgiving` (no value). Relations: `same` is the field within the anchor's week or year ("this
 *   September"); `offset` the field in the week or year `shift` away ("June last year": shift −1); `before` / `after`
 *   the latest field at or before the anchor (a past clause: "said Friday", "in September") or the earliest at or
 *   after it (a future clause), `strict` excluding the anchor's own ("last Friday", "next April"); `nearest` the
 *   occurrence closest to the anchor, the side opposite to `lean` counting 1.5 times as far ("Nov. 25" in a January
 *   report is last November's, "Feb. 1" in an October one the next).
 * `suffix` is appended to the value: a part of day (`TMO`, `TAF`, `TEV`, `TNI`) or a clock time (`T18:30`).
 */
export interface TemporalAnchor {
  relation: 'same' | 'before' | 'after' | 'offset' | 'nearest';
  unit: string;
  amount?: number;
  /** For calendar fields with `offset`: how many weeks (weekday) or years (other fields) away. */
  shift?: number;
  strict?: boolean;
  /** For `nearest`: the tense of the clause, which favours the occurrence on its side of the anchor. */
  lean?: 'past' | 'future';
  suffix?: string;
}

export interface TemporalExpression extends TextSpan {
  type: TimexType;
  /**
   * TIMEX3 value (`2022-11-04`, `2022-09`, `2022-W44`, `P3Y`, `PAST_REF`, `XXXX-WXX-5` …). Without a publication
   * date, relative expressions keep a symbolic value (`XXXX-WXX-5`, `XXXX-09`, `XXXX-XX-XX`) and `anchor` says how
   * to resolve them.
   */
  value: string;
  /** Set on relative expressions (resolved or not); null or absent on absolute ones ("Sept. 2022", "P3Y"). */
  anchor?: TemporalAnchor | null;
  rule?: string;
}

export interface Quantity extends TextSpan {
  /** The number (30), or null where the amount is vague ("a 'significant' amount"). */
  value: number | null;
  /** What it counts, as written and lemmatised lightly ("horses", "short-range ballistic missiles"). */
  unit: string;
  /** Qualifiers such as `approximate` ("nearly", "about") or the vague word itself ("significant"). */
  qualifier?: string | null;
}

/** What a speech or cognition cue commits the source to. */
export type Stance =
  | 'asserts'
  | 'confirms'
  | 'denies'
  | 'believes'
  | 'accuses'
  | 'reports'
  | 'announces'
  | 'cannot-determine';

export interface Claim {
  /** Position of the claim in the document's claim list, as a string id (`c0`, `c1` …). */
  id: string;
  source: TextSpan | null;
  /** Entity id the source resolves to, through descriptions and pronouns where possible. */
  sourceEntity: string | null;
  cue: TextSpan;
  stance: Stance;
  content: TextSpan;
  /**
   * The fragments of the content when it is not one run of text: a quotation carried on after "he said" or into
   * the next paragraph. `content` then spans from the first fragment to the last. Absent for one-piece content.
   */
  contentParts?: TextSpan[];
  /** When the speech act happened ("said Wednesday"), when the text says. */
  time: TemporalExpression | null;
  /** Id of the claim this one is nested in ("CNN reported that the U.S. had accused …"). */
  parent: string | null;
}

export interface Sentence extends Span {}

export interface Analysis {
  sentences: Sentence[];
  entities: Entity[];
  dates: TemporalExpression[];
  quantities: Quantity[];
  claims: Claim[];
}

/** Cut a `TextSpan` out of a text. */
export function textSpan(text: string, start: number, end: number): TextSpan {
  return { start, end, text: text.slice(start, end) };
}
