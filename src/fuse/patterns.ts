/**
 * Vocabularies and thresholds of the fusion stage, kept apart from the logic so they can be tuned and extended
 * without touching the algorithms.
 */

import { CARDINAL_WORDS } from '../analyse/text/numbers.ts';
import type { Stance } from '../model.ts';

/** Function words and reporting verbs: they say nothing about which proposition a sentence states. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor of to in on at by for from with without into onto over under about above below after ' +
    'before since until during as than then that this these those there here it its it’s he she they we you i him ' +
    'her them us his their our your my me is are was were be been being am has have had having do does did done ' +
    'will would shall should can could may might must not no yes so such very also only just even still yet more ' +
    'most less least much many some any all each every both either neither other another own same which who whom ' +
    'whose what when where why how if while because though although however whether one ones said says say ' +
    'saying told tell tells according added adds add reported reports report stated states claimed claims ' +
    'confirmed confirms announced announces believed believes believe noted notes explained statement ' +
    'st nd rd th mr mrs ms dr just like via per up out off down again further once around ' +
    // Calendar words: dates are compared as resolved values, not as words.
    'monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week weeks month months ' +
    'year years day days morning afternoon evening night earlier later last next ago january february march april ' +
    'june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(/\s+/),
);

/**
 * Words that mean the same thing in news about transfers, sightings and cargo, mapped to one concept, so that
 * "arms sales" and "supplying artillery shells" or "spotted" and "was seen" share terms. A translated rewrite
 * rewords everything; these classes carry the alignment where the words differ.
 */
export const CONCEPTS: Record<string, readonly string[]> = {
  weapon: [
    'arm',
    'arms',
    'weapon',
    'artillery',
    'shell',
    'ammunition',
    'ammunitions',
    'munition',
    'drone',
    'missile',
    'rifle',
    'military',
  ],
  transfer: [
    'supply',
    'supplying',
    'sale',
    'sell',
    'selling',
    'send',
    'sending',
    'deliver',
    'delivery',
    'ship',
    'shipping',
    'shipment',
    'load',
    'loading',
    'carry',
    'carrying',
    'transport',
    'transfer',
  ],
  sight: [
    'spot',
    'spotted',
    'see',
    'seen',
    'saw',
    'observe',
    'observed',
    'photograph',
    'photographed',
    'show',
    'showed',
    'shown',
    'monitor',
    'monitored',
    'capture',
    'captured',
    'image',
    'imagery',
    'photo',
    'picture',
  ],
  vessel: ['vessel', 'ship', 'freighter', 'boat'],
  berth: ['berth', 'berthed', 'moor', 'moored', 'dock', 'docked', 'pier', 'quay'],
  depart: ['leave', 'left', 'depart', 'departed', 'departure', 'sail', 'sailed'],
  arrive: ['arrive', 'arrived', 'reach', 'reached', 'arrival'],
  cross: ['cross', 'crossing', 'pass', 'passing', 'travel', 'traveling', 'travelling', 'journey', 'movement'],
  rail: ['rail', 'railway', 'train', 'line', 'route', 'link', 'road'],
  border: ['border', 'frontier', 'cross-border'],
  close: ['close', 'closed', 'shut', 'closure'],
  resume: ['resume', 'resumption', 'reopen', 'restart'],
  satellite: ['satellite', 'orbit', 'orbital'],
  inspect: ['inspect', 'inspection', 'search', 'open', 'examine'],
  transponder: ['transponder', 'ais', 'signal', 'tracking', 'dark'],
};

/** "the two countries", "both nations": the story's two parties (linked to its two most-named countries). */
export const TWO_PARTIES = /\b(?:the two|both) (?:countries|nations|states|sides|governments|neighbours|neighbors)\b/i;

