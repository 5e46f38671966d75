/**
 * Vocabulary and regular expressions of the temporal tagger (TimeML/TIMEX3 conventions, English news).
 *
 * Why hand-written rules rather than chrono-node: chrono fills unknown fields from the reference date (so "in 2020"
 * gets a month and day), resolves past-tense weekdays forward, has no TIMEX3 values (durations, sets, PAST_REF,
 * quarters, seasons, weeks) and does not know TimeML extents ("the past three years", "earlier this week"). The
 * rules below are built once at module load from the word lists, so a call does no regex compilation.
 */
import { CARDINAL_WORDS } from '../text/numbers.ts';

export const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

export const WEEKDAYS: Record<string, number> = {
  monday: 1,
  mon: 1,
  tuesday: 2,
  tues: 2,
  tue: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thurs: 4,
  thu: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
  sunday: 7,
  sun: 7,
};

/** TIMEX3 part-of-day codes. */
export const PARTS_OF_DAY: Record<string, string> = {
  morning: 'TMO',
  afternoon: 'TAF',
  evening: 'TEV',
  night: 'TNI',
  overnight: 'TNI',
};

export const SEASONS: Record<string, number> = { spring: 1, summer: 2, fall: 3, autumn: 3, winter: 4 };
export const SEASON_CODES = ['', 'SP', 'SU', 'FA', 'WI'];

export const ORDINALS: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: 4,
  final: 4,
};

export const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  ...CARDINAL_WORDS,
  'a hundred': 100,
  'one hundred': 100,
  'a dozen': 12,
  dozen: 12,
  'a couple of': 2,
  'couple of': 2,
  'a couple': 2,
  'a half': 0.5,
  half: 0.5,
};

/** Vague amounts: "several years" → PXY. */
export const VAGUE_AMOUNTS = ['several', 'a few', 'few', 'many', 'some', 'dozens of', 'hundreds of', 'a number of'];

/** Duration units → TIMEX3 designator, whether it is a time (PT) unit, and how many of it one unit is. */
export const DURATION_UNITS: Record<string, { code: string; time: boolean; factor: number }> = {
  second: { code: 'S', time: true, factor: 1 },
  minute: { code: 'M', time: true, factor: 1 },
  hour: { code: 'H', time: true, factor: 1 },
  day: { code: 'D', time: false, factor: 1 },
  night: { code: 'D', time: false, factor: 1 },
  week: { code: 'W', time: false, factor: 1 },
  fortnight: { code: 'W', time: false, factor: 2 },
  month: { code: 'M', time: false, factor: 1 },
  quarter: { code: 'Q', time: false, factor: 1 },
  year: { code: 'Y', time: false, factor: 1 },
  decade: { code: 'Y', time: false, factor: 10 },
  century: { code: 'Y', time: false, factor: 100 },
  centurie: { code: 'Y', time: false, factor: 100 },
};

/** Adverbs of frequency (TIMEX3 SET). */
export const FREQUENCY_WORDS: Record<string, string> = {
  hourly: 'PT1H',
  daily: 'P1D',
  nightly: 'P1D',
  weekly: 'P1W',
  biweekly: 'P2W',
  annually: 'P1Y',
  yearly: 'P1Y',
};

export const TIME_ZONES = 'EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|CT|MT|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|KST|JST';

