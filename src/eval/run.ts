import { readJsonl, writeJsonl } from './io.ts';
import { rounded } from './metrics.ts';
import type { AnyEvalTask } from './task.ts';

export interface EvalRunOptions {
  out?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Run a task over an input file: predict on system input only, write predictions, score against the gold. */
export async function runEval(task: AnyEvalTask, inputPath: string, options: EvalRunOptions = {}) {
  const records = await readJsonl<unknown>(inputPath);
  let predictions: unknown[] = [];
  const started = performance.now();
  for (const [i, record] of records.entries()) {
    predictions.push(await task.predict(task.inputOf(record)));
    options.onProgress?.(i + 1, records.length);
  }
  if (task.finish) predictions = await task.finish(predictions);
  const seconds = (performance.now() - started) / 1000;
  if (options.out) await writeJsonl(options.out, predictions);
  const metrics = task.score(records, predictions);
  return rounded({ task: task.name, input: inputPath, records: records.length, seconds, ...metrics });
}
