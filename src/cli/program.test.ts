import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from './program.ts';

test('an unknown command is a usage error (exit 2)', async () => {
  const stderr = process.stderr.write;
  process.stderr.write = () => true;
  try {
    assert.equal(await main(['no-such-command']), 2);
  } finally {
    process.stderr.write = stderr;
  }
});
