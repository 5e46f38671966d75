/**
 * Story briefs kept in the store: fusing a story costs from milliseconds to seconds, so its brief is computed once
 * per state of the story (its documents and the observations fusion may use, hashed into a signature) and read back
 * after. The stories list shows each story's counts (origins, outlets, facts by status) from the kept brief when it
 * is current; the server refreshes stale ones in the background (`startBriefRefresher`).
 */

import { Worker } from 'node:worker_threads';
import type { StoryView } from '../cluster/stories.ts';
import { fuseStory } from '../fuse/fuse.ts';
import { fuseInputFromStory } from '../fuse/load.ts';
import { briefJson } from '../fuse/render.ts';
import { sha256 } from '../hash.ts';
import type { Observation } from '../model.ts';
import type { Store, StoryBriefSummary } from '../store/store.ts';
import type { FromBriefWorker, ToBriefWorker } from './brief-worker.ts';

export type BriefJson = ReturnType<typeof briefJson>;

/** What the brief of a story depends on: its documents and the observations fusion may use (see src/fuse/load.ts). */
export function storySignature(story: Pick<StoryView, 'id' | 'docIds'>, observations: Observation[]): string {
  const usable = observations
    .filter((o) => !o.storyId || o.storyId === story.id)
    .map((o) => o.id)
    .sort();
  return sha256(JSON.stringify([[...story.docIds].sort(), usable])).slice(0, 32);
}

export function summaryOf(brief: BriefJson): StoryBriefSummary {
  const outlets = new Set<string>();
  for (const key of ['corroborated', 'singleOrigin', 'disputed', 'contradicted', 'openQuestions'] as const)
    for (const item of brief[key]) for (const outlet of item.outlets) outlets.add(outlet);
  return {
    origins: brief.origins.length,
    outlets: outlets.size,
    corroborated: brief.corroborated.length,
    singleOrigin: brief.singleOrigin.length,
    disputed: brief.disputed.length,
    contradicted: brief.contradicted.length,
    openQuestions: brief.openQuestions.length,
  };
}

/** The brief of a story: the kept one when current, else fused now and kept. */
export async function storyBrief(store: Store, storyId: string, observations?: Observation[]): Promise<BriefJson> {
  const story = await store.getStory(storyId);
  const signature = story ? storySignature(story, observations ?? (await store.listObservations())) : null;
  const kept = signature ? await store.getStoryBrief(storyId) : null;
  if (kept && kept.signature === signature) return kept.brief as BriefJson;
  const brief = briefJson(fuseStory(await fuseInputFromStory(store, storyId)));
  if (signature) {
    await store.putStoryBrief({
      storyId,
      signature,
      brief,
      summary: summaryOf(brief),
      computedAt: new Date().toISOString(),
    });
  }
  return brief;
}

/** Fuse every story whose kept brief is missing or stale, newest activity first. Returns how many were fused. */
export async function refreshStoryBriefs(
  store: Store,
  {
    onProgress,
    onFused,
    shouldStop = () => false,
    pause,
  }: {
    onProgress?: (done: number, total: number) => void;
    /** Called with each story fused. */
    onFused?: (storyId: string) => void;
    shouldStop?: () => boolean;
    /** Awaited between stories (the server yields to requests there). */
    pause?: () => Promise<void>;
  } = {},
): Promise<number> {
  const observations = await store.listObservations();
  const stories = await store.listStories({ limit: Number.MAX_SAFE_INTEGER });
  const kept = await store.storyBriefSummaries(stories.map((s) => s.id));
  const stale = stories.filter((s) => kept.get(s.id)?.signature !== storySignature(s, observations));
  let done = 0;
  for (const story of stale) {
    if (shouldStop()) break;
    // A story merged or split away since the list was read has nothing to fuse.
    if (!(await store.getStory(story.id))) continue;
    await storyBrief(store, story.id, observations);
    onFused?.(story.id);
    onProgress?.(++done, stale.length);
    await pause?.();
  }
  return done;
}

/**
 * How the request path gets a brief: the kept one when current; a story of at most `inlineUpTo` documents is fused
 * now (milliseconds); a larger one is never fused on the request path — its kept brief is returned marked `stale`, or
 * none (`pending`), and `want` asks the background refresher to fuse it next.
 */
export async function briefForRequest(
  store: Store,
  storyId: string,
  {
    observations,
    inlineUpTo = INLINE_FUSION_DOCUMENTS,
    want,
  }: { observations?: Observation[]; inlineUpTo?: number; want?: (storyId: string) => void } = {},
): Promise<{ brief: BriefJson | null; state: 'current' | 'stale' | 'pending'; computedAt: string | null }> {
  const story = await store.getStory(storyId);
  if (!story) return { brief: await storyBrief(store, storyId, observations), state: 'current', computedAt: null };
  const signature = storySignature(story, observations ?? (await store.listObservations()));
  const kept = await store.getStoryBrief(storyId);
  if (kept && kept.signature === signature)
    return { brief: kept.brief as BriefJson, state: 'current', computedAt: kept.computedAt };
  if (story.docIds.length <= inlineUpTo) {
    return {
      brief: await storyBrief(store, storyId, observations),
      state: 'current',
      computedAt: new Date().toISOString(),
    };
  }
  want?.(storyId);
  return kept
    ? { brief: kept.brief as BriefJson, state: 'stale', computedAt: kept.computedAt }
    : { brief: null, state: 'pending', computedAt: null };
}

