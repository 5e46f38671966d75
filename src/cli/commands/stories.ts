import type { Command } from 'commander';
import { applyOverride, clusterInputOf, reclusterAll } from '../../cluster/assign.ts';
import type { StoryView } from '../../cluster/stories.ts';
import { UsageError } from '../../errors.ts';
import { type Store, updateClusterState } from '../../store/store.ts';
import { withStore } from '../context.ts';
import { printJson } from '../output.ts';
import { resolveDocumentId } from './documents.ts';

const analystOf = (opts: { analyst?: string }) => opts.analyst ?? process.env.USER ?? 'analyst';

export function register(program: Command): void {
  program
    .command('stories')
    .description('list stories, most recently active first')
    .option('--since <date>', 'only stories with a document on or after this date')
    .option('--json', 'print JSON')
    .action(async (opts: { since?: string; json?: boolean }, command: Command) => {
      const stories = await withStore(command, (store) => store.listStories({ since: opts.since }));
      if (opts.json) return printJson({ stories: stories.map(storySummary) });
      for (const s of stories) {
        const span = s.firstSeen ? `${s.firstSeen.slice(0, 10)}…${(s.lastSeen ?? '').slice(0, 10)}` : 'undated';
        process.stdout.write(
          `${s.id.padEnd(6)} ${String(s.docIds.length).padStart(3)} docs  ${span.padEnd(21)}  ${s.title}\n`,
        );
      }
      process.stdout.write(`${stories.length} stories\n`);
    });

  program
    .command('story')
    .description('one story (documents, relations, sources); or an analyst action on stories')
    .usage('<id> [--why DOC] [--json] | merge <A> <B> | split <STORY> <DOC...>')
    .argument('<id-or-action>', 'a story id, or `merge` / `split`')
    .argument('[args...]', 'for merge: two story ids; for split: the story id and the documents to move out')
    .option('--why <doc>', 'explain why a document is in the story')
    .option('--analyst <name>', 'who is acting (audit log; default $USER)')
    .option('--json', 'print JSON')
    .action(
      async (
        first: string,
        args: string[],
        opts: { why?: string; analyst?: string; json?: boolean },
        command: Command,
      ) => {
        const result = await withStore(command, async (store) => {
          if (first === 'merge') return override(store, 'merge', args, analystOf(opts));
          if (first === 'split') return override(store, 'split', args, analystOf(opts));
          return storyDetail(store, first, opts.why);
        });
        if (opts.json) return printJson(result);
        process.stdout.write(`${formatStory(result as Awaited<ReturnType<typeof storyDetail>>)}\n`);
      },
    );

  program
    .command('recluster')
    .description('rebuild all stories from scratch (analyst merges and splits are kept)')
    .option('--analyst <name>', 'who is acting (audit log; default $USER)')
    .option('--json', 'print JSON')
    .action(async (opts: { analyst?: string; json?: boolean }, command: Command) => {
      const stories = await withStore(command, async (store) => {
        const { plan, documents } = await updateClusterState(store, async (revision) => {
          const previous = await store.loadClusterSnapshot({ all: true });
          const ids = previous?.docs.map((d) => d.fingerprint.id) ?? [];
          ids.push(...(await store.unclusteredDocumentIds()));
          const inputs = [];
          for (const id of new Set(ids)) {
            const document = await store.getDocument(id);
            if (document) inputs.push(clusterInputOf(document, await store.getAnalysis(id)));
          }
          const empty = {
            version: 1 as const,
            params: previous?.params ?? ({} as never),
            nextStory: 1,
            docs: [],
            relations: [],
            constraints: previous?.constraints ?? [],
          };
          const plan = reclusterAll(previous ?? empty, inputs);
          await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed, { expectRevision: revision });
          return { plan, documents: inputs.length };
        });
        await store.addAuditEntry({
          at: new Date().toISOString(),
          analyst: analystOf(opts),
          action: 'recluster',
          storyId: null,
          detail: { documents, stories: plan.stories.length },
        });
        return plan.stories;
      });
      if (opts.json) return printJson({ stories: stories.map(storySummary) });
      process.stdout.write(
        `${stories.length} stories from ${stories.reduce((n, s) => n + s.docIds.length, 0)} documents\n`,
      );
    });
}

export function storySummary(s: StoryView) {
  return {
    id: s.id,
    title: s.title,
    size: s.docIds.length,
    firstSeen: s.firstSeen,
    lastSeen: s.lastSeen,
    sources: s.sources,
  };
}

async function requireStory(store: Store, id: string): Promise<StoryView> {
  const story = await store.getStory(id);
  if (!story) throw new UsageError(`no story "${id}" (see \`triangulate stories\`)`);
  return story;
}

