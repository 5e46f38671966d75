/**
 * The shapes fusion produces: plain JSON-able data, so that the store can persist a `StoryFusion` and the server,
 * the digest and the CLI render it without recomputing.
 */
import type { Relation } from '../cluster/relations.ts';
import type { Analysis, Document, Observation, PublishedAt, Stance, TemporalExpression, TextSpan } from '../model.ts';

export interface FuseInput {
  /** The story's id, when it has one (the store's); echoed in the output. */
  storyId?: string;
  documents: { document: Document; analysis: Analysis }[];
  /** Document relations among them (from `src/cluster`): copies and rewrites are not independent. */
  relations: Relation[];
  /** Analyst observations linked to the story (or candidates: unmatched ones are reported, not used). */
  observations: Observation[];
}

/** How precise an event date is: the calendar unit, or a named part of one ("early November"). */
export type EventPrecision = 'year' | 'month' | 'early-month' | 'week' | 'weekend' | 'day' | 'part-of-day' | 'time';

export interface EventDate {
  /** TIMEX3 value as resolved (`2022-11-04`, `2022-11`, `2024-W10`, `2024-03-10TMO`). */
  value: string;
  /** First and last calendar day the value covers (`YYYY-MM-DD`). */
  start: string;
  end: string;
  precision: EventPrecision;
  /** The words the date was read from ("on Friday", "the beginning of November"). */
  text: string;
  documentId: string;
}

/** Who first knew a fact. Outlets only carry it, unless they are the only origin there is. */
export interface Origin {
  id: string;
  name: string;
  kind: 'named' | 'unnamed' | 'outlet' | 'observation';
  /**
   * Origins of one group are not independent of each other (the same government's ministries and spokespeople, a
   * person and their organisation). Corroboration counts groups.
   */
  group: string;
  /** Why the group: "Kaldoria government (ministry)", "own origin". */
  groupReason: string;
  /** Speakers seen for it ("Irena Vassel, Foreign Ministry spokeswoman"). */
  speakers: string[];
}

export type MentionStance = Stance | 'states' | 'observes' | 'contradicts';

/** How a mention's origin was decided. */
export type OriginBasis =
  /** An attributed claim names it. */
  | 'attributed'
  /** An unattributed statement of a fact that other reports attribute: the outlet carries that origin. */
  | 'carried'
  /** An unattributed statement in a copy or rewrite of a document that states the fact: the original's origin. */
  | 'copied'
  /** An unattributed statement nobody attributes: the outlet itself is the origin. */
  | 'outlet'
  /** An unnamed source ("an official") in a fact a named origin reports: not counted as a second origin. */
  | 'folded'
  | 'observation';

export interface Mention {
  id: string;
  /** The document, or `observation:ID` for an analyst's observation. */
  documentId: string;
  /** The statement's sentence (a span of the document's text). */
  sentence: TextSpan;
  /** The proposition's own words: a claim's content, or the sentence. */
  content: TextSpan;
  /** The outlet that published the document (or the analyst). */
  outlet: { id: string; name: string };
  origin: string;
  originBasis: OriginBasis;
  /** The source as the text names it ("the site's analysts"), when attributed. */
  sourceText: string | null;
  /** Who relayed it, for nested reports ("CNN reported that the U.S. had accused …"). */
  via: string | null;
  stance: MentionStance;
  claimId: string | null;
  /** Entity ids the proposition is about (not its source). */
  entities: string[];
  /** Content terms (concepts and stems) used to align it. */
  terms: string[];
  /** Dates of the event, in the proposition's own words. */
  dates: EventDate[];
  /** When it was said ("accused on Tuesday"), when the text says: the fact's date only when no event date is given. */
  spokenAt: EventDate[];
  quantities: { value: number; unit: string; text: string }[];
  /**
   * Who does what the statement says, when its wording names one: the subject entity ("Kaldorian drones struck …"),
   * or the agent of a passive ("… was struck by Kaldorian drones"). Absent in fusions stored before it existed.
   */
  actor?: string | null;
  /** Places the statement names as where it happens ("at Pier 4", "in the port of Quessa"). */
  where?: string[];
}

