/**
 * Lines that are not the article: page chrome that survives copy-paste and HTML extraction. Each pattern names the
 * reason it stands for; `boilerplate.ts` applies them. Patterns match a whole (trimmed) line, so an article sentence
 * that merely mentions Twitter or a newsletter is never removed.
 */
import type { RemovalReason } from '../model.ts';

export interface LinePattern {
  name: string;
  reason: RemovalReason;
  pattern: RegExp;
}

export const LINE_PATTERNS: LinePattern[] = [
  {
    name: 'video-of-the-day',
    reason: 'video-prompt',
    pattern: /^(?:video of (?:the )?day|watch(?: the)? video|watch:.*)$/i,
  },
  {
    name: 'follow-us',
    reason: 'social-prompt',
    pattern:
      /^(?:follow|like|join) (?:us|[\p{Lu}][\p{L}\p{N} .'&-]{0,40}) on\b.{0,80}[^.!?]$|^share (?:this|on)\b.{0,60}$|^(?:share|tweet|email|print)$/iu,
  },
  {
    name: 'newsletter',
    reason: 'newsletter-prompt',
    pattern:
      /^(?:.{0,80}\bnewsletters?\b.{0,80}[^.!?"”]|sign up\b.{0,80}|subscribe\b.{0,60}|subscribe to\b.{0,120}[^.!?"”]|(?:daily|weekly|every (?:day|morning|week)) at \d{1,2}(?::\d\d)? ?(?:am|pm)?(?: [A-Z]{2,4})?)$/i,
  },
  {
    name: 'read-more',
    reason: 'read-more',
    pattern:
      /^(?:read (?:more|also|next)(?: about)?\b.{0,100}|more (?:news|stories) (?:from|about|on)\b.{0,80}|show more(?: news)?)$/i,
  },
  {
    name: 'related',
    reason: 'related-links',
    pattern:
      /^(?:related(?: (?:articles?|stories|news|coverage|content))?|see also|recommended(?: for you)?|most read|trending(?: now)?)\s*:?$/i,
  },
  {
    name: 'caption-with-credit',
    reason: 'caption',
    pattern: /^.{0,200}\((?:photo|image|picture|foto|credit|video)\s*:?.{0,80}\)$/i,
  },
  {
    name: 'photo-credit',
    reason: 'photo-credit',
    pattern:
      /^(?:(?:photo|image|picture|credit)s?\s*:.{0,100}|.{0,60}\/(?:getty images|afp|reuters|ap|epa)(?:\/.{0,40})?|©.{0,80})$/i,
  },
  {
    // The agency credit that closes wire stories: "(Reporting by Jane Doe; Editing by John Roe)".
    name: 'reporting-credit',
    reason: 'byline',
    pattern:
      /^\((?:additional )?(?:reporting|writing|editing|compiled|research) by\b[^()]{0,200}\)$|^(?:additional )?reporting by\b[^.]{0,120};\s*editing by\b[^.]{0,80}$/i,
  },
  {
    // An outlet's tagline or footer: "The Examiner | Reader-funded journalism since 2009 | Support us",
    // "Kaldor Herald - independent news from Valmont since 1921".
    name: 'masthead',
    reason: 'page-chrome',
    pattern:
      /^[^|.!?]{1,60}(?:\s\|\s[^|.!?]{1,60}){2,}$|^[^.!?]{1,60}\s[-–—|]\s[^.!?]{1,80}\bsince (?:1[5-9]|20)\d\d$/u,
  },
  {
    name: 'advertisement',
    reason: 'advertisement',
    pattern: /^(?:advertisement|sponsored(?: content)?|ad|promoted)$/i,
  },
  {
    name: 'navigation',
    reason: 'navigation',
    pattern:
      /^(?:home|news|world|politics)(?:\s*[>»/|›]\s*[\p{L} ]{1,30}){1,5}$|^(?:skip to (?:main )?content|back to top|menu)$/iu,
  },
  {
    name: 'tags-line',
    reason: 'read-more',
    pattern: /^(?:tags?|topics?|filed under)\s*:.{0,150}$/i,
  },
];

/**
 * A short line with no sentence punctuation that stands next to a removed prompt belongs to it
 * (the newsletter's name above "Fresh daily newsletter…"). At most this many words.
 */
export const ADJACENT_CHROME_MAX_WORDS = 5;

/** A line recurring in at least this many documents of one source is that source's boilerplate. */
export const RECURRING_LINE_MIN_DOCUMENTS = 3;

/** Recurring lines longer than this are article text shared by syndication, not chrome. */
export const RECURRING_LINE_MAX_CHARS = 200;
