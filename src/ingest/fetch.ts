/**
 * The one I/O function of the input layer: GET a URL with Node's fetch, following redirects by hand (to count them
 * and catch loops), with a deadline, a body size cap and conditional requests. Everything it finds wrong is an
 * `InputError` naming the URL.
 */
import { InputError } from '../errors.ts';
import { formatByteSize } from './decode.ts';

export interface FetchOptions {
  /** Deadline for the whole exchange, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Validators from an earlier fetch of the same URL, for a conditional GET. */
  etag?: string | null;
  lastModified?: string | null;
  /** Stand-in for the global `fetch` (tests, proxies). */
  fetchImpl?: typeof fetch;
}

export interface FetchedBody {
  status: 'ok';
  /** The URL after redirects. */
  finalUrl: string;
  contentType: string | null;
  bytes: Uint8Array;
  etag: string | null;
  lastModified: string | null;
  /** Every URL redirected to, in order (the last is `finalUrl`); empty without redirects. */
  redirects: string[];
}

export interface NotModified {
  status: 'not-modified';
  finalUrl: string;
}

export type FetchResult = FetchedBody | NotModified;

/** Fetch options from the configuration, for callers that have no reason to differ. */
export function fetchOptionsFrom(config: {
  maxInputBytes: number;
  fetch: { timeoutMs: number; maxRedirects: number; userAgent: string };
}): FetchOptions {
  return {
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.maxInputBytes,
    maxRedirects: config.fetch.maxRedirects,
    userAgent: config.fetch.userAgent,
  };
}

/** What the pipeline can read, best first; anything else is still accepted. */
const ACCEPT =
  'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/feed+json;q=0.9,' +
  'application/json;q=0.8,application/xml;q=0.8,text/xml;q=0.8,text/plain;q=0.7,*/*;q=0.5';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Error codes of Node's network stack in words. */
const NETWORK_CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found (DNS lookup failed)',
  EAI_AGAIN: 'DNS lookup failed (temporary failure)',
  EAI_NONAME: 'host not found (DNS lookup failed)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
};

export async function fetchUrl(url: string, options: FetchOptions): Promise<FetchResult> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { 'user-agent': options.userAgent, accept: ACCEPT };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const conditional = Boolean(options.etag || options.lastModified);

  let current = checkedUrl(url, url);
  const chain = [current];
  const redirects: string[] = [];

  try {
    for (;;) {
      const response = await fetchImpl(current, { redirect: 'manual', signal, headers });

      if (REDIRECT_STATUSES.has(response.status)) {
        await discard(response);
        const location = response.headers.get('location');
        if (!location) throw new InputError(url, `HTTP ${response.status} redirect from ${current} without a Location`);
        const next = checkedUrl(resolveLocation(location, current, url), url);
        if (chain.includes(next)) throw new InputError(url, `redirect loop: ${[...chain, next].join(' → ')}`);
        if (redirects.length >= options.maxRedirects) {
          throw new InputError(
            url,
            `too many redirects (more than ${options.maxRedirects}): ${[...chain, next].join(' → ')}`,
          );
        }
        chain.push(next);
        redirects.push(next);
        current = next;
        continue;
      }

      if (response.status === 304) {
        await discard(response);
        if (!conditional) throw new InputError(url, 'HTTP 304 Not Modified to a request that was not conditional');
        return { status: 'not-modified', finalUrl: current };
      }

      if (response.status < 200 || response.status > 299) {
        await discard(response);
        const statusText = response.statusText ? ` ${response.statusText}` : '';
        const where = redirects.length === 0 ? '' : ` (at ${current})`;
        throw new InputError(url, `HTTP ${response.status}${statusText}${where}`);
      }

      const bytes = await readCapped(response, url, options.maxBytes);
      return {
        status: 'ok',
        finalUrl: current,
        contentType: response.headers.get('content-type'),
        bytes,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        redirects,
      };
    }
  } catch (error) {
    throw asInputError(error, url, options.timeoutMs);
  }
}

/** A parsed, http(s)-only URL, as a string. */
function checkedUrl(candidate: string, input: string): string {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    throw new InputError(input, `not a valid URL: ${candidate}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    const what = candidate === input ? '' : ` (redirect to ${candidate})`;
    throw new InputError(input, `unsupported URL scheme "${parsed.protocol}"${what}: only http and https are fetched`);
  }
  parsed.hash = '';
  return parsed.href;
}

function resolveLocation(location: string, base: string, input: string): string {
  try {
    return new URL(location, base).href;
  } catch {
    throw new InputError(input, `redirect from ${base} to an invalid Location: ${location}`);
  }
}

/** Read the body, stopping as soon as it passes the cap rather than after buffering all of it. */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<Uint8Array> {
  const cap = formatByteSize(maxBytes);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discard(response);
    throw new InputError(url, `response body of ${formatByteSize(declared)} (Content-Length) is over the ${cap} cap`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new InputError(url, `response body is over the ${cap} cap (stopped after ${formatByteSize(total)})`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Release a response's connection without reading a body nobody wants. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => {});
}

function asInputError(error: unknown, url: string, timeoutMs: number): InputError {
  if (error instanceof InputError) return error;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new InputError(url, `timed out after ${timeoutMs} ms`);
  }
  const code = networkCode(error);
  if (code) return new InputError(url, NETWORK_CAUSES[code] ?? `network error (${code})`);
  const message = error instanceof Error ? error.message : String(error);
  return new InputError(url, `fetch failed: ${message}`);
}

/** The system error code behind undici's generic "fetch failed", looking through `cause` and AggregateErrors. */
function networkCode(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code !== 'ERR_INVALID_URL') return code;
  const fromCause = networkCode(cause, depth + 1);
  if (fromCause) return fromCause;
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const fromInner = networkCode(inner, depth + 1);
      if (fromInner) return fromInner;
    }
  }
  return null;
}
