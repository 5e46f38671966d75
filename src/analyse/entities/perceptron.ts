/**
 * Greedy left-to-right averaged perceptron over BIO labels (the tagger of Collins 2002 / Ratinov & Roth 2009),
 * with a valid-transition constraint and document-level history features. Written here because no maintained npm
 * package trains a sequence tagger; the model is a hash table from feature hash to one weight per label.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  allowed,
  dynamicFeatures,
  MAX_FEATURES,
  N_LABELS,
  neighbourFeatures,
  type PreparedDocument,
  remember,
  staticFeatures,
  wordFeatures,
} from './features.ts';

/** Anything that can score a feature vector: the frozen model, or the weights being trained. */
export interface Scorer {
  addScores(features: Int32Array, n: number, scores: Float64Array): void;
  /**
   * Per word, when the scorer can cache them: the summed weights of its own features (`wordFeatures`), then of its
   * `neighbourFeatures` at offsets -2, -1, +1 and +2 (`N_LABELS` each).
   */
  wordScores?(props: Int32Array): Float64Array;
}

/** Tag a prepared document; returns label indices per sentence. */
export function decode(model: Scorer, doc: PreparedDocument): Uint8Array[] {
  return walk(model, doc, null);
}

/**
 * Greedy decoding; when `gold` is given, `onError(features, n, gold, predicted)` is called at every wrong decision
 * (training). History follows the predicted labels in both cases, as it will at tagging time.
 */
