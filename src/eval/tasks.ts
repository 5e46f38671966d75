import type { AnyEvalTask } from './task.ts';

/** The tasks of `triangulate eval`, loaded on demand so that one task's models are not loaded for another. */
export const evalTasks: Record<string, () => Promise<AnyEvalTask>> = {
  clustering: async () => (await import('./clustering.ts')).clusteringTask,
};
