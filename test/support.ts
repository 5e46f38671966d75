import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whatever file imports this. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * `../shared` beside the project (seeds and bench data), or null when absent — on a user's fresh clone tests that
 * need it skip with this message instead of failing.
 */
export const sharedDir: string | null = existsSync(join(projectRoot, '..', 'shared', 'seeds'))
  ? join(projectRoot, '..', 'shared')
  : null;

export const noShared = sharedDir ? false : 'skipped: ../shared (seeds and bench data) is not beside the project';

export function sharedPath(...parts: string[]): string {
  if (!sharedDir) throw new Error('../shared is not available');
  return join(sharedDir, ...parts);
}
