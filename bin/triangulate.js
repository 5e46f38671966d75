#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('triangulate: dist/ is missing; run `npm install` or `npm run build` first.\n');
  process.exit(2);
}
await import(entry.href);
