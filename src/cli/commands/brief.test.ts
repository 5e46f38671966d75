import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../../../test/cli.ts';
import { noShared, sharedPath, tempDir } from '../../../test/support.ts';

const tempDb = () => join(tempDir('brief'), 'test.db');

describe('brief and export', { concurrency: true }, () => {
  test('brief FILES --json: lead, timeline and the status sections', { skip: noShared }, async () => {
    const { code, stdout, stderr } = await runCli(['brief', sharedPath('seeds'), '--json', '--db', tempDb()]);
    assert.equal(code, 0, stderr);
    const brief = JSON.parse(stdout);
    for (const key of ['lead', 'timeline', 'corroborated', 'singleOrigin', 'disputed', 'contradicted', 'openQuestions'])
      assert.ok(key in brief, key);
    assert.ok(brief.lead.length > 20);
    assert.ok(brief.disputed.some((d: { deniedBy: string[] }) => d.deniedBy.includes('North Korea')));
    assert.ok(brief.timeline.some((e: { period: string }) => e.period === 'background'));
    assert.equal(brief.inferredDates[0].publishedAt.origin, 'inferred');
    assert.ok(brief.origins.some((o: { name: string }) => o.name === '38 North'));
    // The denial has its own timeline entry, in September, marked as a denial.
    const denial = brief.timeline.find((e: { facts: { event?: string }[] }) =>
      e.facts.some((f) => f.event === 'denial'),
    );
    assert.equal(denial?.date, '2022-09');
    // One disputed fact with every side spelled out; contradicted items say what they disagree on.
    const shells = brief.disputed.find((d: { reason: string }) => /believed by/.test(d.reason));
    for (const side of [
      /confirmed by U\.S\. Department of State/,
      /accused by United States \(via CNN\)/,
      /believed by/,
    ])
      assert.match(shells.reason, side);
    assert.match(shells.reason, /denied by North Korea$/);
    assert.equal(shells.disagreeOn, null);
  });

  test('brief --format md and html', { skip: noShared }, async () => {
    const md = await runCli(['brief', sharedPath('seeds'), '--db', tempDb()]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# North Korean/m);
    assert.match(md.stdout, /## Timeline/);
    assert.match(md.stdout, /## Disputed/);
    assert.match(md.stdout, /## Open questions/);
    const html = await runCli(['brief', sharedPath('seeds'), '--format', 'html', '--db', tempDb()]);
    assert.equal(html.code, 0, html.stderr);
    assert.match(html.stdout, /^<!doctype html>/);
    assert.doesNotMatch(html.stdout, /<script/i);
  });

  test('export --format csv: one row per supporting sentence, quoted per RFC 4180', { skip: noShared }, async () => {
    const { code, stdout, stderr } = await runCli(['export', sharedPath('seeds'), '--format', 'csv', '--db', tempDb()]);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\r\n');
    assert.match(lines[0]!, /^fact_id,kind,status,statement,date/);
    assert.ok(lines.length > 10);
    assert.ok(lines.some((l) => /,disputed,/.test(l) && /,denies,/.test(l)));
  });

  test('export --format json lists facts with their mentions and the claims behind them', {
    skip: noShared,
  }, async () => {
    const { code, stdout } = await runCli(['export', sharedPath('seeds'), '--db', tempDb()]);
    assert.equal(code, 0);
    const out = JSON.parse(stdout);
    assert.ok(out.facts.length > 3);
    assert.ok(out.facts.every((f: { mentions: unknown[] }) => f.mentions.length > 0));
    assert.ok(out.claims.some((c: { stance: string }) => c.stance === 'denies'));
  });

  test('usage errors: no story, a bad format, an unknown story', async () => {
    assert.equal((await runCli(['brief', '--db', tempDb()])).code, 2);
    assert.equal((await runCli(['export', '.', '--format', 'xml', '--db', tempDb()])).code, 2);
    assert.equal((await runCli(['brief', 'no-such-story', '--db', tempDb()])).code, 2);
  });
});
