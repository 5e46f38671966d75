import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './support.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI from source (through tsx) as a user would, collecting its output. */
export function runCli(args: string[], options: SpawnOptions = {}): Promise<CliResult> {
  return exited(startCli(args, options));
}

/** A child process's exit code and output, once it has ended. */
export function exited(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function startCli(args: string[], options: SpawnOptions = {}) {
  return spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'cli', 'main.ts'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, TRIANGULATE_DB: undefined },
    ...options,
  });
}
