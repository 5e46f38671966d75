import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import { withStore } from '../context.ts';
import { printJson } from '../output.ts';

export function register(program: Command): void {
  const alert = program.command('alert').description('alert rules matched on every new document the watcher stores');

  alert
    .command('add')
    .description('add a rule; every condition given must hold')
    .option('--entity <name>', 'an entity (by name or alias once analysed; as a phrase in the text until then)')
    .option('--keyword <word>', 'a word or phrase in the title or text (whole words, any case)')
    .option('--story <id>', 'only documents of this story')
    .option('--webhook <url>', 'POST each match as JSON to this URL')
    .option('--json', 'print JSON')
    .action(
      async (
        opts: { entity?: string; keyword?: string; story?: string; webhook?: string; json?: boolean },
        command: Command,
      ) => {
        const entity = opts.entity?.trim() || null;
        const keyword = opts.keyword?.trim() || null;
        if (!entity && !keyword && !opts.story) throw new UsageError('give --entity, --keyword or --story');
        if (opts.webhook && !/^https?:\/\/\S+$/i.test(opts.webhook)) {
          throw new UsageError(`--webhook "${opts.webhook}" is not an http(s) URL`);
        }
        const rule = await withStore(command, (store) =>
          store.addAlertRule({
            entity,
            keyword,
            storyId: opts.story ?? null,
            webhook: opts.webhook ?? null,
            createdAt: new Date().toISOString(),
          }),
        );
        if (opts.json) return printJson(rule);
        process.stdout.write(`alert ${rule.id} added\n`);
      },
    );

  alert
    .command('list')
    .description('list rules, or with --matches the documents they matched (newest first)')
    .option('--matches', 'list matches instead of rules')
    .option('--rule <id>', 'with --matches: only this rule')
    .option('--limit <n>', 'with --matches: at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { matches?: boolean; rule?: string; limit: string; json?: boolean }, command: Command) => {
      if (opts.matches) {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a positive whole number');
        const matches = await withStore(command, (store) =>
          store.listAlertMatches({ ruleId: opts.rule ? Number(opts.rule) : undefined, limit }),
        );
        if (opts.json) return printJson({ matches });
        for (const m of matches) {
          const hook = m.webhookStatus
            ? `  webhook ${m.webhookStatus}${m.webhookError ? `: ${m.webhookError}` : ''}`
            : '';
          process.stdout.write(`${m.matchedAt}  alert ${m.ruleId}  ${m.documentId}  ${m.title}\n`);
          process.stdout.write(`    ${m.reasons.join('; ')}${hook}\n`);
        }
        process.stdout.write(`${matches.length} matches\n`);
        return;
      }
      const rules = await withStore(command, (store) => store.listAlertRules());
      if (opts.json) return printJson({ rules });
      for (const r of rules) {
        const parts = [
          r.entity && `entity "${r.entity}"`,
          r.keyword && `keyword "${r.keyword}"`,
          r.storyId && `story ${r.storyId}`,
          r.webhook && `→ ${r.webhook}`,
        ].filter(Boolean);
        process.stdout.write(`${String(r.id).padStart(3)}  ${parts.join(' · ')}\n`);
      }
      process.stdout.write(`${rules.length} rules\n`);
    });

  alert
    .command('remove')
    .description('remove a rule and its matches')
    .argument('<id>', 'the id `alert list` shows')
    .action(async (id: string, _opts: unknown, command: Command) => {
      if (!/^\d+$/.test(id)) throw new UsageError(`"${id}" is not an alert id`);
      const removed = await withStore(command, (store) => store.removeAlertRule(Number(id)));
      if (!removed) throw new UsageError(`no alert ${id}`);
      process.stdout.write(`removed alert ${id}\n`);
    });
}
