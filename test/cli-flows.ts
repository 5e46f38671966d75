/**
 * The CLI's key flows against one store, run inside one process and printed as JSON: `node --import tsx
 * test/cli-flows.ts DB OTHER_FILE EMPTY_FILE OUT.json`. A test runs it once per store and compares the answers. A
 * process of its own because it captures stdout, which a test file's process shares with the test runner.
 */
import { writeFileSync } from 'node:fs';
import { main } from '../src/cli/program.ts';
import { runCli } from './cli.ts';
import { sharedPath } from './support.ts';

/** Values that differ between any two runs (audit ids, clock times of this run), replaced by placeholders. */
function normalise(output: string): string {
  return output
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<now>');
}

export interface Step {
  args: string[];
  code: number;
  output: unknown;
}

/**
 * Run the CLI program in this process, capturing what it writes: the same commands a user runs, without paying a
 * Node start-up per command (a few seconds each on a busy machine). One command at a time.
 */
async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const written = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      written[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof process.stdout.write;
  process.exitCode = undefined;
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await main(args);
    return { code, ...written };
  } finally {
    process.stdout.write = originals.stdout;
    process.stderr.write = originals.stderr;
    process.exitCode = undefined;
  }
}

/**
 * The CLI's key flows, one after another against `db`: ingest the seeds (and an empty file, which fails), re-ingest,
 * list and show documents, observations, stories, merge, why, recluster, split and a refused merge. One listing runs
 * as a separate process given the store through TRIANGULATE_DB, as a user would. Returns every step's exit code and
 * normalised output.
 */
export async function flows(db: string, inputs: { other: string; empty: string }): Promise<Step[]> {
  const steps: Step[] = [];
  const run = async (args: string[], options: { spawn?: boolean } = {}) => {
    const result = options.spawn
      ? await runCli(args, { env: { ...process.env, TRIANGULATE_DB: db } })
      : await runInProcess([...args, '--db', db]);
    const text = normalise(result.code === 2 ? result.stderr : result.stdout);
    const output = args.includes('--json') && result.code !== 2 ? JSON.parse(text) : text;
    steps.push({ args, code: result.code ?? -1, output });
    return output;
  };
  await run(['ingest', sharedPath('seeds'), inputs.other, inputs.empty, '--json']);
  await run(['ingest', sharedPath('seeds'), inputs.other, '--json']);
  const list = await run(['documents', '--json'], { spawn: true });
  await run(['documents', '--since', '2022-11-05', '--limit', '1', '--json']);
  const seedId = list.documents.find((d: { title: string }) => d.title.startsWith('North Korean')).id as string;
  await run(['document', seedId.slice(0, 6), '--json']);
  await run(['document', seedId]);
  await run([
    'observe',
    'add',
    '--place',
    'Lisbon bakery',
    '--at',
    '2022-11-08T07:00:00Z',
    '--description',
    'Shutters down',
    '--analyst',
    'kim',
    '--json',
  ]);
  await run(['observe', 'list', '--json']);
  const { stories } = await run(['stories', '--json']);
  await run(['stories']);
  const seedStory = stories.find((s: { title: string }) => /train|railway/i.test(s.title));
  const bakers = stories.find((s: { title: string }) => /Bakers/.test(s.title));
  await run(['story', seedStory.id, '--json']);
  const merged = await run(['story', 'merge', seedStory.id, bakers.id, '--analyst', 'ana', '--json']);
  const bakersDoc = merged.documents.find((d: { title: string }) => /Bakers/.test(d.title)).id;
  await run(['story', merged.id, '--why', bakersDoc, '--json']);
  await run(['recluster', '--analyst', 'ana', '--json']);
  await run(['stories', '--json']);
  await run(['story', 'split', merged.id, bakersDoc, '--analyst', 'ana', '--json']);
  await run(['story', 'merge', merged.id, 'nope']);
  await run(['stories', '--json']);
  return steps;
}

const [db, other, empty, out] = process.argv.slice(2);
if (!db || !other || !empty || !out) {
  process.stderr.write('usage: cli-flows.ts DB OTHER_FILE EMPTY_FILE OUT.json\n');
  process.exit(2);
}
writeFileSync(out, JSON.stringify(await flows(db, { other, empty })));
