/** Start the app on node:http and stop it cleanly. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app.ts';
import { startBriefRefresher } from './summaries.ts';

export interface RunningServer {
  /** The address to open, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);
}

export function startServer(
  options: AppOptions & {
    port?: number;
    host?: string;
    /** Keep the stories' briefs current in the background (their counts in the stories list); default on. */
    refreshBriefs?: boolean;
    /**
     * Where the store is (its SQLite file or postgres:// URL): the background refresher then opens its own
     * connection in a worker thread, so that fusing a large story never holds up requests.
     */
    db?: string;
  },
): Promise<RunningServer> {
  const { port = 8080, host = '127.0.0.1', refreshBriefs = true, db, ...appOptions } = options;
  const refresher = refreshBriefs ? startBriefRefresher(appOptions.store, { db }) : null;
  const app = createApp({ ...appOptions, onChange: refresher?.kick, onWantBrief: refresher?.want });
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
      const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shownHost}:${info.port}/`,
        port: info.port,
        close: async () => {
          await refresher?.stop();
          await new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
        },
      });
    });
    server.once('error', (err) => {
      void refresher?.stop();
      reject(err);
    });
  });
}
