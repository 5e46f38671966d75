/** The analysts' own sightings: the list, and a form to add one. */
import { api } from '../api.ts';
import { badge, formatDate, h, replace } from '../dom.ts';
import type { Observation } from '../types.ts';

const ANALYST_KEY = 'triangulate.analyst';

export function renderObservations(root: HTMLElement): undefined {
  const list = h('ol', { class: 'observations' });

  async function refresh(highlight?: string): Promise<void> {
    const { observations } = await api.get<{ observations: Observation[] }>('/api/observations');
    replace(
      list,
      observations.length
        ? observations.map((o) => observationItem(o, o.id === highlight))
        : h('li', { class: 'muted' }, 'No observations yet.'),
    );
  }

  const form = observationForm({ onAdded: (o) => refresh(o.id) });
  replace(root, h('h1', {}, 'Observations'), h('div', { class: 'columns' }, h('section', {}, list), form));
  void refresh();
  return undefined;
}

export function observationItem(o: Observation, fresh: boolean): HTMLElement {
  const when = o.observedAt ? formatDate(o.observedAt) : `${formatDate(o.observedFrom)} – ${formatDate(o.observedTo)}`;
  return h(
    'li',
    { class: `observation${fresh ? ' fresh' : ''}`, id: o.id },
    h('h3', {}, o.place),
    h(
      'p',
      { class: 'meta' },
      when,
      ' · ',
      o.analyst,
      o.confidence !== undefined ? [' · ', badge(`confidence ${o.confidence}`)] : null,
      o.lat !== undefined && o.lon !== undefined ? ` · ${o.lat.toFixed(3)}, ${o.lon.toFixed(3)}` : null,
    ),
    h('p', {}, o.description),
    o.imageRef ? h('p', { class: 'meta' }, `Image: ${o.imageRef}`) : null,
  );
}

/** The form to add an observation; with `storyId`, the observation is linked to that story. */
export function observationForm({
  storyId,
  onAdded,
}: {
  storyId?: string;
  onAdded: (observation: Observation) => void | Promise<void>;
}): HTMLFormElement {
  const message = h('p', { role: 'status' });
  const field = (label: string, name: string, attributes: Record<string, string | boolean> = {}) =>
    h('label', {}, label, h('input', { name, type: 'text', ...attributes }));
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const f = event.target as HTMLFormElement;
        const data = Object.fromEntries(new FormData(f)) as Record<string, string>;
        const body: Record<string, unknown> = {
          place: data.place,
          description: data.description,
          analyst: data.analyst,
        };
        if (storyId) body.storyId = storyId;
        const time = (v: string | undefined) => (v ? new Date(v).toISOString() : undefined);
        if (data.observedAt) body.observedAt = time(data.observedAt);
        else {
          body.observedFrom = time(data.observedFrom);
          body.observedTo = time(data.observedTo);
        }
        for (const key of ['lat', 'lon', 'confidence']) if (data[key]) body[key] = Number(data[key]);
        try {
          const result = await api.post<{ status: string; observation: Observation }>('/api/observations', body);
          localStorage.setItem(ANALYST_KEY, data.analyst ?? '');
          replace(message, result.status === 'added' ? 'Observation added.' : 'This observation was already recorded.');
          message.className = 'ok';
          f.reset();
          (f.elements.namedItem('analyst') as HTMLInputElement).value = data.analyst ?? '';
          await onAdded(result.observation);
        } catch (err) {
          replace(message, (err as Error).message);
          message.className = 'error';
        }
      },
    },
    h('h2', {}, 'Add an observation'),
    field('Place', 'place', { required: true, placeholder: 'e.g. Port Orlan, Pier 4' }),
    h(
      'div',
      { class: 'row' },
      field('Latitude', 'lat', { inputmode: 'decimal' }),
      field('Longitude', 'lon', { inputmode: 'decimal' }),
    ),
    h('label', {}, 'Observed at', h('input', { name: 'observedAt', type: 'datetime-local' })),
    h(
      'div',
      { class: 'row' },
      h('label', {}, 'or between', h('input', { name: 'observedFrom', type: 'datetime-local' })),
      h('label', {}, 'and', h('input', { name: 'observedTo', type: 'datetime-local' })),
    ),
    h('label', {}, 'What was seen', h('textarea', { name: 'description', rows: 4, required: true })),
    h(
      'div',
      { class: 'row' },
      field('Analyst', 'analyst', { required: true, value: localStorage.getItem(ANALYST_KEY) ?? '' }),
      field('Confidence (0–1)', 'confidence', { inputmode: 'decimal' }),
    ),
    h('button', { type: 'submit' }, 'Add observation'),
    message,
  );
  return form;
}
