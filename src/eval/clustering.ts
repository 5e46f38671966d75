/**
 * `triangulate eval clustering`: which reports tell the same story (bench README, section E). Records are fed to
 * the online story clusterer in input order; `finish` reclusters with the final statistics and returns the final
 * story of every record, since B-cubed is computed on final clusters.
 */
import { type ClusterParams, StoryClusterer } from '../cluster/stories.ts';
import { f1, type PRF } from './metrics.ts';
import type { EvalTask } from './task.ts';

export interface ClusteringRecord {
  id: string;
  text: string;
  source?: string;
  label: string;
}

export interface ClusteringInput {
  id: string;
  text: string;
  source?: string;
}

export interface ClusteringPrediction {
  id: string;
  cluster: string;
}

export interface ClusteringScores {
  b3: PRF;
  n_clusters_predicted: number;
  n_clusters_gold: number;
  n_docs: number;
  missing: number;
  /** B³ against topic-level gold (label before the underscore), for ECB+-style labels only. */
  b3_topic?: PRF;
}

/**
 * B-cubed precision, recall and F1 averaged over gold documents (Bagga & Baldwin 1998). A gold document without a
 * prediction is its own singleton cluster; predictions for unknown ids are ignored.
 */
export function bcubed(gold: Map<string, string>, predicted: Map<string, string>): PRF {
  const goldSize = new Map<string, number>();
  for (const label of gold.values()) goldSize.set(label, (goldSize.get(label) ?? 0) + 1);
  const clusterOf = (id: string) => {
    const c = predicted.get(id);
    return c === undefined ? `\u0000singleton:${id}` : `c:${c}`;
  };
  const predSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const [id, label] of gold) {
    const c = clusterOf(id);
    predSize.set(c, (predSize.get(c) ?? 0) + 1);
    const key = `${c}\u0001${label}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const [id, label] of gold) {
    const c = clusterOf(id);
    const shared = both.get(`${c}\u0001${label}`)!;
    precision += shared / predSize.get(c)!;
    recall += shared / goldSize.get(label)!;
  }
  const n = gold.size;
  if (n === 0) return { precision: 0, recall: 0, f1: 0 };
  precision /= n;
  recall /= n;
  return { precision, recall, f1: f1(precision, recall) };
}

export function scoreClustering(gold: ClusteringRecord[], predictions: ClusteringPrediction[]): ClusteringScores {
  const goldMap = new Map(gold.map((r) => [r.id, r.label]));
  const predicted = new Map<string, string>();
  for (const p of predictions)
    if (p && goldMap.has(p.id) && typeof p.cluster === 'string') predicted.set(p.id, p.cluster);
  const scores: ClusteringScores = {
    b3: bcubed(goldMap, predicted),
    n_clusters_predicted: new Set(gold.map((r) => predicted.get(r.id) ?? `\u0000${r.id}`)).size,
    n_clusters_gold: new Set(goldMap.values()).size,
    n_docs: gold.length,
    missing: gold.filter((r) => !predicted.has(r.id)).length,
  };
  if (gold.length > 0 && gold.every((r) => /^[^_]+_(ecb|ecbplus)$/.test(r.label))) {
    const topics = new Map(gold.map((r) => [r.id, r.label.split('_')[0]!]));
    scores.b3_topic = bcubed(topics, predicted);
  }
  return scores;
}

/** A clustering task with its own clusterer; `finish` hands back the final clusters and starts afresh. */
export function createClusteringTask(
  params: Partial<ClusterParams> = {},
): EvalTask<ClusteringRecord, ClusteringInput, ClusteringPrediction> {
  let clusterer = new StoryClusterer(params);
  return {
    name: 'clustering',
    inputOf: (record) =>
      record.source === undefined
        ? { id: record.id, text: record.text }
        : { id: record.id, text: record.text, source: record.source },
    predict(input) {
      const membership = clusterer.add({
        id: input.id,
        text: input.text,
        sourceId: input.source ?? null,
        publishedAt: null,
      });
      return { id: input.id, cluster: membership.storyId };
    },
    finish(predictions) {
      clusterer.recluster();
      const final = predictions.map((p) => ({ id: p.id, cluster: clusterer.storyOf(p.id) ?? p.cluster }));
      clusterer = new StoryClusterer(params);
      return final;
    },
    score: (gold, predictions) => ({ ...scoreClustering(gold, predictions) }),
  };
}

export const clusteringTask = createClusteringTask();
