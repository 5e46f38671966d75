/**
 * The brief refresher in a worker thread (started by `startBriefRefresher`): it opens the store itself (its own
 * SQLite connection or PostgreSQL pool) and fuses stale story briefs there, so that fusing a 400-document story
 * (seconds of CPU) never holds up the server's requests. Messages in: `kick`, `want` (a story id), `stop`; out:
 * `fused` (a story id) and, after `stop`, `stopped`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store/open.ts';
import { briefRefreshLoop } from './summaries.ts';

export type ToBriefWorker = { type: 'kick' } | { type: 'want'; storyId: string } | { type: 'stop' };
export type FromBriefWorker = { type: 'fused'; storyId: string } | { type: 'stopped' };

if (parentPort) {
  const port = parentPort;
  const { db, intervalMs } = workerData as { db: string; intervalMs: number };
  const store = openStore({ db });
  const post = (message: FromBriefWorker) => port.postMessage(message);
  const loop = briefRefreshLoop(store, { intervalMs, onFused: (storyId) => post({ type: 'fused', storyId }) });
  port.on('message', async (message: ToBriefWorker) => {
    if (message.type === 'kick') loop.kick();
    else if (message.type === 'want') loop.want(message.storyId);
    else {
      await loop.stop();
      await store.close();
      post({ type: 'stopped' });
      port.close();
    }
  });
}
