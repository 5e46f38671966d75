/**
 * Observations on a world map drawn from the offline Natural Earth data of `world-atlas` (served by the workbench
 * itself): an equirectangular projection into SVG, zoomed to the points.
 */

import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { api } from '../api.ts';
import { formatDate, h, replace } from '../dom.ts';
import type { Observation } from '../types.ts';

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

export async function renderMap(root: HTMLElement): Promise<undefined> {
  replace(root, h('h1', {}, 'Map'), h('p', { class: 'muted' }, 'Loading the map…'));
  const [topology, { observations }] = await Promise.all([
    fetch('/atlas/countries-110m.json').then((r) => r.json() as Promise<Topology>),
    api.get<{ observations: Observation[] }>('/api/observations'),
  ]);
  const countries = feature(topology, topology.objects.countries as GeometryCollection);
  const map = svg('svg', { class: 'world', role: 'img', 'aria-label': 'Observations on a world map' });
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

  const placed = observations.filter((o) => o.lat !== undefined && o.lon !== undefined);
  const details = h('div', { class: 'map-details', 'aria-live': 'polite' });
  // Observations at the same spot share one marker.
  const spots = new Map<string, Observation[]>();
  for (const o of placed) {
    const key = `${o.lat!.toFixed(3)},${o.lon!.toFixed(3)}`;
    spots.set(key, [...(spots.get(key) ?? []), o]);
  }
  const box = viewBoxFor(placed);
  // Markers keep their on-screen size whatever the zoom: sizes in map units scale with the window's width.
  const k = box.width / 760;
  // Labels of nearby markers would overprint each other: going down the map, push each below the one above it.
  const groups = [...spots.values()].sort((a, b) => b[0]!.lat! - a[0]!.lat! || a[0]!.lon! - b[0]!.lon!);
  const lineHeight = 17 * k;
  let lastLabelY = Number.NEGATIVE_INFINITY;
  for (const group of groups) {
    const first = group[0]!;
    const cx = x(first.lon!);
    const cy = y(first.lat!);
    const labelY = Math.max(cy + 5 * k, lastLabelY + lineHeight);
    lastLabelY = labelY;
    const marker = svg('g', { class: 'marker', tabindex: 0, role: 'button' });
    marker.append(svg('circle', { cx, cy, r: 7 * k, 'stroke-width': 2 * k }));
    const label = svg('text', { x: cx + 12 * k, y: labelY, 'font-size': 14 * k, 'stroke-width': 4 * k });
    label.textContent = `${first.place}${group.length > 1 ? ` (${group.length})` : ''}`;
    marker.append(label);
    const show = () => replace(details, group.map(observationCard));
    marker.addEventListener('click', show);
    marker.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') show();
    });
    map.append(marker);
  }
  map.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
  map.setAttribute('preserveAspectRatio', 'xMidYMid meet');

  replace(
    root,
    h('h1', {}, 'Map'),
    h(
      'p',
      { class: 'muted' },
      `${placed.length} of ${observations.length} observations have coordinates. Select a marker for details.`,
    ),
    h('div', { class: 'map-layout' }, h('div', { class: 'map-frame' }, map), details),
  );
  if (groups.length) replace(details, groups[0]!.map(observationCard));
  return undefined;
}

/** The whole world, or the points with room around them (at least a 100° × 50° window, for some coast). */
function viewBoxFor(points: Observation[]): { x: number; y: number; width: number; height: number } {
  if (!points.length) return { x: 0, y: 0, width: WIDTH, height: HEIGHT };
  const xs = points.map((p) => x(p.lon!));
  const ys = points.map((p) => y(p.lat!));
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const w = Math.max(Math.max(...xs) - Math.min(...xs) + 80, (100 / 360) * WIDTH);
  const hgt = Math.max(Math.max(...ys) - Math.min(...ys) + 40, w / 2);
  return { x: cx - w / 2, y: cy - hgt / 2, width: w, height: hgt };
}

function observationCard(o: Observation): HTMLElement {
  const when = o.observedAt ? formatDate(o.observedAt) : `${formatDate(o.observedFrom)} – ${formatDate(o.observedTo)}`;
  return h(
    'article',
    { class: 'card' },
    h('h3', {}, o.place),
    h('p', { class: 'meta' }, `${when} · ${o.analyst}`),
    h('p', {}, o.description),
  );
}
