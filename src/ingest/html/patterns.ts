/**
 * Vocabulary of the HTML extractor: class/id names and text patterns that mark what is not article text, and the
 * thresholds of block scoring. Kept apart from the logic (CONTRIBUTING: vocabularies apart from logic).
 */
import type { RemovalReason } from '../../model.ts';

export interface HintRule {
  reason: RemovalReason;
  rule: string;
  /** Tested against the class/id names of a block's nearest ancestors. */
  pattern: RegExp;
  /** Applies to blocks of at most this many words (a whole article body can sit in an odd "author" div). */
  maxWords: number;
}

/** Class/id names of containers whose text is not article text, checked near the block (its own container). */
export const LOCAL_HINT_RULES: HintRule[] = [
  {
    reason: 'caption',
    rule: 'caption-class',
    pattern: /caption|(?:^|[-_ ])legend|cutline|photo-?desc|img-?desc/,
    maxWords: 1000,
  },
  {
    reason: 'photo-credit',
    rule: 'credit-class',
    pattern: /(?:^|[-_ ])credits?(?:$|[-_ ])|copyright|photographer/,
    maxWords: 25,
  },
  {
    reason: 'social-prompt',
    rule: 'share-class',
    pattern:
      /(?:^|[-_ ])(?:share|sharing|social|sociable|addthis|sharethis|tweet|facebook|print-?(?:link|tool|btn|button|this)|e-?mail-?(?:link|this|article|story)|article-?tools|tool-?bar|toolbox|utility)/,
    maxWords: 25,
  },
  {
    reason: 'newsletter-prompt',
    rule: 'newsletter-class',
    pattern: /newsletter|subscri(?:be|ption)|signup|sign-up/,
    maxWords: 25,
  },
  {
    reason: 'related-links',
    rule: 'related-class',
    pattern:
      /related|more-?(?:stories|articles|news|from)|see-?also|recommend|outbrain|taboola|most-?(?:read|popular|viewed|emailed)|popular/,
    maxWords: 25,
  },
  {
    reason: 'navigation',
    rule: 'navigation-class',
    pattern:
      /breadcrumb|(?:^|[-_ ])nav(?:bar|igation)?(?:$|[-_ ])|(?:^|[-_ ])menu|pagination|pager|(?:^|[-_ ])tags?(?:$|[-_ ])|keywords|topics/,
    maxWords: 25,
  },
  {
    reason: 'advertisement',
    rule: 'ad-class',
    pattern: /(?:^|[-_ ])(?:ad|ads|advert|advertisement|adsense|dfp|sponsor(?:ed)?|promo)(?:$|[-_ \d])/,
    maxWords: 25,
  },
  {
    // Text for screen readers only ("Image caption", "Media playback is unsupported"): never seen on the page.
    reason: 'page-chrome',
    rule: 'screen-reader-class',
    pattern:
      /(?:^|\s)(?:sr-only|visually-?hidden|screen-?reader(?:-text|-only)?|offscreen|is-hidden|u-hidden|hide|hidden)(?:\s|$)/,
    maxWords: 25,
  },
  {
    reason: 'page-chrome',
    rule: 'poll-class',
    pattern: /(?:^|[-_ ])(?:poll|pollquestion|voting|survey|quiz)/,
    maxWords: 60,
  },
  {
    reason: 'page-chrome',
    rule: 'comment-class',
    pattern: /comment|disqus|(?:^|[-_ ])repl(?:y|ies)(?:$|[-_ ])|discussion|talkback|feedback/,
    maxWords: 1000,
  },
  {
    reason: 'byline',
    rule: 'byline-class',
    pattern: /byline|(?:^|[-_ ])author|writtenby|reporter-?name/,
    maxWords: 25,
  },
  {
    reason: 'date-line',
    rule: 'date-class',
    pattern: /(?:^|[-_ ])(?:date|dateline|time|timestamp|published|updated|pubdate)(?:$|[-_ ])/,
    maxWords: 25,
  },
  {
    reason: 'page-chrome',
    rule: 'footer-class',
    pattern: /(?:^|[-_ ])(?:footer|foot|masthead|header|sidebar|rail|widget|skip)(?:$|[-_ ])/,
    maxWords: 25,
  },
];

/**
 * A class or id name of any ancestor that marks a reader-comment section (matched name by name, so that
 * `comments-enabled` or `nocomments` on the page wrapper does not count).
 */
export const COMMENT_SECTION =
  /^(?:user-?|reader-?|article-?|story-?)?comments?(?:[-_]?(?:list|container|section|area|wrap|wrapper|thread|block|box|holder|module|body|content|s|_container))?$|^disqus|^respond$/;

/** A short block that opens the comment section: everything after it is comments. */
export const COMMENT_MARKER =
  /^(?:\d+\s+)?(?:reader |user |your )?comments?\b(?:\s*\(\d+\))?(?:\s+(?:are|is) (?:now )?closed.*)?$|^(?:post|add|leave|write|submit) (?:a |your )?comments?|^comments are (?:now )?closed|^(?:have your say|join the discussion|what do you think\??|discuss this (?:story|article))$|^\d+ (?:comments?|responses?|replies)$/i;

