/**
 * Observations on a world map drawn from the offline Natural Earth data of `world-atlas` (served by the workbench
 * itself): an equirectangular projection into SVG, zoomed to the points.
 */

import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { api } from '../api.ts';
import { formatDate, h, replace } from '../dom.ts';
import { hashFor, type Route } from '../router.ts';
import type { PlaceFact as Fact, Observation, StoryPlace as Place } from '../types.ts';
import { statusBadge } from './brief.ts';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000;
const HEIGHT = 500;

const x = (lon: number) => ((lon + 180) / 360) * WIDTH;
const y = (lat: number) => ((90 - lat) / 180) * HEIGHT;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/** SVG path data of polygon rings; a jump across the antimeridian starts a new subpath instead of a stripe. */
function ringsToPath(rings: number[][][]): string {
  let d = '';
  for (const ring of rings) {
    let previous: number | null = null;
    ring.forEach(([lon = 0, lat = 0], i) => {
      const px = x(lon);
      const jump = previous !== null && Math.abs(px - previous) > WIDTH / 2;
      d += `${i === 0 || jump ? 'M' : 'L'}${px.toFixed(1)},${y(lat).toFixed(1)}`;
      previous = px;
    });
    d += 'Z';
  }
  return d;
}

type StoryObservation = Observation & { stance?: string | null; facts?: Fact[] };

/** One marker on the map: a place the story names, or the observations at one spot. */
interface Spot {
  kind: 'place' | 'observation';
  label: string;
  lat: number;
  lon: number;
  show: () => HTMLElement[];
}

/**
 * `#/map`: every observation with coordinates; `#/map?story=ID`: the places that story names (countries at their
 * representative point, other places where an analyst observed them) and the observations bearing on it, each
 * linked to the facts it bears on.
 */
