/**
 * The workbench's static files: `web/index.html`, `web/style.css`, the TypeScript of `web/src/` bundled once with
 * esbuild on first request (no build step to forget; ~50 ms), and the offline world map from `world-atlas`.
 * Nothing is fetched from the network by the browser: the page's CSP forbids it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Hono } from 'hono';

/** The same relative path from src/server/ and from the compiled dist/server/. */
export const WEB_ROOT = fileURLToPath(new URL('../../web', import.meta.url));

const require = createRequire(import.meta.url);

export function webRoutes({ root = WEB_ROOT } = {}): Hono {
  const cache = new Map<string, Promise<string>>();
  const once = (key: string, load: () => Promise<string>) => {
    let value = cache.get(key);
    if (!value) {
      value = load();
      cache.set(key, value);
      value.catch(() => cache.delete(key));
    }
    return value;
  };
  const file = (path: string) => once(path, () => readFile(path, 'utf8'));
  const bundle = () =>
    once('app.js', async () => {
      const result = await build({
        entryPoints: [join(root, 'src', 'main.ts')],
        bundle: true,
        write: false,
        format: 'esm',
        target: 'es2022',
        minify: true,
        legalComments: 'none',
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    });

  const app = new Hono();
  const send = (body: string, type: string) =>
    new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' } });
  app.get('/', async () => send(await file(join(root, 'index.html')), 'text/html; charset=utf-8'));
  app.get('/app.js', async () => send(await bundle(), 'text/javascript; charset=utf-8'));
  app.get('/style.css', async () => send(await file(join(root, 'style.css')), 'text/css; charset=utf-8'));
  app.get('/favicon.svg', async () => send(await file(join(root, 'favicon.svg')), 'image/svg+xml'));
  app.get('/atlas/countries-110m.json', async () =>
    send(await file(require.resolve('world-atlas/countries-110m.json')), 'application/json'),
  );
  return app;
}
