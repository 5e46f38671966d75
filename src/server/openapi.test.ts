/** The OpenAPI document and the route table stay in step: every route documented, every documented path served. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROUTES } from './api.ts';
import { OPENAPI } from './openapi.ts';

const documented = () => {
  const pairs: string[] = [];
  for (const [path, operations] of Object.entries(OPENAPI.paths)) {
    for (const method of Object.keys(operations)) pairs.push(`${method.toUpperCase()} ${path}`);
  }
  return pairs.sort();
};

test('every route is in the OpenAPI document and every documented operation is a route', () => {
  const routes = ROUTES.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`).sort();
  assert.deepEqual(documented(), routes);
});

test('the OpenAPI document is 3.1, and its references resolve', () => {
  assert.equal(OPENAPI.openapi, '3.1.0');
  const text = JSON.stringify(OPENAPI);
  for (const [, kind, name] of text.matchAll(/"#\/components\/(\w+)\/(\w+)"/g)) {
    const group = (OPENAPI.components as Record<string, Record<string, unknown>>)[kind!];
    assert.ok(group?.[name!], `#/components/${kind}/${name} is defined`);
  }
  for (const [path, operations] of Object.entries(OPENAPI.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      assert.ok((operation as { responses?: object }).responses, `${method} ${path} has responses`);
      const parameters = ((operation as { parameters?: { in: string; name: string }[] }).parameters ?? [])
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      assert.deepEqual(
        parameters,
        [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        `${method} ${path} path params`,
      );
    }
  }
});
