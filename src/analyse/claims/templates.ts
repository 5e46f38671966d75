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

/** Receives the features of a token as a template index and its slot values (unused slots are ''). */
export interface FeatureSink {
  add(template: number, a?: string, b?: string, c?: string, d?: string): void;
}

/** The string form of a feature. */
export function formatFeature(template: Template, a = '', b = '', c = '', d = ''): string {
  const values = [a, b, c, d];
  let out = template[0]!;
  for (let k = 1; k < template.length; k++) out += values[k - 1]! + template[k]!;
  return out;
}

/** Collects the string features (training, and anything that wants to see them). */
export class FeatureList implements FeatureSink {
  readonly features: string[] = [];
  constructor(private readonly templates: readonly Template[]) {}
  add(template: number, a?: string, b?: string, c?: string, d?: string): void {
    this.features.push(formatFeature(this.templates[template]!, a, b, c, d));
  }
}

type Level = Map<string, Level | number>;

/**
 * Weights by template and slot values. Each weight key is entered under every way it can be read as an instance of
 * each template (a value may itself contain a template's separator), so a lookup of values finds a weight exactly
 * when the formatted string is a key: scores are the same as looking the strings up.
 */
export class TemplateWeights implements FeatureSink {
  private readonly roots: (Level | number | undefined)[];
  /** The running score of `add`: the weights of the features added since `reset`, summed in order. */
  score = 0;

  constructor(
    private readonly templates: readonly Template[],
    weights: ReadonlyMap<string, number>,
  ) {
    this.roots = templates.map(() => undefined);
    for (const [key, weight] of weights) {
      templates.forEach((template, t) => {
        if (template.length === 1) {
          if (key === template[0]) this.roots[t] = weight;
          return;
        }
        for (const values of readings(key, template)) {
          let level = this.roots[t] as Level | undefined;
          if (!level) {
            level = new Map();
            this.roots[t] = level;
          }
          for (let k = 0; k < values.length - 1; k++) {
            let child = level.get(values[k]!) as Level | undefined;
            if (!child) {
              child = new Map();
              level.set(values[k]!, child);
            }
            level = child;
          }
          level.set(values[values.length - 1]!, weight);
        }
      });
    }
  }

  /** The weight of a feature, or undefined when the model has none. */
  get(template: number, a = '', b = '', c = '', d = ''): number | undefined {
    let node = this.roots[template];
    const slots = this.templates[template]!.length - 1;
    if (slots >= 1 && node !== undefined) node = (node as Level).get(a);
    if (slots >= 2 && node !== undefined) node = (node as Level).get(b);
    if (slots >= 3 && node !== undefined) node = (node as Level).get(c);
    if (slots >= 4 && node !== undefined) node = (node as Level).get(d);
    return node as number | undefined;
  }

  reset(): this {
    this.score = 0;
    return this;
  }

  add(template: number, a?: string, b?: string, c?: string, d?: string): void {
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
