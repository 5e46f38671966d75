/**
 * The extraction metric of the bench README (section D), the definition of the Scrapinghub article-extraction
 * benchmark: texts become multisets of 4-token shingles of `\w+` tokens; per page P and R from the multiset
 * intersection; P is averaged over pages with predicted shingles, R over pages with gold shingles.
 */
import { f1 } from './metrics.ts';

/** Unicode word tokens, as Python's `\w+` reads them: letters, digits (any script) and underscore. */
const WORD = /[\p{L}\p{N}_]+/gu;

export function wordTokens(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** The multiset of shingles of 4 consecutive tokens (1–3 tokens give one shingle of all of them). */
export function shingles(tokens: string[], size = 4): Map<string, number> {
  const counts = new Map<string, number>();
  if (tokens.length === 0) return counts;
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  if (tokens.length < size) add(tokens.join(' '));
  else for (let i = 0; i + size <= tokens.length; i++) add(tokens.slice(i, i + size).join(' '));
  return counts;
}

export interface PageScore {
  tp: number;
  fp: number;
  fn: number;
  /** Null when the prediction has no shingles (the page does not count towards the mean precision). */
  precision: number | null;
  /** Null when the gold has no shingles (the page does not count towards the mean recall). */
  recall: number | null;
  exact: boolean;
}

export function scorePage(gold: string, predicted: string): PageScore {
  const goldTokens = wordTokens(gold);
  const predTokens = wordTokens(predicted);
  const g = shingles(goldTokens);
  const p = shingles(predTokens);
  let tp = 0;
  let goldTotal = 0;
  let predTotal = 0;
  for (const n of g.values()) goldTotal += n;
  for (const [key, n] of p) {
    predTotal += n;
    tp += Math.min(n, g.get(key) ?? 0);
  }
  const fp = predTotal - tp;
  const fn = goldTotal - tp;
  const perfect = fp === 0 && fn === 0;
  return {
    tp,
    fp,
    fn,
    precision: predTotal === 0 ? null : perfect ? 1 : tp / (tp + fp),
    recall: goldTotal === 0 ? null : perfect ? 1 : tp / (tp + fn),
    exact: goldTokens.length === predTokens.length && goldTokens.every((t, i) => t === predTokens[i]),
  };
}

export interface ExtractionScores {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  docs_with_prediction: number;
}

/** Score predicted texts against gold texts, page by page in the same order (a missing prediction is empty). */
export function scoreExtraction(gold: string[], predicted: (string | null | undefined)[]): ExtractionScores {
  let precisionSum = 0;
  let precisionPages = 0;
  let recallSum = 0;
  let recallPages = 0;
  let exact = 0;
  let withPrediction = 0;
  gold.forEach((goldText, i) => {
    const page = scorePage(goldText, predicted[i] ?? '');
    if (page.precision !== null) {
      precisionSum += page.precision;
      precisionPages++;
      withPrediction++;
    }
    if (page.recall !== null) {
      recallSum += page.recall;
      recallPages++;
    }
    if (page.exact) exact++;
  });
  const precision = precisionPages === 0 ? 0 : precisionSum / precisionPages;
  const recall = recallPages === 0 ? 0 : recallSum / recallPages;
  return {
    precision,
    recall,
    f1: f1(precision, recall),
    accuracy: gold.length === 0 ? 0 : exact / gold.length,
    docs_with_prediction: withPrediction,
  };
}
