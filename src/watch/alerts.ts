/**
 * Alert rules matched against a new document. Pure: a rule and a document in, the reasons it matched (or none) out.
 *
 * - keyword: whole words in the title and text, case-insensitively ("train" matches "Train," but not "trainee");
 * - entity: by the analysis's entity names and aliases when the document has been analysed, and as a phrase in the
 *   title and text otherwise (the same word-bounded match);
 * - story: only documents the clustering put in that story.
 * Every condition a rule sets must hold.
 */
import type { Analysis } from '../model.ts';
import type { AlertRule } from '../store/watch.ts';

export interface AlertSubject {
  title: string;
  text: string;
  analysis: Analysis | null;
  storyId: string | null;
}

/** The reasons the rule matched, or null when it does not. */
export function matchRule(rule: AlertRule, subject: AlertSubject): string[] | null {
  const reasons: string[] = [];
  if (rule.keyword) {
    const where = phraseIn(rule.keyword, subject);
    if (!where) return null;
    reasons.push(`keyword "${rule.keyword}" in the ${where}`);
  }
  if (rule.entity) {
    const reason = entityReason(rule.entity, subject);
    if (!reason) return null;
    reasons.push(reason);
  }
  if (rule.storyId) {
    if (subject.storyId !== rule.storyId) return null;
    reasons.push(`in story ${rule.storyId}`);
  }
  return reasons.length ? reasons : null;
}

function entityReason(name: string, subject: AlertSubject): string | null {
  const wanted = fold(name);
  const entity = subject.analysis?.entities.find(
    (e) => fold(e.name) === wanted || e.aliases.some((alias) => fold(alias) === wanted),
  );
  if (entity) return `entity "${entity.name}" (${entity.id}), ${entity.mentions.length} mention(s)`;
  const where = phraseIn(name, subject);
  return where ? `entity name "${name}" in the ${where}` : null;
}

/** Where the phrase occurs as whole words: `title`, `text`, or null. */
function phraseIn(phrase: string, subject: { title: string; text: string }): 'title' | 'text' | null {
  const pattern = phrasePattern(phrase);
  if (!pattern) return null;
  if (pattern.test(subject.title)) return 'title';
  if (pattern.test(subject.text)) return 'text';
  return null;
}

const patterns = new Map<string, RegExp | null>();

/** Word-bounded for any script (letters and digits on either side end a word), spaces matching any whitespace. */
export function phrasePattern(phrase: string): RegExp | null {
  let pattern = patterns.get(phrase);
  if (pattern === undefined) {
    const words = phrase.trim().split(/\s+/).filter(Boolean);
    pattern = words.length
      ? new RegExp(
          `(?<![\\p{L}\\p{N}])${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')}(?![\\p{L}\\p{N}])`,
          'iu',
        )
      : null;
    if (patterns.size > 1000) patterns.clear();
    patterns.set(phrase, pattern);
  }
  return pattern;
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}
