/**
 * Word lists of the claim finder, apart from its logic. All lower-case.
 */
import type { Stance } from '../../model.ts';

/** Cue stem → stance; anything else is `asserts`. Stems as `stem()` in cues.ts produces them. */
export const STANCE_BY_STEM: Record<string, Stance> = {
  confirm: 'confirms',
  acknowledg: 'confirms',
  acknowledge: 'confirms',
  admit: 'confirms',
  admitt: 'confirms',
  verifi: 'confirms',
  verify: 'confirms',
  deny: 'denies',
  deni: 'denies',
  reject: 'denies',
  dismiss: 'denies',
  disput: 'denies',
  dispute: 'denies',
  refut: 'denies',
  refute: 'denies',
  believe: 'believes',
  believ: 'believes',
  think: 'believes',
  thought: 'believes',
  assess: 'believes',
  estimate: 'believes',
  estimat: 'believes',
  suspect: 'believes',
  expect: 'believes',
  fear: 'believes',
  feel: 'believes',
  felt: 'believes',
  consider: 'believes',
  conclud: 'believes',
  conclude: 'believes',
  judg: 'believes',
  judge: 'believes',
  accus: 'accuses',
  accuse: 'accuses',
  alleg: 'accuses',
  allege: 'accuses',
  blam: 'accuses',
  blame: 'accuses',
  charg: 'accuses',
  charge: 'accuses',
  report: 'reports',
  reveal: 'reports',
  disclos: 'reports',
  disclose: 'reports',
  show: 'reports',
  shown: 'reports',
  found: 'reports',
  learn: 'reports',
  learned: 'reports',
  announc: 'announces',
  announce: 'announces',
  declar: 'announces',
  declare: 'announces',
  unveil: 'announces',
  proclaim: 'announces',
};

/** Content openings that say the source cannot tell ("it is impossible to determine …"). */
export const CANNOT_DETERMINE =
  /^(?:that\s+)?(?:it\s+(?:is|was|remains|remained)\s+(?:still\s+)?(?:impossible|unclear|not\s+clear|not\s+possible|too\s+early)\b|(?:it|they|we|he|she)\s+(?:could|can|cannot|can't|couldn't)\s*(?:not\s+)?(?:determine|tell|say|confirm)\b)|\b(?:could|can|cannot)\s*(?:not\s+)?be\s+(?:determined|established|confirmed|verified)\b/iu;

/** Sentences with no cue that still state that something cannot be told: "It is unclear whether …". */
export const SOURCELESS_CANNOT_DETERMINE =
  /\b(?:it\s+(?:is|was|remains|remained)\s+(?:still\s+)?(?:unclear|not\s+clear|impossible\s+to\s+(?:determine|say|tell|know))|(?:could|can)\s*not\s+be\s+(?:determined|established|confirmed|verified)|cannot\s+be\s+(?:determined|established|confirmed|verified))\b/iu;

/** Words between a source and its cue that belong to neither: "has also said", "later told". */
export const AUXILIARIES = new Set([
  'has',
  'have',
  'had',
  'also',
  'previously',
  'later',
  'earlier',
  'repeatedly',
  'then',
  'recently',
  'again',
  'publicly',
  'privately',
  'never',
  'not',
  'did',
  'does',
  'do',
  'will',
  'would',
  'could',
  'may',
  'might',
  'can',
  'should',
  'is',
  'was',
  'are',
  'were',
  'been',
  'be',
  'reportedly',
  'allegedly',
  'often',
  'once',
  'already',
  'first',
  'still',
  'even',
  'now',
  'just',
  'openly',
  'flatly',
  'firmly',
  'further',
  'separately',
  'subsequently',
  'initially',
  'ultimately',
  'finally',
  'last',
  'all',
  'both',
]);

