/**
 * The HTTP application: guards, the JSON API and the workbench's files, as one Hono app — served by node:http in
 * `serve.ts`, called in-process by tests (`app.request(...)`).
 */
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import { ROUTES } from './api.ts';
import {
  ApiError,
  allowedMethods,
  errorResponse,
  limitBody,
  loopbackHostOnly,
  rejectCrossSite,
  requireToken,
  securityHeaders,
  toErrorResponse,
} from './middleware.ts';
import { webRoutes } from './web.ts';

export interface AppOptions {
  store: Store;
  config: Readonly<Config>;
  /** When set, every request must carry it; when null, only loopback Host names are answered. */
  token?: string | null;
  /** Largest JSON body; pasted texts are the big ones. */
  maxBodyBytes?: number;
  /** Folder holding index.html, style.css and src/ (tests may point elsewhere). */
  webRoot?: string;
  /** Called after every change made through the API (a POST that succeeded). */
  onChange?: () => void;
  /** Called with a story whose brief a request wanted but found stale or missing (fuse it next). */
  onWantBrief?: (storyId: string) => void;
  /** Stories up to this many documents have a stale brief fused on the request (`INLINE_FUSION_DOCUMENTS`). */
  inlineFusionUpTo?: number;
}

export function createApp({
  store,
  config,
  token = null,
  maxBodyBytes = 5 * 1024 * 1024,
  webRoot,
  onChange,
  onWantBrief,
  inlineFusionUpTo,
}: AppOptions) {
  const app = new Hono();
  app.onError(toErrorResponse);
  app.notFound((c) => errorResponse(c, new ApiError(404, 'not-found', `no such path: ${c.req.path}`)));
  app.use(securityHeaders());
  app.use(loopbackHostOnly({ enabled: !token }));
  app.use(requireToken({ token }));
  app.use(allowedMethods(ROUTES));
  app.use(rejectCrossSite());
  app.use(limitBody({ maxBytes: maxBodyBytes }));
  app.use(async (c, next) => {
    await next();
    if (c.req.method === 'POST' && c.res.status < 400) onChange?.();
  });
  const context = { store, config, wantBrief: onWantBrief, inlineFusionUpTo };
  for (const route of ROUTES) app.on(route.method, route.path, (c) => route.handler(c, context));
  app.route('/', webRoutes(webRoot ? { root: webRoot } : {}));
  return app;
}
