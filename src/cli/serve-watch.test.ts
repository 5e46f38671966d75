import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli, startCli } from '../../test/cli.ts';
import { tempDir } from '../../test/support.ts';

test('serve --watch polls the watch list while serving, and SIGTERM stops both', async () => {
  let feedRequests = 0;
  const feeds = createServer((_req, res) => {
    feedRequests++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Watch</title>' +
        '<item><title>Ferry sails</title><link>https://harbour.example/ferry</link>' +
        '<description>The ferry sailed at dawn with 212 passengers, the port authority said.</description></item>' +
        '</channel></rss>',
    );
  });
  await new Promise<void>((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  const feedUrl = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}/feed.xml`;
  const db = join(tempDir('serve-watch'), 'w.db');
  try {
    assert.equal((await runCli(['source', 'add', feedUrl, '--db', db])).code, 0);
    const child = startCli(['serve', '--watch', '--port', '0', '--db', db]);
    let stdout = '';
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
    });
    for (let i = 0; i < 300 && (feedRequests === 0 || !stdout.includes('workbench on')); i++) await sleep(50);
    assert.match(stdout, /workbench on http:\/\/127\.0\.0\.1:\d+\//);
    assert.ok(feedRequests > 0, 'the feed was polled while serving');
    await sleep(500);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    const { documents } = JSON.parse((await runCli(['documents', '--json', '--db', db])).stdout);
    assert.ok(documents.some((d: { title: string }) => d.title === 'Ferry sails'));
  } finally {
    feeds.close();
  }
});
