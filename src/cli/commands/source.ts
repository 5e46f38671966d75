import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../errors.ts';
import type { WatchSource } from '../../store/watch.ts';
import { formatDuration, parseDuration } from '../../watch/duration.ts';
import { parseOpml, toOpml } from '../../watch/opml.ts';
import { WATCH_DEFAULTS } from '../../watch/settings.ts';
import { withStore } from '../context.ts';
import { printJson } from '../output.ts';

export function register(program: Command): void {
  const source = program.command('source').description('the watch list: feeds and pages `triangulate watch` polls');

  source
    .command('add')
    .description('watch a feed or page (adding a watched URL again updates its name and interval)')
    .argument('<url>', 'http(s) URL of a feed or page')
    .option('--every <duration>', 'poll interval (90s, 15m, 2h, 1d)', formatDuration(WATCH_DEFAULTS.everySeconds))
    .option('--name <name>', 'a name for the list (and the outlet name for inputs that do not say)')
    .option('--json', 'print JSON')
    .action(async (url: string, opts: { every: string; name?: string; json?: boolean }, command: Command) => {
      const everySeconds = checkedEvery(opts.every);
      checkedUrl(url);
      const added = await withStore(command, (store) =>
        store.addWatchSource({ url, name: opts.name ?? null, everySeconds, now: new Date().toISOString() }),
      );
      if (opts.json) return printJson(view(added));
      process.stdout.write(`watching ${added.id}  ${added.url}  every ${formatDuration(added.everySeconds)}\n`);
    });

  source
    .command('list')
    .description('list watched sources with their state: last poll, last error, next attempt')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const sources = await withStore(command, (store) => store.listWatchSources());
      if (opts.json) return printJson({ sources: sources.map(view) });
      for (const s of sources) {
        const state = s.lastStatus ?? 'never polled';
        process.stdout.write(
          `${String(s.id).padStart(3)}  ${s.url}${s.name ? `  (${s.name})` : ''}\n` +
            `     every ${formatDuration(s.everySeconds)} · ${state}${s.lastPolledAt ? ` at ${s.lastPolledAt}` : ''}` +
            ` · ${s.totalNewItems} items stored · next ${s.nextDueAt}\n`,
        );
        if (s.lastError) process.stdout.write(`     error (${s.failures} in a row): ${s.lastError}\n`);
      }
      process.stdout.write(`${sources.length} sources\n`);
    });

  source
    .command('remove')
    .description('stop watching a source (documents already stored stay)')
    .argument('<id-or-url>', 'the id `source list` shows, or the URL')
    .action(async (idOrUrl: string, _opts: unknown, command: Command) => {
      const removed = await withStore(command, (store) => store.removeWatchSource(idOrUrl));
      if (!removed) throw new UsageError(`no watched source "${idOrUrl}"`);
      process.stdout.write(`removed ${idOrUrl}\n`);
    });

  source
    .command('import')
    .description('watch every feed of an OPML file')
    .argument('<file>', 'OPML file (as feed readers export)')
    .option(
      '--every <duration>',
      'poll interval for feeds the file gives none',
      formatDuration(WATCH_DEFAULTS.everySeconds),
    )
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { every: string; json?: boolean }, command: Command) => {
      const everySeconds = checkedEvery(opts.every);
      const text = await readFile(file, 'utf8').catch(() => {
        throw new InputError(file, 'cannot read the file');
      });
      const entries = parseOpml(text, file);
      const added = await withStore(command, async (store) => {
        const now = new Date().toISOString();
        const result: WatchSource[] = [];
        for (const e of entries) {
          const every = Math.max(e.everySeconds ?? everySeconds, WATCH_DEFAULTS.minEverySeconds);
          result.push(await store.addWatchSource({ url: e.url, name: e.name, everySeconds: every, now }));
        }
        return result;
      });
      if (opts.json) return printJson({ imported: added.map(view) });
      for (const s of added) process.stdout.write(`watching ${s.id}  ${s.url}\n`);
      process.stdout.write(`${added.length} feeds imported from ${file}\n`);
    });

  source
    .command('export')
    .description('print the watch list as OPML')
    .action(async (_opts: unknown, command: Command) => {
      const sources = await withStore(command, (store) => store.listWatchSources());
      process.stdout.write(`${toOpml(sources, new Date())}\n`);
    });
}

function checkedEvery(text: string): number {
  const seconds = parseDuration(text, '--every');
  if (seconds < WATCH_DEFAULTS.minEverySeconds) {
    throw new UsageError(`--every ${text} is too often; at least ${WATCH_DEFAULTS.minEverySeconds}s`);
  }
  return seconds;
}

function checkedUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`"${url}" is not http(s)`);
}

/** The JSON shape of a watched source. */
function view(s: WatchSource) {
  return { ...s, every: formatDuration(s.everySeconds) };
}
