import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import iconv from 'iconv-lite';
import { InputError } from '../errors.ts';
import { decodeText } from './decode.ts';
import { type FetchOptions, fetchOptionsFrom, fetchUrl } from './fetch.ts';

const LAST_MODIFIED = 'Wed, 06 Mar 2024 10:00:00 GMT';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const CAFE = 'The café said it would reopen “soon” — the mayor’s office didn’t confirm it on Tuesday.';

const timers = new Set<NodeJS.Timeout>();
function later(ms: number, fn: () => void) {
  const timer = setTimeout(() => {
    timers.delete(timer);
    fn();
  }, ms);
  timers.add(timer);
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const redirect = (to: string, status = 302) => res.writeHead(status, { location: to }).end();
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain) {
    const n = Number(chain[1]);
    if (n === 0) res.writeHead(200, { 'content-type': 'text/plain' }).end('end of chain');
    else redirect(`/chain/${n - 1}`, n % 2 === 0 ? 301 : 307);
    return;
  }
  switch (path) {
    case '/etag':
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag: '"v1"' }).end('<p>first</p>');
      return;
    case '/last-modified':
      if (req.headers['if-modified-since'] === LAST_MODIFIED) res.writeHead(304).end();
      else res.writeHead(200, { 'content-type': 'text/plain', 'last-modified': LAST_MODIFIED }).end('body');
      return;
    case '/headers':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
      return;
    case '/loop-a':
      redirect('/loop-b');
      return;
    case '/loop-b':
      redirect('/loop-a');
      return;
    case '/relative/start':
      redirect('../target?x=1#frag', 303);
      return;
    case '/target':
      res.writeHead(200, { 'content-type': 'text/plain' }).end('target');
      return;
    case '/to-ftp':
      redirect('ftp://127.0.0.1/file.txt');
      return;
    case '/no-location':
      res.writeHead(302).end();
      return;
    case '/slow-headers':
      later(3000, () => res.writeHead(200).end('too late'));
      return;
    case '/slow-body':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part…');
      later(3000, () => res.end('too late'));
      return;
    case '/big-stream': {
      // 64 KB chunks without a Content-Length, far more than the cap the test sets; bounded all the same.
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 64 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    case '/big-declared':
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(50 * 1024 * 1024) });
      res.write('a');
      later(3000, () => res.destroy());
      return;
    case '/not-found':
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>');
      return;
    case '/server-error':
      res.writeHead(500).end('boom');
      return;
    case '/moved-to-404':
      redirect('/not-found', 301);
      return;
    case '/meta-1252':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        iconv.encode(
          `<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body><p>${CAFE}</p></body></html>`,
          'windows-1252',
        ),
      );
      return;
    case '/undeclared-1252':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(iconv.encode(`<html><head><title>News</title></head><body><p>${CAFE}</p></body></html>`, 'windows-1252'));
      return;
    case '/png-as-html':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PNG);
      return;
    case '/empty':
      res.writeHead(200, { 'content-type': 'text/plain' }).end();
      return;
    default:
      res.writeHead(404).end();
  }
}

let server: Server;
let base: string;

before(async () => {
  server = createServer(route);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const timer of timers) clearTimeout(timer);
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

const options = (overrides: Partial<FetchOptions> = {}): FetchOptions => ({
  timeoutMs: 2000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  userAgent: 'TriangulateTest/1.0 (+https://triangulate.example)',
  ...overrides,
});

async function rejectsWith(promise: Promise<unknown>, input: string, problem: RegExp): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    assert.equal(error.input, input);
    assert.match(error.problem, problem);
    return error;
  }
  assert.fail('expected a rejection');
}

