import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UsageError } from '../errors.ts';
import { backoffSeconds, nextDueAfterFailure, parseRetryAfter } from './backoff.ts';
import { parseClockTime, parseDuration } from './duration.ts';
import { parseOpml, toOpml } from './opml.ts';
import { HostGate } from './politeness.ts';

describe('watch: durations, backoff, Retry-After', () => {
  test('durations as typed', () => {
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('15m'), 900);
    assert.equal(parseDuration('1h30m'), 5400);
    assert.equal(parseDuration('2d'), 172_800);
    assert.equal(parseDuration('45'), 45);
    for (const bad of ['', 'soon', '15 minutes', '5x', '1h junk'])
      assert.throws(() => parseDuration(bad), UsageError, bad);
    assert.equal(parseClockTime('09:00'), 540);
    assert.throws(() => parseClockTime('25:00'), UsageError);
  });

  test('backoff doubles from the interval (at least the floor) up to the ceiling; Retry-After wins when longer', () => {
    const settings = { backoffBaseSeconds: 60, backoffMaxSeconds: 3600, maxRetryAfterSeconds: 7200 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => backoffSeconds(n, 300, settings)),
      [300, 600, 1200, 2400, 3600, 3600, 3600],
    );
    assert.equal(backoffSeconds(1, 10, settings), 60, 'never sooner than the floor');
    const now = new Date('2024-03-12T08:00:00Z');
    assert.equal(nextDueAfterFailure(now, 1, 300, 900, settings).toISOString(), '2024-03-12T08:15:00.000Z');
    assert.equal(nextDueAfterFailure(now, 1, 300, 10, settings).toISOString(), '2024-03-12T08:05:00.000Z');
    assert.equal(nextDueAfterFailure(now, 1, 300, 999_999, settings).toISOString(), '2024-03-12T10:00:00.000Z');
    assert.equal(parseRetryAfter('120', now), 120);
    assert.equal(parseRetryAfter('Tue, 12 Mar 2024 08:30:00 GMT', now), 1800);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });
});

describe('watch: OPML', () => {
  test('nested outlines from a feed reader are read; duplicates and non-http entries skipped; export round-trips', () => {
    const opml = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="News"><outline type="rss" text="Harbour &amp; Port" xmlUrl="https://harbour.example/feed.xml"/>
    <outline type="rss" title="Wire" text="ignored" xmlUrl="https://wire.example/rss"/></outline>
  <outline type="rss" text="Again" xmlUrl="https://harbour.example/feed.xml"/>
  <outline type="rss" text="Local" xmlUrl="file:///etc/passwd"/>
  <outline text="Folder without feeds"/>
</body></opml>`;
    const entries = parseOpml(opml, 'feeds.opml');
    assert.deepEqual(entries, [
      { url: 'https://harbour.example/feed.xml', name: 'Harbour & Port', everySeconds: null },
      { url: 'https://wire.example/rss', name: 'Wire', everySeconds: null },
    ]);
    const exported = toOpml(
      [
        { url: 'https://harbour.example/feed.xml?a=1&b=2', name: 'Harbour & "Port"', everySeconds: 600 },
        { url: 'https://wire.example/rss', name: null, everySeconds: 900 },
      ],
      new Date('2024-03-12T08:00:00Z'),
    );
    assert.deepEqual(parseOpml(exported, 'export'), [
      { url: 'https://harbour.example/feed.xml?a=1&b=2', name: 'Harbour & "Port"', everySeconds: 600 },
      { url: 'https://wire.example/rss', name: 'https://wire.example/rss', everySeconds: 900 },
    ]);
    assert.throws(() => parseOpml('<opml><body>', 'bad.opml'), /bad\.opml: malformed OPML/);
    assert.throws(() => parseOpml('<rss version="2.0"></rss>', 'x.xml'), /x\.xml: not an OPML file/);
  });
});

describe('watch: host gate', () => {
  test('one task at a time per host, the interval between them, other hosts in parallel, pauses obeyed', async () => {
    const gate = new HostGate(50);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name} ${Date.now()}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      log.push(`end ${name} ${Date.now()}`);
      return name;
    };
    const results = await Promise.all([
      gate.run('a.example', task('a1', 30)),
      gate.run('a.example', task('a2', 30)),
      gate.run('b.example', task('b1', 30)),
    ]);
    assert.deepEqual(results, ['a1', 'a2', 'b1']);
    assert.equal(most, 2, 'b ran beside a, never two of a');
    const at = (what: string) => Number(log.find((l) => l.startsWith(what))!.split(' ')[2]);
    assert.ok(at('start a2') - at('end a1') >= 45, 'a2 waited the interval after a1');
    const order = log.map((l) => l.split(' ').slice(0, 2).join(' '));
    assert.ok(order.indexOf('start b1') < order.indexOf('end a1'), 'b1 did not wait for a');

    gate.pauseUntil('c.example', Date.now() + 120);
    const pausedAt = Date.now();
    await gate.run('c.example', async () => {});
    assert.ok(Date.now() - pausedAt >= 110, 'the pause was obeyed');

    const stop = new AbortController();
    gate.pauseUntil('d.example', Date.now() + 5000);
    const waiting = gate.run('d.example', async () => 'ran', stop.signal);
    stop.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    assert.equal(gate.busy('d.example'), false);
  });
});
