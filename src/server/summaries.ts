/**
 * Story briefs kept in the store: fusing a story costs from milliseconds to seconds, so its brief is computed once
 * per state of the story (its documents and the observations fusion may use, hashed into a signature) and read back
 * after. The stories list shows each story's counts (origins, outlets, facts by status) from the kept brief when it
 * is current; the server refreshes stale ones in the background (`startBriefRefresher`).
 */

import type { StoryView } from '../cluster/stories.ts';
import { fuseStory } from '../fuse/fuse.ts';
import { fuseInputFromStory } from '../fuse/load.ts';
import { briefJson } from '../fuse/render.ts';
import { sha256 } from '../hash.ts';
import type { Observation } from '../model.ts';
import type { Store, StoryBriefSummary } from '../store/store.ts';

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
    shouldStop = () => false,
    pause,
  }: {
    onProgress?: (done: number, total: number) => void;
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
    await storyBrief(store, story.id, observations);
    onProgress?.(++done, stale.length);
    await pause?.();
  }
  return done;
}

/**
 * Refresh stale briefs in the background, one story at a time with a pause between stories so that requests come
 * first; every `intervalMs` it looks again (documents other processes added), and at once when `kick`ed (after a
 * change through this server). `stop` waits for the story being fused.
 */
export function startBriefRefresher(
  store: Store,
  { intervalMs = 30_000, pauseMs = 20 } = {},
): { kick: () => void; stop: () => Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | null = null;
  let again = false;
  const pause = () => new Promise<void>((resolve) => setTimeout(resolve, pauseMs));
  const round = () => {
    clearTimeout(timer);
    if (running) {
      again = true;
      return;
    }
    running = refreshStoryBriefs(store, { shouldStop: () => stopped, pause })
      .catch((err: Error) => process.stderr.write(`triangulate serve: refreshing story briefs: ${err.message}\n`))
      .finally(() => {
        running = null;
        if (stopped) return;
        if (again) {
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
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
