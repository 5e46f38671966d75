/** Precision, recall and F1 as the bench README defines them (F1 = 0 when P + R = 0). */
export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(correctPredicted: number, predicted: number, foundGold: number, gold: number): PRF {
  const precision = predicted === 0 ? 0 : correctPredicted / predicted;
  const recall = gold === 0 ? 0 : foundGold / gold;
  return { precision, recall, f1: f1(precision, recall) };
}

export function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Round every number in a metrics object to 4 decimals for printing. */
export function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e4) / 1e4 : v)));
}
