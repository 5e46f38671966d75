/**
 * The places a story mentions, located for the map, each with the facts it bears on. Coordinates come from offline
 * data only: a country's representative point from `world-countries` (already the gazetteer's source of countries),
 * and for other places the coordinates an analyst gave for an observation at that place (the first part of its place
 * name: "Port Orlan" in "Port Orlan, Pier 4, Dravenia"). Places neither knows are listed without coordinates.
 * A place bears on a fact when it is named in a sentence the fact was read from.
 */
import worldCountries, { type Country } from 'world-countries';
import type { Analysis, Observation } from '../model.ts';
import type { StoryPlace } from './place-shapes.ts';
import type { BriefJson } from './summaries.ts';

const countries = worldCountries as unknown as Country[];
const COUNTRY_POINT = new Map<string, { lat: number; lon: number }>(
  countries.map((c) => [`country:${c.cca3}`, { lat: c.latlng[0], lon: c.latlng[1] }]),
);

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** Coordinates of places by name, from the observations that have them: their most specific part. */
function observedPoints(observations: Observation[]): Map<string, { lat: number; lon: number }> {
  const points = new Map<string, { lat: number; lon: number }>();
  for (const o of observations) {
    if (o.lat === undefined || o.lon === undefined) continue;
    const first = fold(o.place.split(/[,;/]/)[0] ?? '');
    if (first && !points.has(first)) points.set(first, { lat: o.lat, lon: o.lon });
  }
  return points;
}

type BriefItem = BriefJson['corroborated'][number];
type BriefFacts = Pick<BriefJson, 'corroborated' | 'disputed' | 'contradicted' | 'singleOrigin' | 'openQuestions'>;

/** The facts of a story whose brief is not fused yet. */
export const NO_FACTS: BriefFacts = {
  corroborated: [],
  disputed: [],
  contradicted: [],
  singleOrigin: [],
  openQuestions: [],
};

export function storyPlaces(
  analyses: { documentId: string; analysis: Analysis | null }[],
  brief: BriefFacts,
  observations: Observation[],
): StoryPlace[] {
  const items: BriefItem[] = [
    ...brief.corroborated,
    ...brief.disputed,
    ...brief.contradicted,
    ...brief.singleOrigin,
    ...brief.openQuestions,
  ];
  // The sentences each fact was read from, by document.
  const sentences = new Map<string, { start: number; end: number; fact: BriefItem }[]>();
  for (const item of items)
    for (const source of item.sources) {
      if (!source.sentence) continue;
      const list = sentences.get(source.documentId) ?? [];
      list.push({ ...source.sentence, fact: item });
      sentences.set(source.documentId, list);
    }
  const observed = observedPoints(observations);
  const places = new Map<string, StoryPlace & { factIds: Set<string> }>();
  for (const { documentId, analysis } of analyses) {
    for (const entity of analysis?.entities ?? []) {
      if (entity.type !== 'place') continue;
      let place = places.get(entity.id);
      if (!place) {
        const point = COUNTRY_POINT.get(entity.id) ?? observed.get(fold(entity.name)) ?? null;
        place = {
          id: entity.id,
          name: entity.name,
          lat: point?.lat ?? null,
          lon: point?.lon ?? null,
          basis: point ? (COUNTRY_POINT.has(entity.id) ? 'country' : 'observation') : null,
          mentions: 0,
          documents: 0,
          facts: [],
          factIds: new Set(),
        };
        places.set(entity.id, place);
      }
      // Names written in capitals (a dateline's "QUESSA") give way to the usual spelling.
      if (place.name === place.name.toUpperCase() && entity.name !== entity.name.toUpperCase()) {
        place.name = entity.name;
      }
      place.mentions += entity.mentions.length;
      place.documents += 1;
      for (const mention of entity.mentions)
        for (const sentence of sentences.get(documentId) ?? []) {
          if (mention.start < sentence.start || mention.end > sentence.end) continue;
          if (place.factIds.has(sentence.fact.factId)) continue;
          place.factIds.add(sentence.fact.factId);
          place.facts.push({
            id: sentence.fact.factId,
            statement: sentence.fact.statement,
            status: sentence.fact.status,
          });
        }
    }
  }
  return [...places.values()]
    .map(({ factIds: _, ...place }) => place)
    .sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));
}
