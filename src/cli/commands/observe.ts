import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError, UsageError } from '../../errors.ts';
import { fuseStory, matchObservationToStories } from '../../fuse/index.ts';
import { fuseInputFromStory } from '../../fuse/load.ts';
import { type IngestReport, ingest } from '../../ingest/ingest.ts';
import { parseObservation } from '../../ingest/observation.ts';
import type { Store } from '../../store/store.ts';
import { withStore } from '../context.ts';
import { EXIT } from '../exit.ts';
import { printJson } from '../output.ts';
import { printReport } from './ingest.ts';

export function register(program: Command): void {
  const observe = program.command('observe').description("an analyst's own observations (sightings)");

  observe
    .command('add')
    .description('add observations from a JSON or JSONL file, or one from flags')
    .argument('[file]', 'JSON object, array or JSONL of observations')
    .option('--place <place>', 'where')
    .option('--at <time>', 'when (ISO 8601)')
    .option('--from <time>', 'start of the time window')
    .option('--to <time>', 'end of the time window')
    .option('--description <text>', 'what was seen')
    .option('--analyst <name>', 'who saw it')
    .option('--lat <lat>', 'latitude')
    .option('--lon <lon>', 'longitude')
    .option('--image <ref>', 'image reference (file or URL)')
    .option('--confidence <0..1>', "the analyst's confidence")
    .option('--story <id>', 'link it to this story (default: the story whose facts it fits, if any)')
    .option('--json', 'print JSON')
    .action(async (file: string | undefined, opts: Record<string, string | boolean | undefined>, command: Command) => {
      const report = await withStore(command, async (store, config) => {
        const story = typeof opts.story === 'string' ? opts.story : undefined;
        if (story && !(await store.getStory(story)))
          throw new UsageError(`no story "${story}" (see triangulate stories)`);
        let report: IngestReport;
        if (file) {
          await assertObservationFile(file);
          report = await ingest([file], { store, config });
        } else {
          const observation = parseObservation(observationFromFlags(opts), 'command line');
          const result = await store.putObservation(observation);
          report = {
            items: [{ input: 'command line', kind: 'observation' as const, title: observation.place, ...result }],
            counts: {
              added: result.status === 'added' ? 1 : 0,
              unchanged: result.status === 'unchanged' ? 1 : 0,
              'new-version': 0,
              failed: 0,
            },
          };
        }
        await linkToStories(store, report, story);
        return report;
      });
      if (opts.json) printJson(report);
      else printReport(report);
      process.exitCode = report.counts.failed > 0 ? EXIT.someFailed : EXIT.ok;
    });

  observe
    .command('list')
    .description('list observations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const observations = await withStore(command, (store) => store.listObservations());
      if (opts.json) return printJson({ observations });
      for (const o of observations) {
        const when = o.observedAt ?? `${o.observedFrom} – ${o.observedTo}`;
        process.stdout.write(`${o.id}  ${when}  ${o.place}  (${o.analyst})\n    ${o.description}\n`);
      }
      process.stdout.write(`${observations.length} observations\n`);
    });
}

/**
 * Each new observation joins the story the analyst named, or else the story whose facts fit it best by place, time
 * and description (none when nothing fits).
 */
async function linkToStories(store: Store, report: IngestReport, story: string | undefined): Promise<void> {
  const added = report.items.filter((i) => i.kind === 'observation' && i.status !== 'failed' && i.id);
  if (added.length === 0) return;
  let fusions: { id: string; fusion: ReturnType<typeof fuseStory> }[] | null = null;
  for (const item of added) {
    let storyId = story;
    if (!storyId) {
      fusions ??= await Promise.all(
        (await store.listStories()).map(async (s) => ({
          id: s.id,
          fusion: fuseStory(await fuseInputFromStory(store, s.id)),
        })),
      );
      const observation = (await store.getObservation(item.id!))!;
      storyId = matchObservationToStories(observation, fusions)[0]?.storyId;
    }
    if (storyId) {
      await store.linkObservation(item.id!, storyId);
      item.storyId = storyId;
    }
  }
}

/** `observe add FILE` takes only observation files: an article in it is a mistake worth saying so. */
async function assertObservationFile(file: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new InputError(file, 'cannot read the file');
  });
  if (!/"analyst"\s*:/.test(text)) throw new InputError(file, 'no observation in the file (each needs "analyst")');
}

function observationFromFlags(opts: Record<string, string | boolean | undefined>): Record<string, unknown> {
  const number = (v: unknown) => (v === undefined ? undefined : Number(v));
  return {
    place: opts.place,
    observedAt: opts.at,
    observedFrom: opts.from,
    observedTo: opts.to,
    description: opts.description,
    analyst: opts.analyst,
    lat: number(opts.lat),
    lon: number(opts.lon),
    imageRef: opts.image,
    confidence: number(opts.confidence),
    storyId: opts.story,
  };
}