/** Tags whose text is a caption wherever they are. */
export const CAPTION_TAGS = new Set(['figcaption', 'caption']);

export interface TextRule {
  reason: RemovalReason;
  rule: string;
  pattern: RegExp;
  /** The rule only applies to blocks of at most this many words (long text that happens to match stays). */
  maxWords: number;
}

/** Whole-block text patterns (short blocks only). */
export const TEXT_RULES: TextRule[] = [
  {
    reason: 'photo-credit',
    rule: 'credit-text',
    pattern: /^\(?(?:photo|photograph|image|picture|foto|credit|graphic|video)s?\s*(?:by|credit)?\s*[:/|©]/i,
    maxWords: 20,
  },
  {
    // "Jane Doe/Getty Images", "Photo via Reuters" — not a sentence that ends with "…, according to Reuters."
    reason: 'photo-credit',
    rule: 'agency-credit',
    pattern:
      /^[^.!?,]*(?:\/|\bvia\s|©\s*)\s*(?:getty images|reuters|afp|ap|ap photo|epa|shutterstock|alamy|pa|bloomberg)\)?$/i,
    maxWords: 8,
  },
  {
    // Only share vocabulary, so "Share prices fall" or "Email scandal deepens" as a subheading stays.
    reason: 'social-prompt',
    rule: 'share-text',
    pattern:
      /^(?:(?:share|shares|sharing|tweet|email|e-mail|mail|print|printer|printable|friendly|version|comments?|post|leave|add|view|a|an|this|article|story|page|on|via|to|the|your|facebook|twitter|x|linkedin|reddit|whatsapp|pinterest|messenger|flipboard|telegram|bookmark|digg|del\.icio\.us|stumbleupon|google|buzz|reprints?|permissions|send|friend|text|font|size|copy|link|save|more|options|[+-]?a[+-]?)(?:\s+|\s*[|•·/:,()!»+-]+\s*|$))+$/i,
    maxWords: 12,
  },
  {
    // Imperative prompts only: "Sign up for our newsletter", not "2 million people subscribe to the service."
    reason: 'newsletter-prompt',
    rule: 'newsletter-text',
    pattern:
      /^(?:sign up|subscribe|get (?:our|the)|join|register|start receiving)\b.*\b(?:newsletters?|inbox|e-?mails?|updates|alerts|digest|briefing|headlines)\b|\bnewsletters?\b.*\b(?:sign up|subscribe|inbox|delivered)\b|\b(?:sign up|subscribe) (?:to|for) (?:our|the)\b.*\bnewsletters?\b|^subscribe\b[^.]*$/i,
    maxWords: 30,
  },
  {
    reason: 'read-more',
    rule: 'read-more-text',
    pattern:
      /^(?:read more|more on this|more from|more articles|more stories|more news|see also|related(?: stories| articles| links| content| coverage)?|recommended|most (?:read|popular|viewed|emailed)|you may also like|also on|don'?t miss|top stories|latest news|in other news|click here|(?:story|article) continues below|continue reading|back to (?:top|headlines))\b/i,
    maxWords: 15,
  },
  {
    reason: 'page-chrome',
    rule: 'copyright-text',
    pattern: /^(?:copyright|©|\(c\))|all rights reserved|may not be (?:published|reproduced|redistributed)/i,
    maxWords: 40,
  },
  {
    reason: 'date-line',
    rule: 'date-text',
    pattern:
      /^(?:(?:posted|published|updated|last updated|created|modified)(?: on| at)?:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)/i,
    maxWords: 14,
  },
  {
    // "By Jane Doe and John Roe, Staff Writers" — not "By Monday, the storm had passed."
    reason: 'byline',
    rule: 'byline-text',
    pattern:
      /^(?:by|von|par|por|written by|posted by|story by|words by)\s+(?!(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|(?:january|february|march|april|may|june|july|august|september|october|november|december|the|then|now|noon|midnight|early|late|last|next|this|that|then)\b)\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})*(?:\s*[,|•—–-]\s*[^.!?]{0,60})?$/iu,
    maxWords: 14,
  },
  {
    reason: 'caption',
    rule: 'media-label-text',
    pattern: /^(?:image|media|video) (?:copyright|caption|source)\b|^media playback is (?:unsupported|not supported)/i,
    maxWords: 30,
  },
  {
    reason: 'advertisement',
    rule: 'ad-text',
    pattern: /^(?:advertisement|advertising|sponsored|ad|anzeige)$/i,
    maxWords: 2,
  },
];

export const THRESHOLDS = {
  /** A block that is clearly article prose: at least this many words … */
  proseWords: 12,
  /** … and at most this share of its words in links. */
  proseLinkDensity: 0.25,
  /** Blocks with more of their words in links than this are link lists (navigation, related stories). */
  linkListDensity: 0.5,
  /** A JSON-LD articleBody decides only when the page's blocks show at least this share of its words. */
  statedBodyCoverage: 0.7,
  /** Prose kept by Readability but outside the densest run is dropped when this share of the prose remains. */
  consensusShare: 0.9,
  /** Deeper pages skip Readability for the block-density fallback (real news pages nest 15–60 deep). */
  readabilityMaxDepth: 120,
};