/** Words that open a clause: a source found by walking back from a cue stops before them. */
export const CLAUSE_OPENERS = new Set([
  'and',
  'but',
  'or',
  'nor',
  'while',
  'whereas',
  'as',
  'because',
  'that',
  'when',
  'after',
  'before',
  'although',
  'though',
  'since',
  'if',
  'unless',
  'so',
  'where',
  'yet',
  'until',
  'whether',
  'than',
  'once',
  'meanwhile',
  'however',
  'instead',
  'also',
  'earlier',
  'later',
  'now',
  'then',
  'still',
]);

/** Relative pronouns: "X, who …, said" and "the site that monitors …, said". */
export const RELATIVES = new Set(['who', 'which', 'whose', 'whom', 'that']);

/** Time words after a cue ("said Wednesday", "announced today"). */
export const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
export const DEICTIC_DAYS = new Set(['today', 'yesterday', 'tonight', 'tomorrow']);
export const DAY_PARTS = new Set(['morning', 'afternoon', 'evening', 'night']);
export const MONTHS = new Set([
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan.',
  'feb.',
  'mar.',
  'apr.',
  'jun.',
  'jul.',
  'aug.',
  'sep.',
  'sept.',
  'oct.',
  'nov.',
  'dec.',
]);

/** Phrases after a cue that say how or where it was said; skipped before the content. */
export const MANNER_PHRASES = [
  /^in\s+(?:a|an|the|his|her|their|its|an\s+exclusive)\s+(?:written\s+|joint\s+|brief\s+|separate\s+|short\s+|new\s+|phone\s+|televised\s+|recent\s+)?(?:statement|interview|tweet|post|letter|speech|email|e-mail|press release|memo|report|briefing|blog post|op-ed|video|remarks)\b/iu,
  /^on\s+(?:twitter|facebook|instagram|television|tv|cnn|fox news|msnbc|air)\b/iu,
  /^(?:in|at|during)\s+a\s+(?:news|press)\s+conference\b/iu,
  /^(?:to|told)\s+(?:reporters|journalists|the\s+press)\b/iu,
];

/** Nouns that describe an organisation or outlet ("the site", "the agency"), for resolving descriptions. */
export const DESCRIPTOR_NOUNS = new Set([
  'site',
  'website',
  'web',
  'agency',
  'ministry',
  'department',
  'newspaper',
  'paper',
  'outlet',
  'broadcaster',
  'network',
  'channel',
  'group',
  'organisation',
  'organization',
  'company',
  'firm',
  'institute',
  'think-tank',
  'tank',
  'office',
  'military',
  'army',
  'government',
  'administration',
  'report',
  'study',
  'monitor',
  'project',
  'publication',
  'magazine',
  'daily',
  'service',
]);

/** Person titles and roles ahead of a name: "White House national security spokesman John Kirby". */
export const ROLE_WORDS = new Set([
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'speaker',
  'secretary',
  'minister',
  'president',
  'director',
  'chief',
  'senator',
  'sen.',
  'rep.',
  'gov.',
  'governor',
  'gen.',
  'general',
  'brig.',
  'col.',
  'lt.',
  'adm.',
  'admiral',
  'ambassador',
  'analyst',
  'official',
  'officer',
  'mr.',
  'mrs.',
  'ms.',
  'dr.',
  'professor',
  'prof.',
  'leader',
  'chairman',
  'chairwoman',
  'commander',
  'coordinator',
  'adviser',
  'advisor',
  'head',
  'mayor',
  'candidate',
  'nominee',
  'researcher',
  'expert',
  'reporter',
  'correspondent',
  'editor',
  'founder',
  'ceo',
]);

/** Personal pronouns that may stand for an earlier source. */
export const SOURCE_PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'him', 'her', 'them']);

/**
 * Reporting verbs (stems) that are cues whenever a "that"-clause or a colon follows them: the learned model is
 * unsure of some of them in unfamiliar contexts ("stated that", "believes that" inside a quoted clause).
 */