export async function renderMap(root: HTMLElement, route: Route): Promise<() => void> {
  const storyId = route.params.get('story') ?? '';
  replace(root, h('h1', {}, 'Map'), h('p', { class: 'muted' }, 'Loading the map…'));
  const [topology, { stories }, data] = await Promise.all([
    fetch('/atlas/countries-110m.json').then((r) => r.json() as Promise<Topology>),
    api.get<{ stories: { id: string; title: string; size: number }[] }>('/api/stories', { limit: 200 }),
    storyId
      ? api.get<{ places: Place[]; observations: StoryObservation[] }>(
          `/api/stories/${encodeURIComponent(storyId)}/places`,
        )
      : api.get<{ observations: StoryObservation[] }>('/api/observations').then((r) => ({ ...r, places: [] })),
  ]);
  const factLink = (f: Fact) =>
    h(
      'li',
      {},
      statusBadge(f.status),
      ' ',
      h('a', { href: hashFor(`stories/${storyId}`, { fact: f.id }) }, f.statement),
    );
  const factList = (facts: Fact[] | undefined) =>
    facts?.length
      ? h('ul', { class: 'plain map-facts' }, facts.map(factLink))
      : h('p', { class: 'meta' }, storyId ? 'Bears on no fact of the story.' : '');

  const spots: Spot[] = [];
  const located = data.places.filter((p) => p.lat !== null && p.lon !== null);
  for (const place of located) {
    spots.push({
      kind: 'place',
      label: place.name,
      lat: place.lat!,
      lon: place.lon!,
      show: () => [
        h(
          'article',
          { class: 'card place-card' },
          h('h3', {}, place.name),
          h(
            'p',
            { class: 'meta' },
            `Named ${place.mentions} time${place.mentions === 1 ? '' : 's'} in ${place.documents} document${place.documents === 1 ? '' : 's'} · `,
            place.basis === 'country' ? 'country (representative point)' : 'located by an analyst observation',
          ),
          factList(place.facts),
        ),
      ],
    });
  }
  // Observations at the same spot share one marker.
  const placed = data.observations.filter((o) => o.lat !== undefined && o.lon !== undefined);
  const groups = new Map<string, StoryObservation[]>();
  for (const o of placed) {
    const key = `${o.lat!.toFixed(3)},${o.lon!.toFixed(3)}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    // A place located by these very observations: one marker for both.
    const same = spots.find((s) => s.kind === 'place' && s.lat === first.lat && s.lon === first.lon);
    if (same) {
      const showPlace = same.show;
      same.label = `${same.label} · ${group.length} observation${group.length === 1 ? '' : 's'}`;
      same.show = () => [...showPlace(), ...group.map((o) => observationCard(o, factList(o.facts)))];
      continue;
    }
    spots.push({
      kind: 'observation',
      label: `${first.place}${group.length > 1 ? ` (${group.length})` : ''}`,
      lat: first.lat!,
      lon: first.lon!,
      show: () => group.map((o) => observationCard(o, storyId ? factList(o.facts) : null)),
    });
  }

  const details = h('div', { class: 'map-details', 'aria-live': 'polite' });
  const frame = h('div', { class: 'map-frame' });
  // Drawn for the width it takes on screen, so that markers and labels keep their size; again when that changes.
  let drawnFor = 0;
  const draw = () => {
    const width = frame.clientWidth || 760;
    if (Math.abs(width - drawnFor) < 2) return;
    drawnFor = width;
    replace(
      frame,
      worldMap(topology, spots, width, (spot) => replace(details, spot.show())),
    );
  };
  window.addEventListener('resize', draw);
  const unlocated = data.places.filter((p) => p.lat === null || p.lon === null);
  const picker = h(
    'select',
    { name: 'story', 'aria-label': 'Story' },
    h('option', { value: '' }, 'All observations'),
    stories.map((s) => h('option', { value: s.id, selected: s.id === storyId }, `${s.title} (${s.size})`)),
  );
  picker.addEventListener('change', () => {
    location.hash = hashFor('map', { story: picker.value || undefined });
  });
  replace(
    root,
    h('h1', {}, 'Map'),
    h('div', { class: 'map-controls' }, h('label', {}, 'Show ', picker)),
    h(
      'p',
      { class: 'muted' },
      storyId
        ? `${located.length} of ${data.places.length} places the story names are located, with ${placed.length} observation${placed.length === 1 ? '' : 's'}. Select a marker for the facts it bears on.`
        : `${placed.length} of ${data.observations.length} observations have coordinates. Choose a story to see the places it names.`,
    ),
    h(
      'p',
      { class: 'legend meta' },
      storyId ? [h('span', { class: 'key key-place' }), ' place named in the story '] : null,
      h('span', { class: 'key key-observation' }),
      ' analyst observation',
    ),
    h('div', { class: 'map-layout' }, frame, details),
    unlocated.length
      ? h(
          'details',
          { class: 'unlocated' },
          h('summary', {}, `Not on the map (${unlocated.length}): no offline coordinates`),
          h(
            'ul',
            { class: 'plain' },
            unlocated.map((p) =>
              h(
                'li',
                {},
                h('strong', {}, p.name),
                h('span', { class: 'meta' }, ` · ${p.mentions} mention${p.mentions === 1 ? '' : 's'}`),
                factList(p.facts),
              ),
            ),
          ),
        )
      : null,
  );
  draw();
  if (spots.length) replace(details, spots[0]!.show());
  return () => window.removeEventListener('resize', draw);
}

/** The world in an equirectangular projection, zoomed to the spots, with a labelled marker per spot. */
function worldMap(
  topology: Topology,
  spots: Spot[],
  shownWidth: number,
  onSelect: (spot: Spot) => void,
): SVGSVGElement {
  const countries = feature(topology, topology.objects.countries as GeometryCollection);
  const map = svg('svg', { class: 'world', role: 'img', 'aria-label': 'World map of places and observations' });
  map.append(svg('rect', { class: 'sea', x: -WIDTH, y: -HEIGHT, width: WIDTH * 3, height: HEIGHT * 3 }));
  for (const country of countries.features) {
    const geometry = country.geometry;
    if (!geometry) continue;
    const polygons =
      geometry.type === 'Polygon'
        ? [geometry.coordinates]
        : geometry.type === 'MultiPolygon'
          ? geometry.coordinates
          : [];
    const path = svg('path', { class: 'land', d: polygons.map(ringsToPath).join('') });
    const title = svg('title');
    title.textContent = String((country.properties as { name?: string } | null)?.name ?? '');
    path.append(title);
    map.append(path);
  }
  const box = viewBoxFor(spots, shownWidth);
  // Markers and labels keep their on-screen size whatever the zoom and the screen: map units per screen pixel.
  const k = box.width / shownWidth;
  // Labels of nearby markers would overprint each other: going down the map, push each below the one above it.
  const ordered = [...spots].sort((a, b) => b.lat - a.lat || a.lon - b.lon);
  const lineHeight = 17 * k;
  let lastLabelY = Number.NEGATIVE_INFINITY;
  for (const spot of ordered) {
    const cx = x(spot.lon);
    const cy = y(spot.lat);
    const labelY = Math.max(cy + 5 * k, lastLabelY + lineHeight);
    lastLabelY = labelY;
    const marker = svg('g', { class: `marker ${spot.kind}`, tabindex: 0, role: 'button' });
    marker.append(
      spot.kind === 'place'
        ? svg('rect', {
            x: cx - 6 * k,
            y: cy - 6 * k,
            width: 12 * k,
            height: 12 * k,
            transform: `rotate(45 ${cx} ${cy})`,
            'stroke-width': 2 * k,
          })
        : svg('circle', { cx, cy, r: 7 * k, 'stroke-width': 2 * k }),
    );
    const label = svg('text', { x: cx + 12 * k, y: labelY, 'font-size': 14 * k, 'stroke-width': 4 * k });
    label.textContent = spot.label;
    marker.append(label);
    marker.addEventListener('click', () => onSelect(spot));
    marker.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') onSelect(spot);
    });
    map.append(marker);
  }
  map.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  map.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  return map;
}

/**
 * The whole world, or the spots with room around them (at least a 30° × 15° window, for some coast; close spots stay
 * apart), wide enough on the right for their labels at `shownWidth` pixels (labels are ~7.5 px a character).
 */
function viewBoxFor(
  spots: { lat: number; lon: number; label: string }[],
  shownWidth: number,
): { x: number; y: number; width: number; height: number } {
  if (!spots.length) return { x: 0, y: 0, width: WIDTH, height: HEIGHT };
  const xs = spots.map((p) => x(p.lon));
  const ys = spots.map((p) => y(p.lat));
  const box = (right: number[]) => {
    const left = Math.min(...xs) - 20;
    const w = Math.max(Math.max(...right) + 20 - left, (30 / 360) * WIDTH);
    const cx = (left + Math.max(...right) + 20) / 2;
    const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    const hgt = Math.max(Math.max(...ys) - Math.min(...ys) + 40, w / 2);
    return { x: cx - w / 2, y: cy - hgt / 2, width: w, height: hgt };
  };
  // The labels' width in map units depends on the zoom, which depends on the labels: two rounds settle it.
  let view = box(xs);
  for (let round = 0; round < 2; round++) {
    const k = view.width / shownWidth;
    view = box(spots.map((s, i) => xs[i]! + (14 + 7.5 * s.label.length) * k));
  }
  return view;
}

function observationCard(o: StoryObservation, facts: HTMLElement | null): HTMLElement {
  const when = o.observedAt ? formatDate(o.observedAt) : `${formatDate(o.observedFrom)} – ${formatDate(o.observedTo)}`;
  return h(
    'article',
    { class: 'card observation-card' },
    h('h3', {}, o.place),
    h('p', { class: 'meta' }, `${when} · ${o.analyst}`, o.stance === 'contradicts' ? ' · contradicts the reports' : ''),
    h('p', {}, o.description),
    facts,
  );
}