describe('fetchUrl: success and conditional GET', () => {
  test('200 with an ETag, then 304 when re-fetched with it', async () => {
    const url = `${base}/etag`;
    const first = await fetchUrl(url, options());
    assert.equal(first.status, 'ok');
    if (first.status !== 'ok') return;
    assert.equal(first.etag, '"v1"');
    assert.equal(first.contentType, 'text/html; charset=utf-8');
    assert.equal(new TextDecoder().decode(first.bytes), '<p>first</p>');
    assert.deepEqual(first.redirects, []);
    assert.equal(first.finalUrl, url);

    const second = await fetchUrl(url, options({ etag: first.etag }));
    assert.deepEqual(second, { status: 'not-modified', finalUrl: url });

    // A stale validator gets the full body again.
    const stale = await fetchUrl(url, options({ etag: '"v0"' }));
    assert.equal(stale.status, 'ok');
  });

  test('Last-Modified, then If-Modified-Since gives not-modified', async () => {
    const url = `${base}/last-modified`;
    const first = await fetchUrl(url, options());
    assert.equal(first.status === 'ok' && first.lastModified, LAST_MODIFIED);
    assert.equal((await fetchUrl(url, options({ lastModified: LAST_MODIFIED }))).status, 'not-modified');
  });

  test('sends a real User-Agent and an Accept header', async () => {
    const result = await fetchUrl(`${base}/headers`, options());
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    const headers = JSON.parse(new TextDecoder().decode(result.bytes)) as Record<string, string>;
    assert.equal(headers['user-agent'], 'TriangulateTest/1.0 (+https://triangulate.example)');
    assert.match(headers.accept ?? '', /text\/html/);
    assert.match(headers.accept ?? '', /application\/rss\+xml/);
    assert.equal(headers['if-none-match'], undefined);
  });

  test('an empty body is returned as zero bytes (decodeText then refuses it)', async () => {
    const result = await fetchUrl(`${base}/empty`, options());
    assert.equal(result.status === 'ok' && result.bytes.length, 0);
  });

  test('fetchOptionsFrom takes the configured limits', () => {
    const config = { maxInputBytes: 10, fetch: { timeoutMs: 20, maxRedirects: 3, userAgent: 'UA' } };
    assert.deepEqual(fetchOptionsFrom(config), { timeoutMs: 20, maxBytes: 10, maxRedirects: 3, userAgent: 'UA' });
  });
});

