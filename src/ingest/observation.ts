/** An analyst's own sighting, read from a JSON object and checked field by field. */
import { InputError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import type { Observation } from '../model.ts';

const STRING_FIELDS = [
  'place',
  'description',
  'analyst',
  'imageRef',
  'observedAt',
  'observedFrom',
  'observedTo',
] as const;

/** True when a JSON record looks like an observation rather than an article. */
export function looksLikeObservation(record: unknown): boolean {
  return (
    typeof record === 'object' &&
    record !== null &&
    'analyst' in record &&
    ('place' in record || 'observedAt' in record)
  );
}

export function parseObservation(record: unknown, where: string, now = new Date().toISOString()): Observation {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw new InputError(where, 'an observation must be a JSON object');
  }
  const r = record as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (r[field] !== undefined && typeof r[field] !== 'string')
      throw new InputError(where, `"${field}" must be a string`);
  }
  for (const field of ['place', 'description', 'analyst'] as const) {
    if (typeof r[field] !== 'string' || !(r[field] as string).trim()) {
      throw new InputError(where, `"${field}" is required`);
    }
  }
  if (!r.observedAt && !(r.observedFrom && r.observedTo)) {
    throw new InputError(where, 'give "observedAt", or both "observedFrom" and "observedTo"');
  }
  for (const field of ['observedAt', 'observedFrom', 'observedTo'] as const) {
    if (r[field] !== undefined && Number.isNaN(Date.parse(r[field] as string))) {
      throw new InputError(where, `"${field}" is not a date: ${JSON.stringify(r[field])}`);
    }
  }
  if (r.observedFrom && r.observedTo && Date.parse(r.observedFrom as string) > Date.parse(r.observedTo as string)) {
    throw new InputError(where, '"observedFrom" is after "observedTo"');
  }
  checkNumber(r, 'lat', -90, 90, where);
  checkNumber(r, 'lon', -180, 180, where);
  checkNumber(r, 'confidence', 0, 1, where);
  if (r.imageSha256 !== undefined && !/^[0-9a-f]{64}$/i.test(String(r.imageSha256))) {
    throw new InputError(where, '"imageSha256" must be 64 hexadecimal digits');
  }
  const observation: Omit<Observation, 'id' | 'createdAt'> = {
    place: (r.place as string).trim(),
    ...(r.lat !== undefined ? { lat: r.lat as number } : {}),
    ...(r.lon !== undefined ? { lon: r.lon as number } : {}),
    ...(r.observedAt ? { observedAt: r.observedAt as string } : {}),
    ...(r.observedFrom ? { observedFrom: r.observedFrom as string, observedTo: r.observedTo as string } : {}),
    description: (r.description as string).trim(),
    ...(r.imageRef ? { imageRef: r.imageRef as string } : {}),
    ...(r.imageSha256 ? { imageSha256: (r.imageSha256 as string).toLowerCase() } : {}),
    analyst: (r.analyst as string).trim(),
    ...(r.confidence !== undefined ? { confidence: r.confidence as number } : {}),
    ...(typeof r.storyId === 'string' ? { storyId: r.storyId } : {}),
  };
  // The same sighting recorded twice is one observation.
  const id = `obs-${sha256(JSON.stringify(observation)).slice(0, 12)}`;
  return { id, ...observation, createdAt: now };
}

function checkNumber(r: Record<string, unknown>, field: string, min: number, max: number, where: string): void {
  const value = r[field];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InputError(where, `"${field}" must be a number from ${min} to ${max}`);
  }
}
