/**
 * A feed server on 127.0.0.1 for the watcher's tests and benchmark: RSS feeds whose items change between polls,
 * ETag/304 handling, and any route a test wants (errors, slow answers, malformed XML). It records every request
 * with its start and end times and how many were in flight at once.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedItemSpec {
  guid: string;
  title: string;
  link: string;
  text: string;
  pubDate?: string;
}

export interface RecordedRequest {
  path: string;
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
  start: number;
  end: number;
  status: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export interface FeedServer {
  base: string;
  url(path: string): string;
  /** Serve an RSS feed at `path` with these items (newest first), with an ETag and 304 to a matching request. */
  setFeed(path: string, items: FeedItemSpec[], options?: { title?: string; delayMs?: number }): void;
  /** Serve any body (an article page) at `path`, with an ETag and 304 to a matching request. */
  setBody(path: string, body: string, contentType: string): void;
  route(path: string, handler: Handler): void;
  requests: RecordedRequest[];
  /** Most requests in flight at once, per path prefix given to `trackConcurrency` (default: all). */
  maxInFlight(): number;
  resetStats(): void;
  close(): Promise<void>;
}

export function rss(title: string, items: FeedItemSpec[]): string {
  const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${xmlEscape(title)}</title><link>http://127.0.0.1/</link><description>test feed</description>
${items
  .map(
    (i) => `<item><guid>${xmlEscape(i.guid)}</guid><title>${xmlEscape(i.title)}</title><link>${xmlEscape(i.link)}</link>
<description>${xmlEscape(i.text)}</description>${i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : ''}</item>`,
  )
  .join('\n')}
</channel></rss>`;
}

export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Handler>();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = createServer((req, res) => {
    const start = performance.now();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', async () => {
      const record: RecordedRequest = {
        path,
        method: req.method ?? 'GET',
        headers: req.headers,
        body,
        start,
        end: start,
        status: 0,
      };
      res.on('close', () => {
        inFlight--;
        record.end = performance.now();
        record.status = res.statusCode;
      });
      requests.push(record);
      const handler = routes.get(path);
      if (!handler) return void res.writeHead(404).end('not found');
      try {
        await handler(req, res, body);
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
      }
    });
  });
  server.keepAliveTimeout = 100;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sleeping = new Set<NodeJS.Timeout>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeping.delete(timer);
        resolve();
      }, ms);
      sleeping.add(timer);
    });

  function setBody(path: string, body: string, contentType: string, options: { delayMs?: number } = {}) {
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    routes.set(path, async (req, res) => {
      if (options.delayMs) await delay(options.delayMs);
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': contentType, etag }).end(body);
    });
  }

  return {
    base,
    url: (path) => `${base}${path}`,
    setFeed(path, items, options = {}) {
      setBody(path, rss(options.title ?? 'Harbour Watch', items), 'application/rss+xml; charset=utf-8', options);
    },
    setBody,
    route(path, handler) {
      routes.set(path, handler);
    },
    requests,
    maxInFlight: () => maxInFlight,
    resetStats() {
      requests.length = 0;
      maxInFlight = inFlight;
    },
    async close() {
      for (const timer of sleeping) clearTimeout(timer);
      server.closeAllConnections();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
}
