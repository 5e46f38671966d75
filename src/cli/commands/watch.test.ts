import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { startCli } from '../../../test/cli.ts';
import { type FeedItemSpec, type FeedServer, startFeedServer } from '../../../test/feed-server.ts';
import { startSmtpServer } from '../../../test/smtp-server.ts';
import { tempDir } from '../../../test/support.ts';
import { main } from '../program.ts';

/**
 * Run the CLI in this process, capturing its output: a child process costs seconds on a busy machine, and these
 * tests run it dozens of times. (The SIGTERM test below runs a real child.)
 */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  // The test runner reports through stdout in binary frames: those pass through, the commands' text is captured.
  process.stdout.write = ((chunk: unknown, ...rest: never[]) => {
    if (typeof chunk !== 'string') return write.out.call(process.stdout, chunk as Uint8Array, ...rest);
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: never[]) => {
    if (typeof chunk !== 'string') return write.err.call(process.stderr, chunk as Uint8Array, ...rest);
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = undefined;
  }
}

const tempDb = () => join(tempDir('watch-cli'), 'watch.db');

function items(prefix: string, n: number): FeedItemSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    guid: `${prefix}-${i}`,
    title: `${prefix} bulletin ${i}: ${i + 3} barges wait at the lock`,
    link: `http://127.0.0.1/${prefix}/${i}`,
    text: `Lock keepers at gate ${i} counted ${i + 3} barges waiting on Tuesday after the ${prefix} closure.`,
  }));
}

function query<T>(db: string, sql: string): T[] {
  const handle = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return handle.prepare(sql).all() as T[];
  } finally {
    handle.close();
  }
}