/** Stories up to this size are fused on the request path when their brief is stale (≈ 0.1–0.2 s here). */
export const INLINE_FUSION_DOCUMENTS = 40;

export interface BriefRefresher {
  /** Look for stale briefs again now (after a change through this server). */
  kick(): void;
  /** Fuse this story next (a request is waiting for its brief). */
  want(storyId: string): void;
  /** Stop, waiting for the story being fused. */
  stop(): Promise<void>;
}

/**
 * Refresh stale briefs in the background, one story at a time with a pause between stories so that requests come
 * first, stories a request is waiting for first of all; every `intervalMs` it looks again (documents other processes
 * added), and at once when `kick`ed. In this thread: fusing a large story holds it for a second or more, which is
 * why the server runs this in a worker thread when it can open the store itself (`startBriefRefresher`).
 */
export function briefRefreshLoop(
  store: Store,
  {
    intervalMs = 30_000,
    pauseMs = 20,
    onFused,
  }: { intervalMs?: number; pauseMs?: number; onFused?: (id: string) => void } = {},
): BriefRefresher {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;
  let again = false;
  const wanted = new Set<string>();
  const fuseWanted = async () => {
    for (const id of wanted) {
      if (stopped) return;
      wanted.delete(id);
      if (await store.getStory(id)) await storyBrief(store, id);
      onFused?.(id);
    }
  };
  const pause = async () => {
    await new Promise<void>((resolve) => setTimeout(resolve, pauseMs));
    await fuseWanted();
  };
  const round = () => {
    clearTimeout(timer);
    if (running) {
      again = true;
      return;
    }
    running = fuseWanted()
      .then(() => refreshStoryBriefs(store, { shouldStop: () => stopped, pause, onFused }))
      .catch((err: Error) => process.stderr.write(`triangulate serve: refreshing story briefs: ${err.message}\n`))
      .finally(() => {
        running = null;
        if (stopped) return;
        if (again || wanted.size) {
          again = false;
          round();
        } else timer = setTimeout(round, intervalMs);
      });
  };
  timer = setTimeout(round, 0);
  return {
    kick: () => {
      if (!stopped) round();
    },
    want: (storyId) => {
      if (stopped) return;
      wanted.add(storyId);
      if (!running) round();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The server's brief refresher: in a worker thread with its own connection when the store's location is known
 * (`db`: a SQLite file or a postgres:// URL), else in this thread (an in-memory store, tests).
 */
export function startBriefRefresher(
  store: Store,
  { db, intervalMs = 30_000 }: { db?: string; intervalMs?: number } = {},
): BriefRefresher {
  if (!db || db === ':memory:') return briefRefreshLoop(store, { intervalMs });
  // The worker runs the same source as this module: JavaScript when built; TypeScript under tsx in development,
  // whose loader a worker thread does not inherit (Node 20), so the worker registers it before loading the entry.
  const typescript = import.meta.url.endsWith('.ts');
  const entry = new URL(`./brief-worker.${typescript ? 'ts' : 'js'}`, import.meta.url);
  const options = { workerData: { db, intervalMs } };
  const worker = typescript
    ? new Worker(
        `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
          .then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`,
        { ...options, eval: true },
      )
    : new Worker(entry, options);
  worker.unref();
  // Should the worker fail (it could not open the store, say), briefs are refreshed in this thread instead.
  let fallback: BriefRefresher | null = null;
  worker.on('error', (err) => {
    process.stderr.write(`triangulate serve: the story brief worker stopped (${err.message}); refreshing here\n`);
    fallback ??= briefRefreshLoop(store, { intervalMs });
  });
  const send = (message: ToBriefWorker) => {
    if (fallback) {
      if (message.type === 'kick') fallback.kick();
      else if (message.type === 'want') fallback.want(message.storyId);
    } else worker.postMessage(message);
  };
  return {
    kick: () => send({ type: 'kick' }),
    want: (storyId) => send({ type: 'want', storyId }),
    stop: async () => {
      if (fallback) return fallback.stop();
      const stopped = new Promise<void>((resolve) => {
        worker.on('message', (m: FromBriefWorker) => m.type === 'stopped' && resolve());
        worker.once('exit', () => resolve());
      });
      send({ type: 'stop' });
      await stopped;
      await worker.terminate();
    },
  };
}
