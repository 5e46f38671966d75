import type { Command } from 'commander';
import { UsageError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import { withStore } from '../context.ts';
import { printJson } from '../output.ts';

export function register(program: Command): void {
  program
    .command('documents')
    .description('list stored documents, newest first')
    .option('--source <id>', 'only this source')
    .option('--since <date>', 'only documents published (or ingested, when undated) on or after this date')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { source?: string; since?: string; limit: string; json?: boolean }, command: Command) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a positive whole number');
      const result = await withStore(command, async (store) => ({
        total: await store.countDocuments(),
        documents: await store.listDocuments({ sourceId: opts.source, since: opts.since, limit }),
      }));
      if (opts.json) return printJson(result);
      for (const d of result.documents) {
        const date = d.publishedAt.value ?? 'undated';
        process.stdout.write(`${d.id}  ${date.padEnd(16)}  ${d.language}  ${d.source.name.padEnd(20)}  ${d.title}\n`);
      }
      process.stdout.write(`${result.documents.length} of ${result.total} documents\n`);
    });

  program
    .command('document')
    .description('show one document: metadata, clean text, removed boilerplate, versions')
    .argument('<id>', 'document id (a unique prefix is enough)')
    .option('--raw', 'include the raw input verbatim')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { raw?: boolean; json?: boolean }, command: Command) => {
      const { document, json } = await withStore(command, async (store) => documentView(store, id, Boolean(opts.raw)));
      if (opts.json) return printJson(json);
      process.stdout.write(`${document.title}\n${document.id} · ${document.source.name} · ${document.language}\n`);
      process.stdout.write(
        `published: ${document.publishedAt.value ?? 'unknown'} (${document.publishedAt.origin})\n\n`,
      );
      process.stdout.write(`${document.text}\n\n`);
      if (document.removed.length) {
        process.stdout.write(`removed (${document.removed.length}):\n`);
        for (const r of document.removed) process.stdout.write(`  [${r.reason}] ${r.text}\n`);
      }
    });
}

async function documentView(store: Store, idOrPrefix: string, includeRaw: boolean) {
  const id = await resolveDocumentId(store, idOrPrefix);
  const document = (await store.getDocument(id))!;
  const versions = document.url ? await store.versionsOf(document.url) : [];
  const analysis = await store.getAnalysis(id);
  const raw = includeRaw ? document.raw : { ...document.raw, content: undefined };
  return { document, json: { ...document, raw, versions, ...(analysis ?? {}) } };
}

export async function resolveDocumentId(store: Store, idOrPrefix: string): Promise<string> {
  if (await store.getDocument(idOrPrefix)) return idOrPrefix;
  const matches = await store.documentIdsWithPrefix(idOrPrefix, 10);
  if (matches.length === 1) return matches[0]!;
  throw new UsageError(
    matches.length ? `"${idOrPrefix}" matches several documents; give more of the id` : `no document "${idOrPrefix}"`,
  );
}
