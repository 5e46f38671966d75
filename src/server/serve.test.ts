/** `triangulate serve` as a user starts it: a URL on stdout, answers, Ctrl-C stops it; unsafe binds are refused. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, startCli } from '../../test/cli.ts';
import { tempDir } from '../../test/support.ts';

const freshDb = () => join(tempDir('serve'), 'serve.db');

test('serve prints its URL, answers the API, and stops cleanly on SIGTERM', async () => {
  const child = startCli(['--db', freshDb(), 'serve', '--port', '0']);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        const match = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    const status = await fetch(new URL('/api/status', url));
    assert.deepEqual(await status.json(), { documents: 0, observations: 0 });
  } finally {
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});

test('serve refuses a non-loopback host without a token, and a short token (exit 2)', async () => {
  const open = await runCli(['--db', freshDb(), 'serve', '--host', '0.0.0.0', '--port', '0']);
  assert.equal(open.code, 2);
  assert.match(open.stderr, /needs --token/);
  const short = await runCli(['--db', freshDb(), 'serve', '--token', 'abc', '--port', '0']);
  assert.equal(short.code, 2);
  assert.match(short.stderr, /at least 16 characters/);
});

test('with a token, the printed link carries it and requests without it are refused', async () => {
  const token = 'a-long-enough-test-token';
  const child = startCli(['--db', freshDb(), 'serve', '--port', '0', '--token', token]);
  try {
    const link = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk) => {
        out += chunk;
        const match = /on (http:\/\/\S+\?token=\S+) /.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
    });
    assert.equal(new URL(link).searchParams.get('token'), token);
    const api = new URL('/api/status', link);
    assert.equal((await fetch(api)).status, 401);
    assert.equal((await fetch(api, { headers: { Authorization: `Bearer ${token}` } })).status, 200);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});
