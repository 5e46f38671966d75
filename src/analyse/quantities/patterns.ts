/**
 * Vocabulary and regular expressions of the quantity finder ("30 horses", "$5 million", "15%",
 * "a 'significant' amount of artillery shells"). Compiled once at module load.
 */
import { CARDINAL_WORDS } from '../text/numbers.ts';

export const NUMBER_WORDS: Record<string, number> = {
  ...CARDINAL_WORDS,
  dozen: 12,
};

export const SCALES: Record<string, number> = {
  hundred: 1e2,
  thousand: 1e3,
  million: 1e6,
  mln: 1e6,
  m: 1e6,
  billion: 1e9,
  bln: 1e9,
  bn: 1e9,
  trillion: 1e12,
};

/** Currency signs and words → ISO 4217 code. */
export const CURRENCIES: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  c$: 'CAD',
  a$: 'AUD',
  hk$: 'HKD',
  '£': 'GBP',
  '€': 'EUR',
  '¥': 'JPY',
  '₽': 'RUB',
  '₴': 'UAH',
  dollar: 'USD',
  dollars: 'USD',
  dlrs: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  yen: 'JPY',
  rouble: 'RUB',
  roubles: 'RUB',
  ruble: 'RUB',
  rubles: 'RUB',
  hryvnia: 'UAH',
  hryvnias: 'UAH',
  yuan: 'CNY',
};

/** Words before a number that qualify it, and the qualifier recorded. */
export const APPROXIMATORS: Record<string, string> = {
  nearly: 'approximate',
  almost: 'approximate',
  about: 'approximate',
  around: 'approximate',
  approximately: 'approximate',
  roughly: 'approximate',
  some: 'approximate',
  'an estimated': 'approximate',
  'more than': 'more than',
  over: 'more than',
  'upwards of': 'more than',
  'at least': 'at least',
  'less than': 'less than',
  'fewer than': 'less than',
  under: 'less than',
  'up to': 'up to',
  'as many as': 'up to',
  'at most': 'up to',
};

/** Words that end a counted noun phrase: function words, verbs of being, prepositions. */
export const STOP_WORDS = new Set(
  (
    'a an the of to from in into on onto at by for with without and or but nor that which who whom whose was were is ' +
    'are be been being has have had as than then this these those there their its his her our your my it they he she ' +
    'we you i not no so if when while where after before since until over under per each every across through during ' +
    'between against among near about around including like more less also still outside inside within beyond ' +
    'toward towards upon along amid despite via behind above below beneath throughout except ' +
    'can could will would should may might must shall did do does said says'
  ).split(' '),
);

/** Plural nouns without a final s, which can head a counted phrase. */
export const IRREGULAR_PLURALS = new Set(
  'people children men women police personnel troops cattle sheep fish aircraft deer staff militia crew'.split(' '),
);

/** Plural-looking words that usually modify a following noun ("sales representatives", "arms shipments"). */
export const PLURAL_MODIFIERS = new Set('news sales arms goods savings species series means earnings'.split(' '));

/** Nouns that turn a number into something other than a count (a rank, a name or a measure of time). */
export const NOT_COUNTS = new Set(
  'years months weeks days hours minutes seconds decades centuries nights times percent per cent'.split(' '),
);

/** A capitalised word right before a number (a name the number designates: "Boeing 737"). */
export const NAME_BEFORE = /\b([A-Z][\w-]*)\s+$/;
/** Capitalised words that start a sentence or phrase rather than name something. */
export const NOT_NAMES = new Set(
  'The A An About Nearly Almost Some Only All Over Of In At For With By And But Around Roughly Just Up To From Its Their His Her'.split(
    ' ',
  ),
);

/** Vague amounts: "dozens of", "hundreds of", "a 'significant' amount of", "a large number of". */
export const VAGUE = {
  plural: /(?<![\w-])(?<word>dozens|scores|hundreds|thousands|tens\s+of\s+thousands|millions|billions)\s+of\s+/gi,
  amount:
    /(?<![\w-])an?\s+(?:["“'‘]?(?<adj>[a-z][a-z-]*)["”'’]?\s+)?(?<noun>amount|number|quantity|volume|supply|batch|shipment|consignment)s?\s+of\s+/gi,
};

const NUMBER_WORD = Object.keys(NUMBER_WORDS)
  .filter((w) => w !== 'hundred' && w !== 'dozen')
  .join('|');
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const SCALE = 'hundred|thousand|million|billion|trillion|mln|bln|bn';
const APPROX = Object.keys(APPROXIMATORS)
  .sort((a, b) => b.length - a.length)
  .map((w) => w.replace(/ /g, '\\s+'))
  .join('|');

/**
 * A number, optionally qualified and with a currency before or a scale after:
 * "nearly 30", "$5.3 million", "US$127.5 million", "four", "twenty-five", "a dozen", "1,500".
 */
export const NUMBER_RX = new RegExp(
  `(?<![\\w$£€¥])(?:(?<approx>${APPROX})\\s+)?(?:(?<cur>US\\$|C\\$|A\\$|HK\\$|\\$|£|€|¥|₽|₴)\\s?)?(?<num>(?<![\\w.,/-])\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|(?<![\\w.,/-])\\d+(?:\\.\\d+)?|(?:${TENS})-(?:${NUMBER_WORD})|(?:a\\s+)?dozen|(?:${NUMBER_WORD}))(?:\\s+(?<scale>${SCALE})(?![\\w-]))?(?<pct>\\s*%|\\s+percent(?![\\w-])|\\s+per\\s+cent(?![\\w-]))?`,
  'gi',
);

/** At most this many words between a number and the noun it counts ("four short-range ballistic missiles"). */
export const MAX_UNIT_WORDS = 5;

/** The next word after a position, for the counted noun phrase. */
export const WORD_AFTER = /^[\s]+([A-Za-z][A-Za-z'-]*)/;