/** Words that place a clause in the future; used to choose the next rather than the last "Friday"/"September". */
export const FUTURE_CUES =
  /\b(?:will|won't|wo n't|shall|'ll|going to|plans? to|planned|planning|expects?|expected|is to|are to|scheduled|due|set to|intends?|would|upcoming|as soon as|as early as|payable|effective|starting|begins?)\b/gi;
/** Past-tense cues: auxiliaries, reporting verbs, common irregular past forms and regular `-ed` forms. */
export const PAST_CUES =
  /\b(?:was|were|had|did|said|says|told|reported|announced|ago|last|yesterday|earlier|since|has been|have been|made|met|took|gave|went|came|left|held|began|found|saw|sent|spoke|wrote|led|won|lost|fell|rose|paid|struck|shot|fled|hit|broke|brought|bought|sold|thought|became|got|ran|kept|put|set|read|heard|felt|stood|\w{2,}[^\We]ed)\b/gi;

// -------------------------------------------------------------------------------------------------------------------
// Regex pieces (strings, assembled into the rule regexes below).

const alt = (words: string[]) => words.sort((a, b) => b.length - a.length).join('|');

/** Month names, capitalised as news text writes them; abbreviations may end with a dot. */
const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.|Jan|Feb|Aug|Sept|Oct|Nov|Dec)(?![\\w-])';
/** Month names that are dates on their own (not "Jan", a first name, without a day number). */
const MONTH_ALONE =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.)(?![\\w-])';
const WEEKDAY =
  '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:Mon|Tues|Tue|Wed|Thurs|Thu|Fri|Sat|Sun)\\.)(?![\\w])';
const DAY = '(?:[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?';
const YEAR = '(?:1[6-9]\\d\\d|20\\d\\d)';
const PART_OF_DAY = '(?:morning|afternoon|evening|night)';
const NUM_WORD = alt(Object.keys(NUMBER_WORDS).filter((w) => !w.includes('half') && w !== 'dozen'));
const TENS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const DIGIT_WORD = 'one|two|three|four|five|six|seven|eight|nine';
const NUMBER = `(?:\\d+(?:,\\d{3})*(?:\\.\\d+)?(?:\\s+\\d/\\d)?|(?:${TENS})[\\s-](?:${DIGIT_WORD})|(?:${NUM_WORD})(?:\\s+and\\s+a\\s+half)?|half\\s+an?|${alt(VAGUE_AMOUNTS)})`;
const UNIT =
  '(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies))';
const APPROX =
  '(?:about|around|approximately|roughly|nearly|almost|some|more\\s+than|less\\s+than|fewer\\s+than|at\\s+least|at\\s+most|up\\s+to|over|under|just|only|barely|another|an\\s+additional|a\\s+full|well\\s+over)';
const DUR_DET =
  '(?:the\\s+|its\\s+|their\\s+|his\\s+|her\\s+)?(?:(?:past|last|next|first|previous|coming|following|final|latest|initial|remaining|entire|whole|full|same|prior|ensuing|succeeding|preceding)\\s+)?';
const EDGE = '(?:early|earlier|late|later|mid|the\\s+(?:beginning|start|middle|end|rest)\\s+of)';

/**
 * Every expression starts at a word start: prefixing that test lets the engine skip positions inside words
 * cheaply, which makes the long optional prefixes below several times faster on real text.
 */
function atWordStart<T extends Record<string, RegExp>>(rules: T): T {
  for (const key of Object.keys(rules) as (keyof T)[]) {
    const re = rules[key] as RegExp;
    rules[key] = new RegExp(`(?<![\\w])(?:${re.source})`, re.flags) as T[keyof T];
  }
  return rules;
}

