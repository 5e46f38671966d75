/** Clause context of a temporal expression: its tense, and whether the text compares fiscal quarters. */
import { CONTEXT, FUTURE_CUES, PAST_CUES, WINDOWS } from './patterns.ts';

/**
 * Past or future clause around `[start, end)`. The nearest tense cue before the expression in its sentence decides
 * (news puts the verb before the time: "said Friday", "will meet Friday"); failing that, the first cue after it
 * ("On Friday, the ministry said"); null when the sentence has no cue.
 */
export function tenseAt(text: string, start: number, end: number): 'past' | 'future' | null {
  const before = text.slice(Math.max(0, start - WINDOWS.tenseBefore), start);
  const sentenceStart = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('? '));
  const leftText = sentenceStart >= 0 ? before.slice(sentenceStart + 1) : before;
  let lastFuture: { at: number; end: number } | null = null;
  for (const m of leftText.matchAll(FUTURE_CUES)) lastFuture = { at: m.index, end: m.index + m[0].length };
  let lastPast = -1;
  for (const m of leftText.matchAll(PAST_CUES)) lastPast = m.index;
  if (lastFuture && lastFuture.at >= lastPast) {
    // "had been scheduled to expire Friday": a plan reported in the past perfect is over.
    return CONTEXT.pastPerfectBefore.test(leftText.slice(0, lastFuture.at)) ? 'past' : 'future';
  }
  if (lastPast >= 0) {
    // "will be held", "is expected to have met": a participle governed by a future auxiliary.
    if (lastFuture && CONTEXT.futureAuxiliaryGap.test(leftText.slice(lastFuture.end, lastPast))) return 'future';
    return 'past';
  }
  const after = text.slice(end, end + WINDOWS.tenseAfter);
  const stop = after.search(/[.?!]\s|\n/);
  const rightText = stop >= 0 ? after.slice(0, stop) : after;
  const future = rightText.search(FUTURE_CUES);
  const past = rightText.search(PAST_CUES);
  if (future >= 0 && (past < 0 || future <= past)) return 'future';
  return past >= 0 ? 'past' : null;
}

/** Business news compares a reporting quarter with "a year ago"/"year-earlier": then those mean a quarter. */
export function inQuarterContext(text: string, start: number): boolean {
  return CONTEXT.quarter.test(text.slice(Math.max(0, start - WINDOWS.quarterBefore), start + WINDOWS.quarterAfter));
}

/** Past clause: the latest at or before the anchor; future clause: the earliest at or after it. Without a cue,
 * past, as most news reports what happened. */
export function byTense(text: string, m: RegExpExecArray): 'before' | 'after' {
  return tenseAt(text, m.index, m.index + m[0].length) === 'future' ? 'after' : 'before';
}
