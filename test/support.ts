import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const madeDirs: string[] = [];

/**
 * A fresh directory `triangulate-NAME-XXXXXX` under the system's temporary directory, removed when the test process
 * exits (each test file runs in a process of its own): a test run leaves nothing behind.
 */
export function tempDir(name: string): string {
  if (madeDirs.length === 0)
    process.once('exit', () => {
      for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
    });
  const dir = mkdtempSync(join(tmpdir(), `triangulate-${name}-`));
  madeDirs.push(dir);
  return dir;
}
