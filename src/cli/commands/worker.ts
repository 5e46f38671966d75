import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { type JobState, openJobQueue } from '../../store/jobs.ts';
import { runWorker } from '../../worker/worker.ts';
import { withStore } from '../context.ts';
import { printJson } from '../output.ts';

const positive = (value: string, flag: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive whole number`);
  return n;
};

export function register(program: Command): void {
  program
    .command('enqueue')
    .description('queue inputs for `triangulate worker`: one ingest job per --batch inputs')
    .argument('<inputs...>', 'files, directories, http(s) URLs or feeds')
    .option('--batch <n>', 'inputs per job', '10')
    .option('--source <name>', 'outlet name for inputs that do not say')
    .option('--follow', "for feeds: fetch each item's page and extract the full article")
    .option('--json', 'print JSON')
    .action(
      async (inputs: string[], opts: { batch: string; source?: string; follow?: boolean; json?: boolean }, command) => {
        const batch = positive(opts.batch, '--batch');
        const result = await withStore(command, async (store) => {
          const queue = openJobQueue(store);
          try {
            const jobs = [];
            for (let i = 0; i < inputs.length; i += batch) {
              const payload = { inputs: inputs.slice(i, i + batch), source: opts.source, follow: opts.follow };
              jobs.push(await queue.enqueue(payload));
            }
            return { jobs: jobs.map((j) => ({ id: j.id, inputs: j.payload.inputs })), queue: await queue.counts() };
          } finally {
            await queue.close();
          }
        });
        if (opts.json) return printJson(result);
        process.stdout.write(`queued ${result.jobs.length} jobs; ${result.queue.queued} waiting in all\n`);
      },
    );

  program
    .command('worker')
    .description('run queued ingest jobs (many workers may share one PostgreSQL store)')
    .option('--concurrency <n>', 'jobs at a time in this process', '1')
    .option('--lease <seconds>', 'a job not renewed for this long is taken over by another worker', '60')
    .option('--idle-exit', "stop once no job is queued or running (other workers' jobs may come back to the queue)")
    .option('--json', 'print a JSON line per job and a summary')
    .action(async (opts: { concurrency: string; lease: string; idleExit?: boolean; json?: boolean }, command) => {
      const concurrency = positive(opts.concurrency, '--concurrency');
      const leaseMs = positive(opts.lease, '--lease') * 1000;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const summary = await withStore(command, async (store, config) => {
          const queue = openJobQueue(store);
          try {
            return await runWorker({
              store,
              queue,
              config,
              concurrency,
              leaseMs,
              idleExit: opts.idleExit,
              stop: stop.signal,
              onJob: ({ job, outcome, ms, error }) => {
                const line = {
                  job: job.id,
                  inputs: job.payload.inputs.length,
                  outcome,
                  ms,
                  ...(error ? { error } : {}),
                };
                if (opts.json) process.stdout.write(`${JSON.stringify(line)}\n`);
                else process.stderr.write(`${outcome.padEnd(10)} ${job.id} (${ms} ms)${error ? ` ${error}` : ''}\n`);
              },
            });
          } finally {
            await queue.close();
          }
        });
        if (opts.json) process.stdout.write(`${JSON.stringify({ summary })}\n`);
        else process.stdout.write(`${summary.done} jobs done, ${summary.failed} failed, ${summary.leaseLost} lost\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program
    .command('jobs')
    .description('the job queue: counts per state, or the jobs in one state')
    .option('--state <state>', 'list the jobs in this state (queued, running, done, failed)')
    .option('--json', 'print JSON')
    .action(async (opts: { state?: string; json?: boolean }, command) => {
      if (opts.state && !['queued', 'running', 'done', 'failed'].includes(opts.state)) {
        throw new UsageError('--state is one of queued, running, done, failed');
      }
      const result = await withStore(command, async (store) => {
        const queue = openJobQueue(store);
        try {
          return {
            counts: await queue.counts(),
            ...(opts.state ? { jobs: await queue.list(opts.state as JobState) } : {}),
          };
        } finally {
          await queue.close();
        }
      });
      if (opts.json) return printJson(result);
      const { queued, running, done, failed } = result.counts;
      process.stdout.write(`queued ${queued}, running ${running}, done ${done}, failed ${failed}\n`);
      for (const job of result.jobs ?? []) {
        process.stdout.write(`${job.id}  ${job.state}  attempts ${job.attempts}  ${job.error ?? ''}\n`);
      }
    });
}