/** What sources disagree on in a `contradicted` fact. */
export type Disagreement = 'count' | 'date' | 'place' | 'actor' | 'observation';

export type FactStatus = 'corroborated' | 'single-origin' | 'disputed' | 'contradicted' | 'hedged';

export interface FactVariant {
  /** The value the variant gives (`12`, `2024-03-11`, or the observed state). */
  value: string;
  origins: string[];
  mentions: string[];
}

export interface Fact {
  id: string;
  kind: 'event' | 'quantity';
  /** A representative wording (from the earliest report that states it). */
  statement: string;
  status: FactStatus;
  /** The status spelled out: which independent origins, who denies, which variants. */
  reason: string;
  date: EventDate | null;
  /** Timeline period: the news of the story's days, earlier context, or background from months and years before. */
  period: TimelinePeriod | null;
  entities: string[];
  mentions: Mention[];
  /** Origin ids that support it, and the independent groups they make. */
  origins: string[];
  independentOrigins: number;
  /** For `disputed`: who puts it forward, who denies it (origin ids). */
  supportedBy: string[];
  deniedBy: string[];
  /** For `contradicted`: the values the sources disagree on. */
  variants: FactVariant[];
  /** For `contradicted`: what the variants disagree on (absent in fusions stored before it existed). */
  disagreeOn?: Disagreement | null;
  outlets: string[];
  documents: string[];
}

export type TimelinePeriod = 'news' | 'earlier' | 'background';

export interface TimelineEntry {
  date: EventDate;
  period: TimelinePeriod;
  /**
   * The facts of the day. `event: 'denial'` marks a denial dated apart from the fact it denies ("in September, X
   * denied …"): its statement reads "X denied: …"; absent for the fact's own date.
   */
  facts: { id: string; statement: string; status: FactStatus; event?: 'denial' }[];
  /** Outlets and origins behind the entry's facts. */
  outlets: string[];
  origins: string[];
}

export interface ResolvedDate {
  text: string;
  start: number;
  end: number;
  /** The symbolic value before resolution (`XXXX-WXX-5`). */
  symbolic: string;
  value: string;
  /** Other values the expression takes elsewhere in the inferred range, when it is not one day. */
  alternatives: string[];
}

export interface InferredPublication {
  documentId: string;
  publishedAt: PublishedAt;
  /** The days the evidence allows, inclusive; `publishedAt.value` is the earliest. */
  range: { earliest: string; latest: string };
  reasons: string[];
  resolved: ResolvedDate[];
}

export interface BriefItem {
  factId: string;
  statement: string;
  status: FactStatus;
  reason: string;
  date: string | null;
  origins: string[];
  outlets: string[];
}

export interface Brief {
  title: string;
  lead: string;
  corroborated: BriefItem[];
  singleOrigin: BriefItem[];
  disputed: BriefItem[];
  contradicted: BriefItem[];
  openQuestions: BriefItem[];
}

export interface StoryFusion {
  storyId: string | null;
  documents: {
    id: string;
    title: string;
    outlet: string;
    publishedAt: PublishedAt;
    /** Copy relations that make it dependent on another document. */
    copies: { of: string; type: string }[];
  }[];
  origins: Origin[];
  outlets: { id: string; name: string; documents: number }[];
  facts: Fact[];
  timeline: TimelineEntry[];
  inferredDates: InferredPublication[];
  observations: { id: string; matched: string[]; stance: 'observes' | 'contradicts' | null; score: number }[];
  /** The documents' dates after inference (`TemporalExpression`s with resolved values), by document id. */
  dates: Record<string, TemporalExpression[]>;
  brief: Brief;
}
