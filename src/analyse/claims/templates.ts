/**
 * Feature templates of the claim models, and their weights indexed by template and slot values. A feature is a
 * string such as `w=said|n=that`, the form the models are trained and stored in; at tagging time the weight of
 * template `w=…|n=…` with values (said, that) is found through one small map per slot instead of building the
 * string and hashing it (the cue and content-end scorers look up about 26 features for every candidate token).
 *
 * Written here: the lookup is specific to these string-keyed models, no library does it.
 */

/** The literal parts around a template's slots: `['w=', '|n=', '']` formats (a, b) as `w=${a}|n=${b}`. */
export type Template = readonly string[];

/** Receives the features of a token as a template index and its slot values (unused slots may be left out). */
export interface FeatureSink<T> {
  add(template: number, a?: T, b?: T, c?: T, d?: T): void;
}

/** The string form of a feature. */
export function formatFeature(template: Template, a = '', b = '', c = '', d = ''): string {
  const values = [a, b, c, d];
  let out = template[0]!;
  for (let k = 1; k < template.length; k++) out += values[k - 1]! + template[k]!;
  return out;
}

/** Collects the string features (training, and anything that wants to see them). */
export class FeatureList implements FeatureSink<string> {
  readonly features: string[] = [];
  constructor(private readonly templates: readonly Template[]) {}
  add(template: number, a?: string, b?: string, c?: string, d?: string): void {
    this.features.push(formatFeature(this.templates[template]!, a, b, c, d));
  }
}

type Level = Map<number, Level | number>;

/**
 * Weights by template and slot values, the values given as ids (`id`) of the strings that occur in the weight keys
 * (-1 for any other: no feature with it has a weight). Each weight key is entered under every way it can be read as
 * an instance of each template (a value may itself contain a template's separator), so a lookup finds a weight
 * exactly when the formatted string is a key: scores are the same as looking the strings up, in the same order.
 * Per template: an array by the first value's id, then one map per further slot (small-integer keys).
 */
export class TemplateWeights implements FeatureSink<number> {
  private readonly vocabulary = new Map<string, number>();
  private readonly tables: ((Level | number | undefined)[] | number | undefined)[];
  private readonly slots: number[];
  /** The running score of `add`: the weights of the features added since `reset`, summed in order. */
  score = 0;

  constructor(templates: readonly Template[], weights: ReadonlyMap<string, number>) {
    this.slots = templates.map((t) => t.length - 1);
    const entries: [template: number, values: string[], weight: number][] = [];
    for (const [key, weight] of weights) {
      templates.forEach((template, t) => {
        if (template.length === 1) {
          if (key === template[0]) entries.push([t, [], weight]);
          return;
        }
        for (const values of readings(key, template)) {
          for (const value of values) if (!this.vocabulary.has(value)) this.vocabulary.set(value, this.vocabulary.size);
          entries.push([t, values, weight]);
        }
      });
    }
    this.tables = templates.map(() => undefined);
    for (const [t, values, weight] of entries) {
      if (values.length === 0) {
        this.tables[t] = weight;
        continue;
      }
      const ids = values.map((v) => this.vocabulary.get(v)!);
      const table = (this.tables[t] as (Level | number | undefined)[] | undefined) ?? [];
      this.tables[t] = table;
      if (ids.length === 1) {
        table[ids[0]!] = weight;
        continue;
      }
      let level = (table[ids[0]!] as Level | undefined) ?? new Map();
      table[ids[0]!] = level;
      for (let k = 1; k < ids.length - 1; k++) {
        const next = (level.get(ids[k]!) as Level | undefined) ?? new Map();
        level.set(ids[k]!, next);
        level = next;
      }
      level.set(ids[ids.length - 1]!, weight);
    }
  }

  /** The id of a slot value, -1 when no weight key holds it. */
  id(value: string): number {
    return this.vocabulary.get(value) ?? -1;
  }

  /** The weight of a feature given by value ids, or undefined when the model has none. */
  get(template: number, a = 0, b = 0, c = 0, d = 0): number | undefined {
    const table = this.tables[template];
    const slots = this.slots[template]!;
    if (slots === 0 || table === undefined) return table as number | undefined;
    if (a < 0 || b < 0 || c < 0 || d < 0) return undefined;
    let node = (table as (Level | number | undefined)[])[a];
    if (slots >= 2 && node !== undefined) node = (node as Level).get(b);
    if (slots >= 3 && node !== undefined) node = (node as Level).get(c);
    if (slots >= 4 && node !== undefined) node = (node as Level).get(d);
    return node as number | undefined;
  }

  /** The weight of a feature given by its slot values as strings. */
  weightOf(template: number, ...values: string[]): number | undefined {
    return this.get(template, ...values.map((v) => this.id(v)));
  }

  reset(): this {
    this.score = 0;
    return this;
  }

  add(template: number, a?: number, b?: number, c?: number, d?: number): void {
    const w = this.get(template, a, b, c, d);
    if (w !== undefined) this.score += w;
  }
}

/** Every tuple of slot values that formats to `key` under `template`. */
function readings(key: string, template: Template): string[][] {
  const first = template[0]!;
  const last = template[template.length - 1]!;
  if (!key.startsWith(first) || !key.endsWith(last) || key.length < first.length + last.length) return [];
  const out: string[][] = [];
  const end = key.length - last.length;
  const walk = (pos: number, slot: number, values: string[]) => {
    if (slot === template.length - 2) {
      out.push([...values, key.slice(pos, end)]);
      return;
    }
    const literal = template[slot + 1]!;
    for (let q = key.indexOf(literal, pos); q >= 0 && q + literal.length <= end; q = key.indexOf(literal, q + 1))
      walk(q + literal.length, slot + 1, [...values, key.slice(pos, q)]);
  };
  walk(first.length, 0, []);
  return out;
}