function walk(
  model: Scorer,
  doc: PreparedDocument,
  gold: Uint8Array[] | null,
  onError?: (features: Int32Array, n: number, gold: number, predicted: number) => void,
  onToken?: () => void,
): Uint8Array[] {
  const features = new Int32Array(MAX_FEATURES);
  const scores = new Float64Array(N_LABELS);
  const history = new Map<number, number>();
  const out: Uint8Array[] = [];
  for (let si = 0; si < doc.sentences.length; si++) {
    const s = doc.sentences[si]!;
    const labels = new Uint8Array(s.words.length);
    let prev1 = 0;
    let prev2 = 0;
    const cached = model.wordScores ? s.props.map((p) => model.wordScores!(p)) : null;
    for (let i = 0; i < s.words.length; i++) {
      let n = staticFeatures(s, i, features, !cached, !cached);
      n = dynamicFeatures(s, i, prev1, prev2, history, features, n);
      if (cached) {
        // The weights are integers (see PerceptronModel), so the sums do not depend on their order.
        scores.set(cached[i]!.subarray(0, N_LABELS));
        for (let d = -2; d <= 2; d++) {
          const row = d === 0 ? undefined : cached[i + d];
          if (!row) continue;
          const base = (d < 0 ? d + 3 : d + 2) * N_LABELS;
          for (let l = 0; l < N_LABELS; l++) scores[l]! += row[base + l]!;
        }
      } else scores.fill(0);
      model.addScores(features, n, scores);
      let best = 0;
      let bestScore = Number.NEGATIVE_INFINITY;
      for (let l = 0; l < N_LABELS; l++) {
        if (scores[l]! > bestScore && allowed(prev1, l)) {
          best = l;
          bestScore = scores[l]!;
        }
      }
      if (gold) {
        const g = gold[si]![i]!;
        if (g !== best) onError?.(features, n, g, best);
        onToken?.();
      }
      labels[i] = best;
      remember(s, i, best, history);
      prev2 = prev1;
      prev1 = best;
    }
    out.push(labels);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The frozen model: open addressing from feature hash to a row of weights.

export class PerceptronModel implements Scorer {
  private readonly mask: number;
  /** Open addressing, interleaved: `table[2 * slot]` is a feature hash, `table[2 * slot + 1]` its row or -1. */
  private readonly table: Int32Array;
  /**
   * Weights quantised to 16 bits, `N_LABELS` per row: half the memory of floats, so more of the model stays in
   * cache. Scores are kept in these units (a positive scale does not change which label wins).
   */
  private readonly weights: Int16Array;
  private readonly scale: number;

  constructor(featureKeys: Int32Array, weights: Float32Array) {
    let maxAbs = 0;
    for (const w of weights) maxAbs = Math.max(maxAbs, Math.abs(w));
    this.scale = maxAbs / 32767 || 1;
    this.weights = Int16Array.from(weights, (w) => Math.round(w / this.scale));
    let size = 1;
    while (size < featureKeys.length * 2) size <<= 1;
    this.mask = size - 1;
    this.table = new Int32Array(size * 2);
    for (let slot = 0; slot < size; slot++) this.table[2 * slot + 1] = -1;
    featureKeys.forEach((key, row) => {
      let slot = key & this.mask;
      while (this.table[2 * slot + 1] !== -1) slot = (slot + 1) & this.mask;
      this.table[2 * slot] = key;
      this.table[2 * slot + 1] = row;
    });
  }

  /** Per word (its cached properties): the summed weights of its own features and of its features as a neighbour. */
  private readonly wordCache = new WeakMap<Int32Array, Float64Array>();
  private readonly wordBuffer = new Int32Array(MAX_FEATURES);

  wordScores(props: Int32Array): Float64Array {
    let scores = this.wordCache.get(props);
    if (!scores) {
      scores = new Float64Array(5 * N_LABELS);
      const buffer = this.wordBuffer;
      this.addScores(buffer, wordFeatures(props, buffer), scores.subarray(0, N_LABELS));
      [-2, -1, 1, 2].forEach((d, k) => {
        const row = scores!.subarray((k + 1) * N_LABELS, (k + 2) * N_LABELS);
        this.addScores(buffer, neighbourFeatures(props, d, buffer, 0), row);
      });
      this.wordCache.set(props, scores);
    }
    return scores;
  }

  /** Rows by slot, for serialising and merging. */
  private *entries(): Generator<[key: number, row: number]> {
    for (let slot = 0; slot <= this.mask; slot++) {
      const row = this.table[2 * slot + 1]!;
      if (row !== -1) yield [this.table[2 * slot]!, row];
    }
  }

  get featureCount(): number {
    return this.weights.length / N_LABELS;
  }

  addScores(features: Int32Array, n: number, scores: Float64Array): void {
    const { table, mask, weights } = this;
    for (let f = 0; f < n; f++) {
      const key = features[f]!;
      let slot = key & mask;
      for (;;) {
        const row = table[2 * slot + 1]!;
        if (row === -1) break;
        if (table[2 * slot] === key) {
          const base = row * N_LABELS;
          for (let l = 0; l < N_LABELS; l++) scores[l]! += weights[base + l]!;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  /**
   * Serialise: gzip of a small header, the feature hashes, a bit mask of non-zero labels per feature and those
   * weights quantised to 16 bits.
   */
  serialise(): Buffer {
    const n = this.featureCount;
    const { scale } = this;
    const masks = new Uint16Array(n);
    const values: number[] = [];
    const keys = new Int32Array(n);
    let row = 0;
    for (const [key, r] of this.entries()) {
      keys[row] = key;
      for (let l = 0; l < N_LABELS; l++) {
        const q = this.weights[r * N_LABELS + l]!;
        if (q !== 0) {
          masks[row]! |= 1 << l;
          values.push(q);
        }
      }
      row++;
    }
    const header = new Float64Array([1, N_LABELS, n, values.length, scale]);
    const body = Buffer.concat([
      Buffer.from(header.buffer),
      Buffer.from(keys.buffer),
      Buffer.from(masks.buffer),
      Buffer.from(new Int16Array(values).buffer),
    ]);
    return gzipSync(body, { level: 9 });
  }

  static deserialise(gz: Buffer): PerceptronModel {
    const raw = gunzipSync(gz);
    const buffer = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
    const header = new Float64Array(buffer, 0, 5);
    const [version, labels, n, count, scale] = header as unknown as [number, number, number, number, number];
    if (version !== 1 || labels !== N_LABELS) throw new Error(`unsupported NER weights (v${version}, ${labels})`);
    let offset = 40;
    const keys = new Int32Array(buffer, offset, n);
    offset += n * 4;
    const masks = new Uint16Array(buffer, offset, n);
    offset += n * 2;
    const values = new Int16Array(buffer.slice(offset, offset + count * 2));
    const weights = new Float32Array(n * N_LABELS);
    let v = 0;
    for (let row = 0; row < n; row++) {
      for (let l = 0; l < N_LABELS; l++) if (masks[row]! & (1 << l)) weights[row * N_LABELS + l] = values[v++]! * scale;
    }
    return new PerceptronModel(keys, weights);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Training

class TrainingWeights implements Scorer {
  readonly index = new Map<number, number>();
  weights = new Float64Array(1 << 20);
  /** Sum of updates weighted by the time step, for averaging (Daumé's trick: average = w − u / t). */
  timed = new Float64Array(1 << 20);
  rows = 0;

  addScores(features: Int32Array, n: number, scores: Float64Array): void {
    for (let f = 0; f < n; f++) {
      const row = this.index.get(features[f]!);
      if (row === undefined) continue;
      const base = row * N_LABELS;
      for (let l = 0; l < N_LABELS; l++) scores[l]! += this.weights[base + l]!;
    }
  }

  update(features: Int32Array, n: number, label: number, delta: number, time: number): void {
    for (let f = 0; f < n; f++) {
      const key = features[f]!;
      let row = this.index.get(key);
      if (row === undefined) {
        row = this.rows++;
        this.index.set(key, row);
        if (this.rows * N_LABELS > this.weights.length) this.grow();
      }
      this.weights[row * N_LABELS + label]! += delta;
      this.timed[row * N_LABELS + label]! += delta * time;
    }
  }

  private grow(): void {
    const weights = new Float64Array(this.weights.length * 2);
    weights.set(this.weights);
    this.weights = weights;
    const timed = new Float64Array(this.timed.length * 2);
    timed.set(this.timed);
    this.timed = timed;
  }

  /** Averaged weights; features whose every weight is below `prune` (in absolute value) are dropped. */
  freeze(time: number, prune: number): PerceptronModel {
    const keys: number[] = [];
    const kept: number[] = [];
    for (const [key, row] of this.index) {
      const base = row * N_LABELS;
      let keep = false;
      const averaged = new Array<number>(N_LABELS);
      for (let l = 0; l < N_LABELS; l++) {
        const w = this.weights[base + l]! - this.timed[base + l]! / time;
        averaged[l] = Math.abs(w) >= prune ? w : 0;
        if (averaged[l] !== 0) keep = true;
      }
      if (!keep) continue;
      keys.push(key);
      kept.push(...averaged);
    }
    return new PerceptronModel(new Int32Array(keys), new Float32Array(kept));
  }
}

export interface TrainingDocument {
  doc: PreparedDocument;
  gold: Uint8Array[];
}

export interface TrainOptions {
  epochs: number;
  seed: number;
  prune: number;
  onEpoch?: (epoch: number, errors: number, tokens: number) => void;
}

/** Deterministic shuffle (mulberry32). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function train(data: readonly TrainingDocument[], options: TrainOptions): PerceptronModel {
  const weights = new TrainingWeights();
  let time = 1;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    let errors = 0;
    let tokens = 0;
    for (const { doc, gold } of shuffled(data, options.seed + epoch)) {
      walk(
        weights,
        doc,
        gold,
        (features, n, g, p) => {
          errors++;
          weights.update(features, n, g, 1, time);
          weights.update(features, n, p, -1, time);
        },
        () => {
          tokens++;
          time++;
        },
      );
    }
    options.onEpoch?.(epoch, errors, tokens);
  }
  return weights.freeze(time, options.prune);
}
