/**
 * One evaluation task of `triangulate eval`: how to hide the gold from the system, how to run the system on one
 * record, and how to score the predictions against the gold (metrics as defined in the bench README).
 */
export interface EvalTask<Gold, Input, Prediction> {
  name: string;
  /** The system-input fields of a record; the system never sees anything else. */
  inputOf(record: Gold): Input;
  predict(input: Input): Prediction | Promise<Prediction>;
  /**
   * Optional batch hook, called once after every record was predicted, with the per-record predictions in input
   * order: a task whose system revises earlier answers as the stream goes on (clustering) returns the final ones.
   */
  finish?(predictions: Prediction[]): Prediction[] | Promise<Prediction[]>;
  score(gold: Gold[], predictions: Prediction[]): Record<string, unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tasks of different record shapes.
export type AnyEvalTask = EvalTask<any, any, any>;