/** All rule regexes are global, case-sensitive unless flagged, and compiled once. */
export const RX = atWordStart({
  /** Numeric dates: 2022-11-04, 11/04/2022 (US order, as TimeML news text). */
  isoDate: /(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?(?![\w/-])/g,
  slashDate: /(?<![\w/.-])(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?![\w/-])/g,
  /** European dotted dates, day first: 04.11.2022. */
  dottedDate: /(?<![\w/.-])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w/-]|\.\d)/g,
  /** "Friday, Nov. 4, 2022", "Nov. 4, 2022", "Nov. 4". */
  monthDay: new RegExp(
    `(?:(?<wd>${WEEKDAY}),?\\s+)?(?<month>${MONTH})\\s+(?<day>${DAY})(?!\\d|:\\d)(?:(?:,\\s*|\\s+)(?<year>${YEAR})(?!\\d))?`,
    'g',
  ),
  /** "4 November 2022", "Friday 4 November". */
  dayMonth: new RegExp(
    `(?:(?<wd>${WEEKDAY}),?\\s+)?(?:the\\s+)?(?<day>${DAY})\\s+(?:of\\s+)?(?<month>${MONTH})(?:,?\\s+(?<year>${YEAR})(?!\\d))?`,
    'g',
  ),
  /** "February 2020", "Sept. 2022", "early September", "the beginning of November", "last April", "June last year". */
  month: new RegExp(
    `(?:(?<edge>${EDGE})[\\s-]+)?(?:(?<rel>last|next|this|this\\s+past|this\\s+coming|past|coming)\\s+)?(?<month>${MONTH_ALONE})(?!\\s+${DAY}(?!\\d))(?:(?:,?\\s+(?:of\\s+)?(?<year>${YEAR})(?![\\d%]))|(?:\\s+(?<yrel>this|last|next)\\s+year))?`,
    'g',
  ),
  /** Bare years and fiscal years: "1990", "fiscal 1989", "mid-1996", "the end of 1990", "early 1991". */
  year: new RegExp(
    `(?:(?:(?<edge>${EDGE})[\\s-]+)|(?<fiscal>(?:fiscal|calendar)(?:\\s+year)?\\s+))?(?<![\\w$£€.,/])(?<!\\d-)(?<year>${YEAR})(?![\\w%/-]|[.,]\\d|\\s*(?:%|percent))`,
    'gi',
  ),
  /** "the 1990s", "the late 1970s", "the '80s", "the mid-1990s". */
  decade: /(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?<c>1[6-9]|20)(?<d>\d)0|'(?<d2>\d)0)'?s(?!\w)/gi,
  /** "the 20th century", "this century", "the last century". */
  century:
    /(?:(?:the\s+)?(?<n>\d{1,2})(?:st|nd|rd|th)|(?<rel>this|last|next|the\s+past|the\s+last|the\s+next)|the)\s+century(?!\w)/gi,
  /** "today", "late yesterday", "tomorrow morning", "the day before yesterday". */
  deictic: new RegExp(
    `(?:(?<edge>early|earlier|late|later)\\s+)?(?:(?<pod1>mid-?${PART_OF_DAY})\\s+)?(?:the\\s+day\\s+(?<ba>before|after)\\s+)?(?<word>today|tonight|yesterday|tomorrow)(?:\\s+(?<pod>${PART_OF_DAY}))?(?!\\w)`,
    'gi',
  ),
  /** "this morning", "last night", "later this afternoon". */
  thisPartOfDay: new RegExp(
    `(?:(?:early|earlier|late|later)\\s+)?(?:(?<rel>this|last|mid)[\\s-]+)(?<pod>${PART_OF_DAY})(?!\\w)`,
    'gi',
  ),
  /** Weekdays: "Friday", "last Friday", "Wednesday morning", "earlier Sunday", "the previous Friday". */
  weekday: new RegExp(
    `(?:(?<edge>early|earlier|late|later)\\s+)?(?:(?<rel>last|next|this|this\\s+past|this\\s+coming|coming|past|the\\s+previous|the\\s+following|the\\s+next|the\\s+same)\\s+)?(?<wd>${WEEKDAY})(?:\\s+(?<pod>${PART_OF_DAY}))?`,
    'g',
  ),
  /** Recurring weekdays: "Mondays", "each Thursday", "every Friday night", "Tuesday nights". */
  weekdaySet: new RegExp(
    `(?:(?:(?:each|every)\\s+(?<wd1>${WEEKDAY})(?:\\s+(?<pod1>${PART_OF_DAY}))?)|(?<wd2>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays)|(?<wd3>${WEEKDAY})\\s+(?<pod3>mornings|afternoons|evenings|nights))(?!\\w)`,
    'g',
  ),
  /** Clock times: "10:35 a.m.", "9 a.m. Tuesday", "noon Thursday", "5 p.m. EST Nov. 9", "4 in the morning". */
  clock: new RegExp(
    `(?:(?:around|about|at\\s+about|shortly\\s+(?:before|after)|just\\s+(?:before|after))\\s+)?(?:(?<h>[01]?\\d|2[0-3])(?::(?<min>[0-5]\\d))?\\s*(?<ap>a\\.m\\.?|p\\.m\\.?|am(?!\\w)|pm(?!\\w))|(?<h24>[01]?\\d|2[0-3]):(?<min24>[0-5]\\d)\\s*(?:(?:${TIME_ZONES})(?!\\w)|h(?:rs)?\\b)|(?<noon>noon|midnight|midday)|(?<hm>[1-9]|1[0-2])\\s+in\\s+the\\s+(?<hpod>morning|afternoon|evening))(?:\\s+(?<tz>${TIME_ZONES}|local\\s+time)(?!\\w))?(?:,?\\s+(?:(?<wd>${WEEKDAY})|(?<deictic>today|yesterday|tomorrow)|(?<month>${MONTH})\\s+(?<day>${DAY})(?!\\d)))?`,
    'gi',
  ),
  /** "last week", "this month", "earlier this year", "next quarter", "the current quarter", "the weekend". */
  relativeUnit:
    /(?:(?<edge>early|earlier|late|later|the\s+(?:beginning|start|middle|end|rest)\s+of|mid)[\s-]+(?:in\s+)?)?(?<rel>this|last|next|past|previous|coming|following|current|the\s+current|the\s+past|the\s+previous|the\s+last|the\s+latest|the\s+coming|the\s+next|the\s+following|the\s+same|the|this\s+past)\s+(?:(?<mod>fiscal|full|calendar|financial)\s+)?(?<unit>week|weekend|month|quarter|year|decade|century|spring|summer|fall|autumn|winter|(?<=latest\s)period)(?![\w-])/gi,
  /** Fiscal quarters and halves: "the third quarter", "third-quarter", "the first quarter of 1990", "fiscal 1989". */
  quarter: new RegExp(
    `(?:(?<det>the|its|this\\s+year's|last\\s+year's|next\\s+year's|the\\s+(?<qyear>${YEAR}))\\s+)?(?:(?:fiscal|calendar)[\\s-]+)?(?<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last)(?:[\\s-]+fiscal)?[\\s-]+(?<unit>quarter|half)(?![\\w-])(?:\\s+of\\s+(?:(?:fiscal|calendar)\\s+)?(?<year>${YEAR})(?!\\d)|\\s+(?:of\\s+(?:the\\s+)?)?(?<yrel>this|last|next|the)\\s+year)?`,
    'gi',
  ),
  /** Comparisons with the same period a year before: "a year ago", "year-earlier", "the year-ago quarter". */
  yearAgo:
    /(?:(?<det>the|a|its)\s+)?(?:comparable\s+|same\s+)?(?<adj>year-earlier|year-ago|year\s+earlier|year\s+ago|prior-year|previous-year)(?:\s+(?:(?:first|second|third|fourth|fiscal)[\s-]+)*(?<what>quarter|period|nine\s+months|six\s+months|half))?(?![\w-])/gi,
  /** "the 1988 quarter", "the 1988 period". */
  yearQuarter: new RegExp(`the\\s+(?<year>${YEAR})\\s+(?<what>quarter|period)(?!\\w)`, 'gi'),
  /** "two weeks ago", "a year earlier", "several years ago" ("three days later" is a duration: TimeML leaves "later" out). */
  ago: new RegExp(
    `(?:(?<approx>${APPROX})\\s+)?(?<num>${NUMBER})?[\\s-]*(?<unit>${UNIT})\\s+(?<dir>ago|earlier|hence|from\\s+now)(?![\\w-])`,
    'gi',
  ),
  /** Durations: "nearly three years", "the past two months", "16-hour", "8-month-old", "2 1/2 years". */
  duration: new RegExp(
    `(?:(?<approx>${APPROX})\\s+)?${DUR_DET}(?:(?<approx2>${APPROX})\\s+)?(?<num>${NUMBER})(?:\\s+(?:to|or|and)\\s+(?<num2>${NUMBER}))?(?:\\s+(?:more|additional|consecutive|straight|full|long|whole))?[\\s-]+(?:(?:calendar|business|trading|working|fiscal)\\s+)?(?<unit>${UNIT})(?<old>-old|-long)?(?<half>\\s+and\\s+a\\s+half)?(?![\\w])`,
    'gi',
  ),
  /** "the past year", "the next decade", "the coming weeks", "recent months", "the weeks ahead". */
  unitPeriod: new RegExp(
    `(?:(?<det>the\\s+)?(?<rel>past|last|next|coming|previous|following|recent|upcoming|ensuing)\\s+)(?<unit>${UNIT})(?![\\w-])|(?<det2>the\\s+)(?<unit2>days|weeks|months|years|decades)\\s+(?<dir>ahead|to\\s+come)`,
    'gi',
  ),
  /** Bare plural units after a preposition: "for years", "within days", "decades-long". */
  barePlural:
    /(?<=\b(?:for|over|within|after|in|take|took|takes|lasted|last|spent|spend|than|about|nearly|almost)\s)(?<unit>seconds|minutes|hours|days|weeks|months|years|decades|centuries)(?![\w-])|(?<unit2>days|weeks|months|years|decades)-long(?!\w)/gi,
  /** Sets: "every day", "each year", "per month", "twice a year" handled via "a year" after an amount. */
  everyUnit: new RegExp(
    `(?:every|each|per)\\s+(?:(?<num>other|${NUM_WORD}|\\d+)\\s+)?(?<unit>${UNIT}|morning|afternoon|evening|night|spring|summer|fall|autumn|winter|January|February|March|April|May|June|July|August|September|October|November|December)(?![\\w-])`,
    'gi',
  ),
  /** "$5 a year", "twice a week": "a UNIT" right after an amount. */
  aUnitAfterAmount:
    /(?<=(?:\d|%|percent|cents?|dollars?|times|twice|once|million|billion|shares?|barrels?|hours|minutes|days)\s)a\s+(?<unit>day|week|month|year|quarter)(?![\w-])/gi,
  frequency: new RegExp(`(?<![\\w-])(?<word>${alt(Object.keys(FREQUENCY_WORDS))})(?![\\w-])`, 'gi'),
  /** Vague references to the present, past and future. */
  presentRef:
    /(?<![\w-])(?:(?:right\s+)?now|currently|nowadays|these\s+days|the\s+present|presently|current(?!\s+(?:account|events?|affairs)))(?![\w-])/gi,
  pastRef: /(?<![\w-])(?:(?:more|most)\s+)?(?:recently|lately|the\s+past)(?![\w-])/gi,
  futureRef:
    /(?<![\w-])(?:the\s+(?:near\s+|distant\s+)?future|(?<=in\s)future|as\s+soon\s+as\s+possible|(?<!as\s)soon(?!\s+(?:as|after|before))|a\s+later\s+date|the\s+(?:near|short|long)\s+term|future\s+(?:years|quarters|months))(?![\w-])/gi,
  /** Years spelled out, as in broadcast transcripts: "nineteen ninety-six", "the year two thousand". */
  spelledYear: new RegExp(
    `(?<![\\w-])(?:the\\s+year\\s+)?(?:(?<century>nineteen|twenty)\\s+(?<tens>${TENS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)(?:[\\s-](?<unit>${DIGIT_WORD}))?|(?<k>two\\s+thousand)(?:\\s+(?:and\\s+)?(?<kunit>${DIGIT_WORD}|ten))?)(?![\\w-])`,
    'gi',
  ),
  /** "the nineties", "the eighties". */
  spelledDecade:
    /(?<![\w-])(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?<tens>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?![\w-])/gi,
  /** Anaphoric references to a time the text has named: "that day", "later that year", "the following month". */
  anaphoric:
    /(?:(?<edge>early|earlier|late|later)\s+)?(?<rel>that|the\s+same|the\s+following|the\s+previous|the\s+preceding)\s+(?:same\s+)?(?<unit>day|week|month|year|morning|afternoon|evening|night)(?![\w-])/gi,
  /** "year-end", "the end of the year", "year's end". */
  yearEnd: /(?:(?:the\s+)?end\s+of\s+the\s+year|year['’]s\s+end|(?<![\w-])year[- ]end)(?![\w-])/gi,
  /** Fixed-date holidays and Thanksgiving. */
  holiday:
    /(?:(?<rel>last|next|this)\s+)?(?<name>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's(?:\s+(?:Day|Eve))|Thanksgiving(?:\s+Day)?|Independence\s+Day|Halloween|Valentine's\s+Day)(?:,?\s+(?<year>(?:19|20)\d\d))?(?![\w])/g,
});

/** Holidays: month × 100 + day, or a negative code for rule-based dates (-1 = US Thanksgiving). */
export const HOLIDAYS: Record<string, number> = {
  christmas: 1225,
  'christmas day': 1225,
  'christmas eve': 1224,
  "new year's day": 101,
  "new year's eve": 1231,
  'independence day': 704,
  halloween: 1031,
  "valentine's day": 214,
  thanksgiving: -1,
  'thanksgiving day': -1,
};

/** Context tests around a match (anchored regexes, tested on slices of the text). */
export const CONTEXT = {
  /** Words before a month name that make "May" a month rather than the modal verb. */
  beforeMonthAlone:
    /\b(?:in|since|until|till|by|through|of|from|during|before|after|to|early|late|mid|last|next|this|on|between|and)\s+$/i,
  /** A capitalised word right before "Today" makes it a name: "USA Today", "Ukraine Today". */
  nameBeforeToday: /[A-Z]\w*\s+$/,
  /** Titles that contain a weekday: "the Sunday Times", "Monday Night Football", "Saturday Night Live". */
  nameAfterWeekday:
    /^\s(?:Times|Telegraph|Express|Mirror|Post|Herald|Mail|Star|Tribune|Independent|Observer|Sport|Night\s+(?:Football|Live)|Morning|Club)\b/,
  /** Named days that are not the weekday of this week: "Good Friday", "Black Friday", "Super Tuesday". */
  nameBeforeWeekday: /\b(?:Good|Black|Cyber|Super|Bloody|Ash|Holy|Maundy|Easter|Palm)\s+$/,
  /** Earnings-report vocabulary: "a year ago" then compares quarters. */
  quarter: /quarter|nine months|six months|fiscal/i,
  /** Between a future auxiliary and a participle: "will be held", "is expected to have met". */
  futureAuxiliaryGap: /^\s+(?:(?:not|be|have|been|to|also|then)\s+){0,3}$/,
  /** Right before a future cue: a past perfect ("had been scheduled", "had previously planned"). */
  pastPerfectBefore: /\bhad\s+(?:(?:been|previously|already|originally)\s+){0,2}$/i,
  /** After "the year": "the year ended June 30" is a one-year period. */
  periodEnding: /^\s+(?:ended|ending|ends|to\s+date)\b/,
  /** "at 10:35 a.m. (0735 GMT) Friday": the day after a parenthesis. */
  clockDayAfter: /^(?:\s*\([^)]{0,25}\))?\s*(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/,
  /** Approximators TimeML leaves out of the extent (they go to the `mod` attribute). */
  leadingApproximator: /^(?:about|around|approximately|roughly|some|just|only|barely|over(?=\s+the\s))\s+/i,
  /** Determiners TimeML leaves out of adjectival expressions ("a two-year", "its third-quarter"). */
  leadingDeterminer: /^(?:the|a|an|its|their|his|her|our)\s+/i,
};

/** For a date without a year, how much farther an occurrence on the side opposite the clause's tense counts. */
export const LEAN_FACTOR = 1.5;

/** Context windows, in characters. */
export const WINDOWS = {
  /** Tense cues are looked for this far before an expression (within its sentence) … */
  tenseBefore: 100,
  /** … and, failing that, this far after it. */
  tenseAfter: 80,
  /** Quarter vocabulary this far before or after "a year ago" makes it a year-ago quarter. */
  quarterBefore: 300,
  quarterAfter: 60,
  /** "that day", "the following year" refer to the last date named at most this far before them. */
  anaphoraReach: 1000,
  /** A clock time without a day takes the last day named at most this far before it. */
  clockDayReach: 600,
};