export const CORE_CUE_STEMS = new Set([
  'said',
  'say',
  'stat',
  'state',
  'claim',
  'believ',
  'believe',
  'think',
  'thought',
  'confirm',
  'deny',
  'deni',
  'report',
  'announc',
  'announce',
  'reveal',
  'accus',
  'accuse',
  'alleg',
  'allege',
  'insist',
  'argu',
  'argue',
  'warn',
  'not',
  'note',
  'explain',
  'suggest',
  'estimat',
  'estimate',
  'assess',
  'conclud',
  'conclude',
  'acknowledg',
  'acknowledge',
  'admit',
  'admitt',
  'declar',
  'declare',
  'add',
  'ad',
  'told',
  'tell',
  'writ',
  'write',
  'wrote',
  'assert',
  'maintain',
  'predict',
  'indicat',
  'indicate',
  'disclos',
  'disclose',
  'contend',
  'suspect',
  'fear',
  'hop',
  'hope',
  'expect',
]);

/** Verb forms that take a bare clause ("believes North Korea is …"): cues between a name and a clause. */
export const BARE_CLAUSE_CUES = new Set([
  'believes',
  'believed',
  'thinks',
  'thought',
  'says',
  'said',
  'claims',
  'claimed',
  'assesses',
  'assessed',
  'estimates',
  'estimated',
  'suspects',
  'suspected',
  'insists',
  'insisted',
  'fears',
  'feared',
  'confirmed',
  'confirms',
  'denies',
  'warned',
  'warns',
  'argues',
  'argued',
]);

/**
 * Closed-class words: never the head of a cue. In PolNeAR they are often inside one ("has said", "called for",
 * "said in a statement"), which makes them frequent in the cue lexicon, but a cue is found by its verb or noun;
 * leaving them out of the candidates keeps the classifier fast and its decisions on content words.
 */
export const CLOSED_CLASS = new Set(
  (
    'a an the to of in for on at by from with about as into onto over under up out off than that this these those ' +
    "it its it's his her their our my your he she they we i you him them us me is was are were be been being am " +
    'has have had do does did will would shall should can could may might must not no also so and or but if ' +
    'all more most some any such very just even only still again then there here what which who whom whose how ' +
    "'s ’s"
  ).split(' '),
);

/** Auxiliaries and adverbs that PolNeAR counts as part of the cue they precede ("has also said", "never denied"). */
export const CUE_MODIFIERS = new Set(
  (
    'has have had also not would will is was are were been be being could may might should can did does do never ' +
    'later then previously repeatedly reportedly often publicly privately again already still further once first ' +
    "n't"
  ).split(' '),
);

/**
 * Verbs that put out a thing (stems as `stem()` gives them): a cue only when the thing is a message ("issued a
 * statement", "posted a message"), not when it is an act or an object ("issued a patch", "fired tear gas",
 * "signed the bill"). See `objectIsMessage` in cues.ts.
 */
export const PRODUCTION_VERB_STEMS = new Set('issu issue releas release publish post sign fir fire'.split(' '));

/**
 * Verbs of an official finding that, in the passive, report a state and not a speech: "was pronounced dead",
 * "were declared missing". Stems as `stem()` gives them.
 */
export const DECLARATION_STEMS = new Set(['pronounc', 'pronounce', 'declar', 'declare']);

/**
 * Speech acts whose content is an act asked for, granted or acknowledged, not a statement that can be true:
 * "urged users to deploy the update", "thanked residents for their patience", "authorized the secretaries to
 * revoke the rule", "agreed to lend". Not claims. Stems as `stem()` gives them; "agree" only before "to".
 */
export const NON_PROPOSITIONAL_STEMS = new Set('urg urge thank authoriz authorize'.split(' '));

/** Words before a participle that make it passive or an adjective: "was pronounced", "less pronounced". */
export const PASSIVE_OR_DEGREE = new Set(
  'is was were are be been being less more most very so too especially particularly ('.split(' '),
);