describe('cli: source, alert, watch, digest', () => {
  let server: FeedServer;
  before(async () => {
    server = await startFeedServer();
    server.setFeed('/river.xml', items('river', 3), { title: 'River Desk' });
    server.route('/down.xml', (_req, res) => void res.writeHead(503, { 'retry-after': '600' }).end());
  });
  after(() => server.close());

  test('--help for every new command', async () => {
    for (const command of [['source', 'add'], ['watch'], ['alert', 'add'], ['digest']]) {
      const { code, stdout } = await runCli([...command, '--help']);
      assert.equal(code, 0, command.join(' '));
      assert.match(stdout, /Usage: triangulate/);
    }
  });

  test('the watch list: add, list, export to OPML, import into another database, remove; bad input exits 2', async () => {
    const db = tempDb();
    assert.equal(
      (await runCli(['source', 'add', server.url('/river.xml'), '--every', '30m', '--name', 'River Desk', '--db', db]))
        .code,
      0,
    );
    assert.equal((await runCli(['source', 'add', server.url('/down.xml'), '--db', db])).code, 0);
    assert.equal((await runCli(['source', 'add', 'ftp://127.0.0.1/x', '--db', db])).code, 2);
    assert.equal((await runCli(['source', 'add', server.url('/x.xml'), '--every', '1s', '--db', db])).code, 2);
    assert.equal((await runCli(['source', 'add', server.url('/x.xml'), '--every', 'often', '--db', db])).code, 2);
    const list = JSON.parse((await runCli(['source', 'list', '--json', '--db', db])).stdout);
    assert.deepEqual(
      list.sources.map((s: { url: string; name: string | null; every: string }) => [s.url, s.name, s.every]),
      [
        [server.url('/river.xml'), 'River Desk', '30m'],
        [server.url('/down.xml'), null, '15m'],
      ],
    );

    const opml = await runCli(['source', 'export', '--db', db]);
    assert.equal(opml.code, 0);
    assert.match(opml.stdout, /<opml version="2.0"/);
    assert.match(opml.stdout, /xmlUrl="http:\/\/127\.0\.0\.1:\d+\/river\.xml"/);
    const file = join(tempDir('opml'), 'list.opml');
    writeFileSync(file, opml.stdout);
    const other = tempDb();
    const imported = await runCli(['source', 'import', file, '--json', '--db', other]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(
      JSON.parse(imported.stdout).imported.map((s: { name: string | null; every: string }) => [s.name, s.every]),
      [
        ['River Desk', '30m'],
        [server.url('/down.xml'), '15m'],
      ],
    );
    writeFileSync(file, '<opml><body><outline xmlUrl="http://127.0.0.1/a"></body></opml>');
    const broken = await runCli(['source', 'import', file, '--db', other]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /list\.opml: malformed OPML/);

    assert.equal((await runCli(['source', 'remove', '1', '--db', other])).code, 0);
    assert.equal((await runCli(['source', 'remove', server.url('/down.xml'), '--db', other])).code, 0);
    assert.equal((await runCli(['source', 'remove', '7', '--db', other])).code, 2);
    assert.equal(JSON.parse((await runCli(['source', 'list', '--json', '--db', other])).stdout).sources.length, 0);
  });

  test('watch --once stores new items, matches alerts, shows a failing source with its error and next attempt', async () => {
    const db = tempDb();
    await runCli(['source', 'add', server.url('/river.xml'), '--db', db]);
    await runCli(['source', 'add', server.url('/down.xml'), '--db', db]);
    const added = await runCli(['alert', 'add', '--keyword', 'barges', '--entity', 'gate 2', '--json', '--db', db]);
    assert.equal(added.code, 0, added.stderr);
    assert.equal(JSON.parse(added.stdout).id, 1);
    assert.equal((await runCli(['alert', 'add', '--db', db])).code, 2, 'a rule needs a condition');

    const watch = await runCli(['watch', '--once', '--host-interval', '0s', '--json', '--db', db]);
    assert.equal(watch.code, 1, 'a failed source makes --once exit 1');
    const polls = watch.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.deepEqual(polls.map((p: { status: string }) => p.status).sort(), ['error', 'ok']);

    const { sources } = JSON.parse((await runCli(['source', 'list', '--json', '--db', db])).stdout);
    const down = sources.find((s: { url: string }) => s.url.endsWith('/down.xml'));
    assert.equal(down.lastStatus, 'error');
    assert.match(down.lastError, /HTTP 503/);
    assert.equal(down.failures, 1);
    const wait = Date.parse(down.nextDueAt) - Date.parse(down.lastPolledAt);
    assert.ok(wait >= 900_000, `next attempt after the backoff (15 minutes at least), got ${wait} ms`);
    const text = (await runCli(['source', 'list', '--db', db])).stdout;
    assert.match(text, /error \(1 in a row\): .*HTTP 503/);
    assert.match(text, /3 items stored/);

    const matches = JSON.parse((await runCli(['alert', 'list', '--matches', '--json', '--db', db])).stdout).matches;
    assert.equal(matches.length, 1, 'only the item naming gate 2 matches both conditions');
    assert.equal(matches[0].title, 'river bulletin 2: 5 barges wait at the lock');
    assert.deepEqual(matches[0].reasons, ['keyword "barges" in the title', 'entity name "gate 2" in the text']);
    assert.match((await runCli(['alert', 'list', '--db', db])).stdout, /entity "gate 2" · keyword "barges"/);

    const digest = await runCli(['digest', '--format', 'json', '--db', db]);
    assert.equal(digest.code, 0, digest.stderr);
    const parsed = JSON.parse(digest.stdout);
    assert.equal(parsed.totals.documents, 3);
    for (const group of parsed.groups) {
      assert.equal(group.kind, 'story', 'clustered documents are reported by story');
      assert.deepEqual(group.sources, ['River Desk']);
    }
    assert.equal(parsed.alerts.length, 1);
    const again = JSON.parse((await runCli(['digest', '--format', 'json', '--db', db])).stdout);
    assert.equal(again.totals.documents, 0, 'the watermark moved');
    const wide = JSON.parse(
      (await runCli(['digest', '--since', '1d', '--preview', '--format', 'json', '--db', db])).stdout,
    );
    assert.equal(wide.totals.documents, 3, '--since looks back past the watermark');
    const html = (await runCli(['digest', '--since', '1d', '--format', 'html', '--db', db])).stdout;
    assert.match(html, /^<!DOCTYPE html>/);
    assert.equal((await runCli(['digest', '--send', '--db', db])).code, 2, '--send without SMTP settings');

    assert.equal((await runCli(['alert', 'remove', '1', '--db', db])).code, 0);
    assert.equal(
      JSON.parse((await runCli(['alert', 'list', '--matches', '--json', '--db', db])).stdout).matches.length,
      0,
    );
  });

  test('watch --digest-at mails the digest once a day, and not again after a restart', async () => {
    const smtp = await startSmtpServer();
    try {
      const db = tempDb();
      await runCli(['source', 'add', server.url('/river.xml'), '--db', db]);
      const flags = ['--digest-at', '00:00', '--smtp-host', '127.0.0.1', '--smtp-port', String(smtp.port)];
      const mail = ['--from', 'watch@example.org', '--to', 'desk@example.org', '--host-interval', '0s', '--db', db];
      const first = await runCli(['watch', '--once', ...flags, ...mail]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /digest sent to desk@example\.org/);
      assert.equal(smtp.received.length, 1);
      assert.deepEqual(smtp.received[0]!.envelope.to, ['desk@example.org']);
      const again = await runCli(['watch', '--once', ...flags, ...mail]);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(smtp.received.length, 1, 'sent once today');
      assert.equal((await runCli(['watch', '--once', '--digest-at', '00:00', '--db', db])).code, 2, 'no SMTP settings');
    } finally {
      await smtp.close();
    }
  });

  test('SIGTERM during a poll loses nothing; a restart resumes with what was left', async () => {
    const db = tempDb();
    server.setFeed('/fast.xml', items('fast', 10), { title: 'Fast Desk' });
    server.setFeed('/slow.xml', items('slow', 10), { title: 'Slow Desk', delayMs: 5000 });
    await runCli(['source', 'add', server.url('/fast.xml'), '--every', '10m', '--db', db]);
    await runCli(['source', 'add', server.url('/slow.xml'), '--every', '10m', '--db', db]);
    server.resetStats();

    const child = startCli(['watch', '--host-interval', '0s', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = once(child, 'exit');
    // Wait until the slow feed's request is in flight (the fast one is stored by then: one request per host).
    for (let i = 0; i < 200 && !server.requests.some((r) => r.path === '/slow.xml'); i++) await sleep(50);
    assert.ok(
      server.requests.some((r) => r.path === '/slow.xml'),
      'the slow feed was requested',
    );
    child.kill('SIGTERM');
    const started = Date.now();
    const [code] = await Promise.race([exited, sleep(10_000).then(() => ['timeout'])]);
    assert.equal(code, 0, stderr);
    assert.ok(Date.now() - started < 3000, 'the slow request was abandoned, not waited for');
    assert.match(stderr, /stopping/);
    assert.match(stderr, /1 abandoned/);

    const check = new Database(db, { readonly: true });
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();
    const titles = query<{ title: string }>(db, 'SELECT title FROM documents').map((r) => r.title);
    assert.equal(titles.length, 10);
    assert.ok(titles.every((t) => t.startsWith('fast ')));
    const state = query<{ url: string; last_status: string | null }>(
      db,
      'SELECT url, last_status FROM watch_sources ORDER BY id',
    );
    assert.deepEqual(
      state.map((s) => s.last_status),
      ['ok', null],
      'the abandoned poll recorded nothing: the slow feed is still due',
    );

    server.setFeed('/slow.xml', items('slow', 10), { title: 'Slow Desk' });
    server.resetStats();
    const restart = await runCli(['watch', '--once', '--host-interval', '0s', '--db', db]);
    assert.equal(restart.code, 0, restart.stderr);
    assert.deepEqual(
      server.requests.map((r) => r.path),
      ['/slow.xml'],
      'the restart polls what was left, not what is not due yet',
    );
    assert.equal(query<{ n: number }>(db, 'SELECT count(*) AS n FROM documents')[0]!.n, 20);
  });
});
