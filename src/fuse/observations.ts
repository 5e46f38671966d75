/**
 * Analyst observations as origins: an observation matches a fact by place (the parts of its place name found in the
 * fact's wording), by time (its window overlapping the fact's date) and by description terms. It supports the
 * fact, or contradicts it when the analyst says so.
 */
import type { Observation } from '../model.ts';
import { overlaps } from './dates.ts';
import { OBSERVATION, OBSERVATION_CONTRADICTS } from './patterns.ts';
import { contentTerms } from './text.ts';
import type { Fact, StoryFusion } from './types.ts';

/** The days an observation covers (UTC), from its time or window. */
export function observationWindow(o: Observation): { start: string; end: string } | null {
  const from = o.observedFrom ?? o.observedAt;
  const to = o.observedTo ?? o.observedAt ?? o.observedFrom;
  if (!from || !to) return null;
  const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
  try {
    return { start: day(from), end: day(to) };
  } catch {
    return null;
  }
}

export interface ObservationMatch {
  factId: string;
  score: number;
  place: number;
  time: number;
  description: number;
}

/** How well an observation fits a fact (0 when their times are disjoint). */
export function scoreObservation(o: Observation, fact: Fact): ObservationMatch {
  const wording = fact.mentions
    .filter((m) => m.stance !== 'observes' && m.stance !== 'contradicts')
    .map((m) => m.content.text)
    .join(' ')
    .toLowerCase();
  const parts = o.place
    .split(/[,;/]/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const wholeParts = parts.length ? parts.filter((p) => wording.includes(p)).length / parts.length : 0;
  // Place names written differently ("Tumangang–Khasan rail bridge, North Korea–Russia border") still share their
  // proper-name words with the reports ("between North Korea and Russia").
  const names = [...o.place.matchAll(/\p{Lu}[\p{L}'’]+/gu)].map((m) => m[0].toLowerCase());
  const words = new Set(wording.split(/[^\p{L}\p{N}'’]+/u));
  const nameShare = names.length ? names.filter((n) => words.has(n)).length / names.length : 0;
  const place = Math.max(wholeParts, nameShare);
  const window = observationWindow(o);
  let time = 0.5; // an undated fact neither agrees nor disagrees in time
  if (window && fact.date) time = overlaps(window, fact.date) ? timePrecision(window, fact.date) : 0;
  const factTerms = new Set(fact.mentions.flatMap((m) => m.terms));
  const described = contentTerms(o.description);
  const shared = described.filter((t) => factTerms.has(t)).length;
  const description = factTerms.size ? Math.min(1, shared / Math.min(8, factTerms.size)) : 0;
  const score = time === 0 ? 0 : 0.4 * place + 0.3 * time + 0.3 * description;
  return { factId: fact.id, score, place, time, description };
}

/**
 * How sharply an overlap in time places the observation on the fact: a one-day sighting fits a one-day fact fully,
 * an "early November" fact (ten days) much less, so a sighting backs the fact it pins down rather than every fact
 * of that month.
 */
function timePrecision(window: { start: string; end: string }, date: { start: string; end: string }): number {
  const days = (r: { start: string; end: string }) => 1 + (Date.parse(r.end) - Date.parse(r.start)) / 86_400_000;
  const ratio = Math.max(days(window), 1) / Math.max(days(date), days(window), 1);
  return Math.sqrt(ratio);
}

/** Whether the analyst reports the observation as contradicting what was reported. */
export function observationContradicts(o: Observation): boolean {
  return OBSERVATION_CONTRADICTS.test(o.description);
}

/**
 * The facts an observation bears on, best first: every fact it fits above the threshold, or (for a contradicting
 * observation) the one it fits best.
 */
export function matchObservationToFacts(o: Observation, facts: Fact[]): ObservationMatch[] {
  const scored = facts
    // An open question is not a report an observation could confirm or refute.
    .filter(
      (f) => f.kind === 'event' && f.mentions.some((m) => m.stance !== 'cannot-determine' && m.stance !== 'believes'),
    )
    .map((f) => scoreObservation(o, f))
    .filter((s) => s.score >= OBSERVATION.factMin)
    .sort((a, b) => b.score - a.score);
  if (observationContradicts(o)) return scored.slice(0, 1);
  // An observation is one sighting: it bears on the facts that fit it nearly as well as the best one.
  const best = scored[0]?.score ?? 0;
  return scored.filter((s) => s.score >= best * 0.85);
}

/**
 * Which story an observation belongs to (for `triangulate observe add FILE.json` without `--story`): the stories
 * ranked by how well their facts fit it by place, time and description; only those above the threshold.
 */
export function matchObservationToStories(
  o: Observation,
  stories: { id: string; fusion: Pick<StoryFusion, 'facts'> }[],
): { storyId: string; score: number; facts: string[] }[] {
  return stories
    .map((s) => {
      const matches = s.fusion.facts
        .filter((f) => f.kind === 'event')
        .map((f) => scoreObservation(o, f))
        // A story is matched where it happened: without a shared place, wording and time alone do not place it.
        .filter((m) => m.place > 0)
        .sort((a, b) => b.score - a.score);
      return { storyId: s.id, score: matches[0]?.score ?? 0, facts: matches.slice(0, 3).map((m) => m.factId) };
    })
    .filter((s) => s.score >= OBSERVATION.storyMin)
    .sort((a, b) => b.score - a.score);
}