/** A wire dateline opening a report ("PORT ORLAN, March 11 (Meridian Wire) - "): its date is the report's, not an event's. */
export const DATELINE = /^[A-Z][A-Z .'-]+(?:,[^(\n]{0,30})? \([^)]{2,40}\) [-–—] /u;

/**
 * A source named as the provider of evidence in a sentence without a speech cue: "Kestrel Orbital's satellite images
 * show", "images from Kestrel Orbital", "X and the port authority agree that".
 */
export const EVIDENCE_AFTER =
  /^(?:['’]s?\s+(?:own\s+|new\s+|latest\s+)?(?:satellite\s+|commercial\s+)?(?:images?|imagery|photographs?|photos?|pictures?|data|figures?|count|records?|registry|tracking|statement)\b|\s+(?:and\s+[^.;]{0,60}\s+)?(?:agree|agreed|counted|showed|shows|show|confirmed|confirms)\b)/iu;
export const EVIDENCE_BEFORE =
  /\b(?:images?|imagery|photographs?|photos?|pictures?|data|figures?|records?)\s+(?:from|by|of|published by|released by)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$/iu;

/** Number words, for "fourteen containers" ↔ "14 containers". */
export const NUMBER_WORDS: Readonly<Record<string, number>> = CARDINAL_WORDS;

/** Units that make a number a time span or a clock reading, not a count that outlets could disagree on. */
export const NON_COUNT_UNITS: ReadonlySet<string> = new Set(
  (
    'year years month months week weeks day days hour hours minute minutes second seconds percent per cent ' +
    'gmt utc am pm a.m p.m times time o’clock local and or of in on at the to a'
  ).split(/\s+/),
);

/** Stances that put a proposition forward as true (speech acts of support). */
export const SUPPORTING_STANCES: ReadonlySet<Stance | 'observes'> = new Set([
  'asserts',
  'confirms',
  'accuses',
  'reports',
  'announces',
  'observes',
]);

/** Stances that only hold a proposition possible or say it cannot be settled: an open question. */
export const HEDGING_STANCES: ReadonlySet<string> = new Set(['believes', 'cannot-determine']);

/** Phrases of an unattributed sentence that leave it open ("it was not clear whether …"). */
export const HEDGE_PHRASES =
  /\b(?:impossible to (?:determine|say|tell)|could not (?:be )?(?:determined|confirmed|verified|established|say)|can ?not be (?:determined|confirmed)|(?:was|is|remains) (?:not clear|unclear)|remains an open question|unknown)\b/i;

/** An analyst's observation that says a reported statement is wrong. */
export const OBSERVATION_CONTRADICTS =
  /\b(?:contradicts?|refutes?|inconsistent with|no sign of|not (?:present|there)|absent)\b/i;

/** Words that make an organisation a state body: its origin is its country's government. */
export const GOVERNMENT_WORDS =
  /\b(?:ministry|ministery|minister|government|department|military|army|customs|embassy|president|presidency|cabinet|white house|pentagon|kremlin|foreign office|coast guard|navy|authorities)\b/i;

/** Named bodies that are one government whatever their name says (`org:` ids from the gazetteer). */
export const GOVERNMENT_OF: Record<string, string> = {
  'org:us-state-department': 'USA',
  'org:white-house': 'USA',
  'org:pentagon': 'USA',
  'org:us-department-of-defense': 'USA',
};

/**
 * What between two place names makes them one location, one inside or beside the other: "Pier 4 in Port Orlan",
 * "Quessa, Ambrel", "the Ambrelian port city of Quessa", "Dravenia's Port Orlan", "between Tumangang and Khasan".
 */
export const PLACE_LINK =
  /^\s*(?:['’]s|,|in|at|near|outside|off|of|on|inside|by|and|to|[-–—/])?\s*(?:the\s+)?(?:(?:port|city|town|village|province|region|district|island|harbou?r|capital|border|coast|county|state)\s+){0,2}(?:of\s+|in\s+)?$/i;

/**
 * What stands before a place named as where something is or happens: "in", "at", "near", "off the coast of", "in the
 * Ambrelian port of". Places after "from" or "to" are a route's ends, not a location sources could disagree on.
 */
export const LOCATIVE_BEFORE = /\b(?:in|at|near|outside|off|inside)\s+(?:the\s+)?(?:[\p{Ll}-]+\s+){0,3}(?:of\s+)?$/u;

/** Alignment thresholds (similarity of two mentions, 0..1-ish). */
export const ALIGN = {
  /** Least similarity for two statements to be one fact. */
  join: 0.34,
  /** Least similarity for a denial to attach to the fact it denies. */
  denial: 0.18,
  /** Least similarity for a belief to join a fact others assert or deny, and the bonus when its side asserts it. */
  belief: 0.25,
  sameSideBonus: 0.1,
  /** Least similarity (without dates) of two wordings that disagree on a date, place or actor to be one statement. */
  disagreement: 0.65,
  /** Least similarity of two statements giving different counts of one noun to be counts of one thing. */
  countDisagreement: 0.4,
  /** Weight of shared entities against shared content terms. */
  entityWeight: 0.35,
  /** Bonus for one resolved day shared; penalty for different days of day precision. */
  dayBonus: 0.2,
  dayPenalty: 0.3,
  /** Two sentences of one document. */
  sameDocumentPenalty: 0.15,
  /** A shared number (value and unit). */
  numberBonus: 0.3,
  /** Fewer content terms than this and a sentence is not a statement of fact (headline fragments, sign-offs). */
  minTerms: 3,
};

/** Observation matching: least score for an observation to support a fact or belong to a story. */
export const OBSERVATION = {
  factMin: 0.3,
  storyMin: 0.2,
};

/**
 * The news window of a story starts this many days before its first publication date: events dated before it are
 * background; events that begin before it but reach into it ("at the beginning of November") are earlier context.
 */
export const NEWS_WINDOW_DAYS_BEFORE = 2;

/** How far around a dated fact an undated document's publication date is searched for (days). */
export const INFERENCE_SEARCH_DAYS = 45;

/** Events that ended more than this many days before the story's first report are background, not recent context. */
export const BACKGROUND_DAYS = 21;