export async function storyDetail(store: Store, id: string, why?: string) {
  const story = await requireStory(store, id);
  // One query for all the story's documents (summaries: not their texts), back in the story's order.
  const summaries = new Map(
    (await store.listDocuments({ ids: story.docIds, limit: story.docIds.length })).map((d) => [d.id, d]),
  );
  const documents = story.docIds.flatMap((docId) => {
    const d = summaries.get(docId);
    return d ? [{ id: d.id, title: d.title, source: d.source.name, publishedAt: d.publishedAt, url: d.url }] : [];
  });
  // Only the story's own relations: loading the whole cluster state costs seconds on a large store.
  const relations = await store.relationsAmong(story.docIds);
  let explanation = null;
  if (why) {
    const docId = await resolveDocumentId(store, why);
    const snapshot = await store.loadClusterSnapshot();
    // The window first; a story that left it is read from the store's archived rows.
    const row =
      snapshot?.docs.find((d) => d.fingerprint.id === docId) ??
      (await store.loadArchivedStories([], [], [id])).docs.find((d) => d.fingerprint.id === docId);
    if (!row || row.storyId !== id) throw new UsageError(`document ${docId} is not in story ${id}`);
    explanation = row.membership;
  }
  return {
    ...storySummary(story),
    documents,
    relations,
    audit: await store.listAudit(id),
    ...(why ? { why: explanation } : {}),
  };
}

export async function override(store: Store, action: 'merge' | 'split', args: string[], analyst: string) {
  // Read, apply and save as one optimistic step: a worker's pass saved in between makes it start over on the new
  // state, instead of one of the two saves undoing the other.
  const { plan, detail } = await updateClusterState(store, async (revision) => {
    const previous = await store.loadClusterSnapshot();
    if (!previous) throw new UsageError('there are no stories yet');
    let plan: ReturnType<typeof applyOverride>;
    let detail: Record<string, unknown>;
    if (action === 'merge') {
      if (args.length !== 2) throw new UsageError('usage: triangulate story merge <A> <B>');
      const [a, b] = args as [string, string];
      await requireStory(store, a);
      await requireStory(store, b);
      plan = applyOverride(previous, { action, a, b }, await store.loadArchivedStories([], [], [a, b]));
      detail = { merged: [a, b] };
    } else {
      const [storyId, ...docArgs] = args;
      if (!storyId || docArgs.length === 0) throw new UsageError('usage: triangulate story split <STORY> <DOC...>');
      const story = await requireStory(store, storyId);
      const docs = await Promise.all(docArgs.map((d) => resolveDocumentId(store, d)));
      const outside = docs.filter((d) => !story.docIds.includes(d));
      if (outside.length) throw new UsageError(`not in story ${storyId}: ${outside.join(', ')}`);
      plan = applyOverride(
        previous,
        { action, story: storyId, docs },
        await store.loadArchivedStories([], [], [storyId]),
      );
      detail = { from: storyId, documents: docs };
    }
    await store.saveClusterSnapshot(plan.snapshot, plan.stories, plan.changed, { expectRevision: revision });
    return { plan, detail };
  });
  await store.addAuditEntry({
    at: new Date().toISOString(),
    analyst,
    action,
    storyId: plan.storyId,
    detail: { ...detail, result: plan.storyId },
  });
  return storyDetail(store, plan.storyId);
}

function formatStory(s: Awaited<ReturnType<typeof storyDetail>>): string {
  const lines = [
    `${s.id}: ${s.title}`,
    `${s.size} documents from ${s.sources.length} sources · ${s.firstSeen ?? 'undated'} … ${s.lastSeen ?? ''}`,
    '',
  ];
  for (const d of s.documents)
    lines.push(`  ${d.id}  ${(d.publishedAt.value ?? 'undated').padEnd(20)} ${d.source.padEnd(22)} ${d.title}`);
  if (s.relations.length) {
    lines.push('', 'Relations:');
    for (const r of s.relations) {
      const order = r.precedence ? ` (${r.precedence.earlier} first)` : '';
      lines.push(`  ${r.a} ${r.type} of ${r.b}  score ${r.score.toFixed(2)}${order}`);
    }
  }
  if (s.why) {
    const w = s.why;
    lines.push('', `Why ${w.docId}: ${w.reason} (${w.decidedBy}), score ${w.score.toFixed(2)}`);
    if (w.relation) lines.push(`  ${w.relation.type} of ${w.relation.with} (${w.relation.score.toFixed(2)})`);
    if (w.sharedTerms.length) lines.push(`  terms: ${w.sharedTerms.slice(0, 12).join(', ')}`);
    if (w.sharedAnchors.length)
      lines.push(`  names, dates, numbers, entities: ${w.sharedAnchors.slice(0, 12).join(', ')}`);
    if (w.daysFromStory !== null)
      lines.push(`  ${w.daysFromStory} days from the story (time factor ${w.timeFactor.toFixed(2)})`);
  }
  if (s.audit.length) {
    lines.push('', 'Analyst actions:');
    for (const a of s.audit) lines.push(`  ${a.at} ${a.analyst} ${a.action} ${JSON.stringify(a.detail)}`);
  }
  return lines.join('\n');
}
