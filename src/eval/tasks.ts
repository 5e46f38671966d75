import type { AnyEvalTask } from './task.ts';

/** The tasks of `triangulate eval`, loaded on demand so that one task's models are not loaded for another. */
export const evalTasks: Record<string, () => Promise<AnyEvalTask>> = {
  temporal: async () => (await import('./temporal.ts')).temporalTask,
  ner: async () => (await import('./ner.ts')).nerTask,
  attribution: async () => (await import('./attribution.ts')).attributionTask,
  clustering: async () => (await import('./clustering.ts')).clusteringTask,
  extraction: async () => (await import('./extraction.ts')).extractionTask,
  'extraction-readability': async () => (await import('./extraction.ts')).readabilityTask,
};
