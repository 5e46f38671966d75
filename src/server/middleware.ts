/**
 * The server's guards, each a small factory with its defaults in the signature, so that tests can build exactly the
 * stack they need and call it in-process (`app.request(...)`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { HTTPException } from 'hono/http-exception';

/** The one error shape of the API: `{ error: { code, message } }`. */
export type ErrorCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'internal';

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 500,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function errorResponse(c: Context, error: ApiError, headers: Record<string, string> = {}): Response {
  return c.json({ error: { code: error.code, message: error.message } }, error.status, headers);
}

export const DEFAULT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every response carries: no inline script can run, nothing is sniffed, nothing leaks in Referer. */
export function securityHeaders({ csp = DEFAULT_CSP, referrerPolicy = 'no-referrer' } = {}): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', csp);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', referrerPolicy);
    c.res.headers.set('X-Frame-Options', 'DENY');
    c.res.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  };
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?$/i;

/**
 * Without a token the server trusts whoever can reach the loopback interface, so the Host header must name it:
 * otherwise a web page could rebind its own domain's DNS to 127.0.0.1 and read the API as "same origin".
 */
export function loopbackHostOnly({ enabled = true } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (enabled && !LOOPBACK_HOST.test(c.req.header('host') ?? '')) {
      throw new ApiError(403, 'forbidden', 'this server answers only to a loopback host name (start it with --token)');
    }
    await next();
  };
}

/**
 * With a token, every request must carry it: `Authorization: Bearer TOKEN`, or the cookie set when the browser opens
 * the one-time link `/?token=TOKEN` (which then redirects to the same page without the token in the address bar).
 */
export function requireToken({
  token,
  cookieName = 'triangulate_token',
}: {
  token: string | null;
  cookieName?: string;
}): MiddlewareHandler {
  return async (c, next) => {
    if (!token) return next();
    const fromQuery = c.req.query('token');
    if (fromQuery !== undefined && c.req.method === 'GET') {
      if (!sameSecret(fromQuery, token)) throw new ApiError(401, 'unauthorized', 'wrong token');
      setCookie(c, cookieName, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const presented = bearer ?? getCookie(c, cookieName);
    if (!presented) throw new ApiError(401, 'unauthorized', 'a token is required (Authorization: Bearer, or ?token=)');
    if (!sameSecret(presented, token)) throw new ApiError(401, 'unauthorized', 'wrong token');
    await next();
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Requests that change something must come from the workbench itself: a browser's Sec-Fetch-Site and Origin must
 * say same origin, and the body must be JSON — a content type no cross-site form can send and no cross-site script
 * can send without a CORS preflight, which this server never grants.
 */
export function rejectCrossSite({ jsonOnly = true } = {}): MiddlewareHandler {
  return async (c, next) => {
    if (!UNSAFE_METHODS.has(c.req.method)) return next();
    const site = c.req.header('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') {
      throw new ApiError(403, 'forbidden', `cross-site request refused (Sec-Fetch-Site: ${site})`);
    }
    const origin = c.req.header('origin');
    const own = `${new URL(c.req.url).protocol}//${c.req.header('host')}`;
    if (origin && origin !== own) throw new ApiError(403, 'forbidden', `cross-origin request refused from ${origin}`);
    if (jsonOnly && !/^application\/json\s*(?:;|$)/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported-media-type', 'send the body as application/json');
    }
    await next();
  };
}

/** The largest request body accepted; larger ones end in 413 before they are read whole (chunked ones too). */
export function limitBody({ maxBytes = 1024 * 1024 } = {}): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw tooLarge(maxBytes);
    },
  });
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'payload-too-large', `the request body is larger than ${maxBytes} bytes`);
}

/** Any error → the JSON error shape; faults that are not ours are logged and reported without their details. */
export function toErrorResponse(err: Error, c: Context): Response {
  if (err instanceof ApiError) return errorResponse(c, err);
  if (err instanceof HTTPException && err.status < 500) {
    return errorResponse(c, new ApiError(400, 'bad-request', err.message || 'bad request'));
  }
  process.stderr.write(`triangulate serve: ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`);
  return errorResponse(c, new ApiError(500, 'internal', 'internal error (logged on the server)'));
}

/**
 * 405 (with `Allow`) for a method no route of a known path takes — answered before the other guards, so that a
 * DELETE on a read-only path says so instead of complaining about its content type.
 */
export function allowedMethods(routes: { method: string; path: string }[]): MiddlewareHandler {
  const patterns = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  for (const { method, path } of routes) {
    const entry = patterns.get(path) ?? {
      pattern: new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/:[^/]+/g, '[^/]+')}$`),
      methods: new Set<string>(),
    };
    entry.methods.add(method);
    if (method === 'GET') entry.methods.add('HEAD');
    patterns.set(path, entry);
  }
  return async (c, next) => {
    const allowed = new Set<string>();
    for (const { pattern, methods } of patterns.values()) {
      if (pattern.test(c.req.path)) for (const m of methods) allowed.add(m);
    }
    if (allowed.size && !allowed.has(c.req.method)) {
      return errorResponse(c, new ApiError(405, 'method-not-allowed', `${c.req.method} is not allowed here`), {
        Allow: [...allowed].join(', '),
      });
    }
    await next();
  };
}
