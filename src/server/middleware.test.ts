// biome-ignore-all lint/suspicious/noExplicitAny: the JSON answers are checked field by field
/** The guards, each on a minimal app, through in-process requests (`app.request`). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hono, type MiddlewareHandler } from 'hono';
import {
  allowedMethods,
  limitBody,
  loopbackHostOnly,
  rejectCrossSite,
  requireToken,
  securityHeaders,
  toErrorResponse,
} from './middleware.ts';

function appWith(...guards: MiddlewareHandler[]) {
  const app = new Hono();
  app.onError(toErrorResponse);
  for (const guard of guards) app.use(guard);
  app.get('/api/thing', (c) => c.json({ ok: true }));
  app.post('/api/thing', async (c) => c.json({ got: await c.req.json() }));
  return app;
}

const TOKEN = 'correct-horse-battery-staple';

describe('requireToken', () => {
  const app = appWith(requireToken({ token: TOKEN }));

  test('no token configured: every request passes', async () => {
    assert.equal((await appWith(requireToken({ token: null })).request('/api/thing')).status, 200);
  });

  test('missing or wrong token: 401 with the JSON error shape', async () => {
    const missing = await app.request('/api/thing');
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as any).error.code, 'unauthorized');
    const wrong = await app.request('/api/thing', { headers: { Authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    assert.equal((await app.request('/api/thing?token=nope')).status, 401);
  });

  test('a bearer token passes', async () => {
    const ok = await app.request('/api/thing', { headers: { Authorization: `Bearer ${TOKEN}` } });
    assert.equal(ok.status, 200);
  });

  test('the one-time ?token= link sets an HttpOnly SameSite cookie and redirects without the token', async () => {
    const link = await app.request(`/api/thing?token=${TOKEN}&x=1`);
    assert.equal(link.status, 303);
    assert.equal(link.headers.get('location'), '/api/thing?x=1');
    const cookie = link.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const withCookie = await app.request('/api/thing', { headers: { Cookie: cookie.split(';')[0]! } });
    assert.equal(withCookie.status, 200);
  });
});

describe('loopbackHostOnly', () => {
  const app = appWith(loopbackHostOnly());
  test('loopback Host names pass, any other name is refused (DNS rebinding)', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'localhost']) {
      assert.equal((await app.request('/api/thing', { headers: { Host: host } })).status, 200, host);
    }
    for (const host of ['evil.example', 'evil.example:8080', '192.168.1.5:8080', 'localhost.evil.example']) {
      assert.equal((await app.request('/api/thing', { headers: { Host: host } })).status, 403, host);
    }
  });
  test('disabled when a token guards the server', async () => {
    const open = appWith(loopbackHostOnly({ enabled: false }));
    assert.equal((await open.request('/api/thing', { headers: { Host: 'triangulate.lan' } })).status, 200);
  });
});

describe('rejectCrossSite', () => {
  const app = appWith(rejectCrossSite());
  const post = (headers: Record<string, string>) =>
    app.request('http://127.0.0.1:8080/api/thing', { method: 'POST', headers, body: '{"a":1}' });

  test('same-origin JSON posts pass', async () => {
    const ok = await post({
      'Content-Type': 'application/json; charset=utf-8',
      Host: '127.0.0.1:8080',
      Origin: 'http://127.0.0.1:8080',
      'Sec-Fetch-Site': 'same-origin',
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { got: { a: 1 } });
    // Non-browser clients send neither header.
    assert.equal((await post({ 'Content-Type': 'application/json', Host: '127.0.0.1:8080' })).status, 200);
  });

  test('cross-site and cross-origin posts are 403; forms and text bodies are 415', async () => {
    const json = { 'Content-Type': 'application/json', Host: '127.0.0.1:8080' };
    assert.equal((await post({ ...json, 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    assert.equal((await post({ ...json, 'Sec-Fetch-Site': 'same-site' })).status, 403);
    assert.equal((await post({ ...json, Origin: 'http://localhost:8080' })).status, 403);
    assert.equal((await post({ ...json, Origin: 'null' })).status, 403);
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
      const response = await post({ 'Content-Type': type, Host: '127.0.0.1:8080' });
      assert.equal(response.status, 415, type);
      assert.equal(((await response.json()) as any).error.code, 'unsupported-media-type');
    }
  });

  test('reads are not affected', async () => {
    const response = await app.request('/api/thing', { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(response.status, 200);
  });
});

describe('limitBody, allowedMethods, securityHeaders', () => {
  test('a body over the limit is 413, one under it passes', async () => {
    const app = appWith(limitBody({ maxBytes: 100 }));
    const post = (body: string) =>
      app.request('/api/thing', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal((await post(JSON.stringify({ t: 'x'.repeat(50) }))).status, 200);
    const big = await post(JSON.stringify({ t: 'x'.repeat(200) }));
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as any).error.code, 'payload-too-large');
  });

  test('a known path with a method no route takes is 405 with Allow; unknown paths fall through', async () => {
    const app = appWith(
      allowedMethods([
        { method: 'GET', path: '/api/thing' },
        { method: 'POST', path: '/api/thing' },
        { method: 'GET', path: '/api/things/:id' },
      ]),
    );
    const put = await app.request('/api/thing', { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, HEAD, POST');
    assert.equal((await app.request('/api/things/42', { method: 'DELETE' })).status, 405);
    assert.equal((await app.request('/api/other', { method: 'DELETE' })).status, 404);
  });

  test('every response carries the CSP and the other headers, errors included', async () => {
    const app = appWith(securityHeaders());
    for (const path of ['/api/thing', '/missing']) {
      const response = await app.request(path);
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'.*frame-ancestors 'none'/);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    }
    const custom = appWith(securityHeaders({ referrerPolicy: 'same-origin' }));
    assert.equal((await custom.request('/api/thing')).headers.get('referrer-policy'), 'same-origin');
  });

  test('an unexpected fault is a 500 with a generic message, not the stack', async () => {
    const app = new Hono();
    app.onError(toErrorResponse);
    app.get('/boom', () => {
      throw new Error('secret detail');
    });
    const original = process.stderr.write;
    process.stderr.write = () => true;
    try {
      const response = await app.request('/boom');
      assert.equal(response.status, 500);
      const body = (await response.json()) as any;
      assert.equal(body.error.code, 'internal');
      assert.doesNotMatch(body.error.message, /secret/);
    } finally {
      process.stderr.write = original;
    }
  });
});