describe('fetchUrl: redirects', () => {
  test('a chain within the cap is followed and recorded', async () => {
    const result = await fetchUrl(`${base}/chain/3`, options({ maxRedirects: 3 }));
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    assert.deepEqual(result.redirects, [`${base}/chain/2`, `${base}/chain/1`, `${base}/chain/0`]);
    assert.equal(result.finalUrl, `${base}/chain/0`);
    assert.equal(new TextDecoder().decode(result.bytes), 'end of chain');
  });

  test('a relative Location is resolved, and the fragment dropped', async () => {
    const result = await fetchUrl(`${base}/relative/start`, options());
    assert.equal(result.status === 'ok' && result.finalUrl, `${base}/target?x=1`);
  });

  test('too many redirects', async () => {
    const url = `${base}/chain/4`;
    await rejectsWith(
      fetchUrl(url, options({ maxRedirects: 3 })),
      url,
      /^too many redirects \(more than 3\): .*chain\/4 → .*chain\/0$/,
    );
  });

  test('no redirects allowed at all', async () => {
    const url = `${base}/chain/1`;
    await rejectsWith(fetchUrl(url, options({ maxRedirects: 0 })), url, /^too many redirects \(more than 0\)/);
  });

  test('a redirect loop names the loop', async () => {
    const url = `${base}/loop-a`;
    await rejectsWith(
      fetchUrl(url, options()),
      url,
      new RegExp(`^redirect loop: ${base}/loop-a → ${base}/loop-b → ${base}/loop-a$`),
    );
  });

  test('a redirect to a non-http scheme', async () => {
    const url = `${base}/to-ftp`;
    await rejectsWith(fetchUrl(url, options()), url, /^unsupported URL scheme "ftp:" \(redirect to ftp:/);
  });

  test('a redirect without a Location', async () => {
    const url = `${base}/no-location`;
    await rejectsWith(fetchUrl(url, options()), url, /^HTTP 302 redirect .* without a Location$/);
  });
});

describe('fetchUrl: failures', () => {
  test('slow response headers: timeout', async () => {
    const url = `${base}/slow-headers`;
    const started = Date.now();
    await rejectsWith(fetchUrl(url, options({ timeoutMs: 150 })), url, /^timed out after 150 ms$/);
    assert.ok(Date.now() - started < 1500, 'gave up near the deadline');
  });

  test('a body that stalls: timeout', async () => {
    const url = `${base}/slow-body`;
    await rejectsWith(fetchUrl(url, options({ timeoutMs: 150 })), url, /^timed out after 150 ms$/);
  });

  test('a streamed body over the cap stops at the cap', async () => {
    const url = `${base}/big-stream`;
    await rejectsWith(
      fetchUrl(url, options({ maxBytes: 100 * 1024 })),
      url,
      /^response body is over the 100 KB cap \(stopped after [\d.]+ [KM]B\)$/,
    );
  });

  test('a declared Content-Length over the cap is refused before reading', async () => {
    const url = `${base}/big-declared`;
    await rejectsWith(
      fetchUrl(url, options()),
      url,
      /^response body of 50 MB \(Content-Length\) is over the 1 MB cap$/,
    );
  });

  test('404 and 500 name the status', async () => {
    await rejectsWith(fetchUrl(`${base}/not-found`, options()), `${base}/not-found`, /^HTTP 404 Not Found$/);
    await rejectsWith(
      fetchUrl(`${base}/server-error`, options()),
      `${base}/server-error`,
      /^HTTP 500 Internal Server Error$/,
    );
  });

  test('a 404 after a redirect names where it happened', async () => {
    const url = `${base}/moved-to-404`;
    await rejectsWith(fetchUrl(url, options()), url, new RegExp(`^HTTP 404 Not Found \\(at ${base}/not-found\\)$`));
  });

  test('a refused connection', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');
    const url = `http://127.0.0.1:${port}/`;
    await rejectsWith(fetchUrl(url, options()), url, /^connection refused$/);
  });

  test('a DNS failure, reported by the fetch implementation, is named', async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      });
    };
    const url = 'http://no-such-host.invalid/';
    await rejectsWith(fetchUrl(url, options({ fetchImpl: failing })), url, /^host not found \(DNS lookup failed\)$/);
  });

  test('non-http schemes and invalid URLs are refused without a request', async () => {
    let called = false;
    const spy: typeof fetch = async () => {
      called = true;
      return new Response('');
    };
    await rejectsWith(
      fetchUrl('file:///etc/hosts', options({ fetchImpl: spy })),
      'file:///etc/hosts',
      /^unsupported URL scheme "file:"/,
    );
    await rejectsWith(fetchUrl('not a url', options({ fetchImpl: spy })), 'not a url', /^not a valid URL/);
    assert.equal(called, false);
  });

  test('a 304 to an unconditional request is an error, not "not modified"', async () => {
    const fake: typeof fetch = async () => new Response(null, { status: 304 });
    await rejectsWith(
      fetchUrl('http://127.0.0.1/x', options({ fetchImpl: fake })),
      'http://127.0.0.1/x',
      /not conditional/,
    );
  });
});

describe('fetchUrl + decodeText', () => {
  test('a Windows-1252 page declared only in <meta>', async () => {
    const result = await fetchUrl(`${base}/meta-1252`, options());
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    const decoded = decodeText(result.bytes, { name: result.finalUrl, contentType: result.contentType });
    assert.equal(decoded.confidence, 'declared');
    assert.equal(decoded.charset, 'windows-1252');
    assert.ok(decoded.text.includes(CAFE));
    assert.ok(decoded.text.includes('<title>Café</title>'));
  });

  test('a Windows-1252 page with no declaration (detected)', async () => {
    const result = await fetchUrl(`${base}/undeclared-1252`, options());
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    const decoded = decodeText(result.bytes, { name: result.finalUrl, contentType: result.contentType });
    assert.equal(decoded.confidence, 'detected');
    assert.equal(decoded.charset, 'windows-1252');
    assert.ok(decoded.text.includes(CAFE));
  });

  test('a PNG served as text/html is refused as binary', async () => {
    const url = `${base}/png-as-html`;
    const result = await fetchUrl(url, options());
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    assert.throws(
      () => decodeText(result.bytes, { name: url, contentType: result.contentType }),
      (error: unknown) =>
        error instanceof InputError && error.input === url && /^binary content \(PNG image\)/.test(error.problem),
    );
  });
});
