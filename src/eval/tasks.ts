import type { AnyEvalTask } from './task.ts';

/** The tasks of `triangulate eval`, loaded on demand so that one task's models are not loaded for another. */
export const evalTasks: Record<string, () => Promise<AnyEvalTask>> = {
  extraction: async () => (await import('./extraction.ts')).extractionTask,
  'extraction-readability': async () => (await import('./extraction.ts')).readabilityTask,
};
