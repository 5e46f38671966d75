import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { runEval } from '../../eval/run.ts';
import { evalTasks } from '../../eval/tasks.ts';
import { printJson, progress } from '../output.ts';

export function register(program: Command): void {
  program
    .command('eval')
    .description('score a stage on an annotated corpus (formats and metrics: ../shared/bench/README.md)')
    .argument('<task>', `one of: ${Object.keys(evalTasks).join(', ') || '(none yet)'}`)
    .argument('<input>', 'input JSONL file (.jsonl or .jsonl.gz) with gold fields')
    .option('--out <file>', 'write one prediction line per input record here')
    .option('--json', 'print the metrics as JSON')
    .action(async (taskName: string, input: string, opts: { out?: string; json?: boolean }) => {
      const load = evalTasks[taskName];
      if (!load) throw new UsageError(`unknown eval task "${taskName}"; known: ${Object.keys(evalTasks).join(', ')}`);
      const task = await load();
      const bar = progress(`eval ${taskName}`, opts);
      const result = await runEval(task, input, { out: opts.out, onProgress: bar.tick });
      bar.done();
      if (opts.json) printJson(result);
      else process.stdout.write(`${formatMetrics(result)}\n`);
    });
}

function formatMetrics(result: Record<string, unknown>, indent = ''): string {
  return Object.entries(result)
    .map(([key, value]) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? `${indent}${key}:\n${formatMetrics(value as Record<string, unknown>, `${indent}  `)}`
        : `${indent}${key}: ${value}`,
    )
    .join('\n');
}
