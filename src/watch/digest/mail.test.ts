import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ParsedMail, simpleParser } from 'mailparser';
import { type FeedItemSpec, type FeedServer, startFeedServer } from '../../../test/feed-server.ts';
import { startSmtpServer } from '../../../test/smtp-server.ts';
import { tempDir } from '../../../test/support.ts';
import { defaultConfig } from '../../config.ts';
import { SqliteStore } from '../../store/sqlite.ts';
import { Watcher } from '../watcher.ts';
import { mailDigest, smtpSettings } from './mail.ts';
import { digestSubject, renderMarkdown } from './render.ts';
import { prepareDigest } from './run.ts';

const crane = (n: number, text: string): FeedItemSpec => ({
  guid: `crane-${n}`,
  title: `Cranes idle at pier ${n}`,
  link: `http://127.0.0.1/articles/crane-${n}`,
  text,
});

/**
 * An article as a plain-text page with front matter (the HTML parser has not landed on main yet; any format the
 * ingest layer reads goes through the same path).
 */
function page(paragraphs: string[]): string {
  return `---\nurl: http://127.0.0.1/articles/power-cut\nsource: Harbour Watch\n---\nPower cut stops harbour cranes\n\n${paragraphs.join('\n\n')}\n`;
}

const BEFORE = [
  'A power cut stopped every crane at pier 1 of the harbour early on Monday morning, port officials said in a statement.',
  'The port authority said it expects the repairs to be finished by Friday, when the first ships are due to be unloaded.',
  'Dock workers said the cranes had been idle for most of the weekend already, a claim the authority did not address.',
];
const AFTER = [
  BEFORE[0]!,
  'The port authority now says the repairs will take until next Wednesday at the earliest, five days later than planned.',
  BEFORE[2]!,
  'Two container ships that were due on Tuesday have been diverted to the port of Kessel, their operator confirmed.',
];

describe('digest: from polls to a mail', () => {
  let feeds: FeedServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    feeds = await startFeedServer();
    smtp = await startSmtpServer();
  });
  after(async () => {
    await feeds.close();
    await smtp.close();
  });

  test('new and edited articles since the last digest, with the edit as a paragraph diff, mailed over SMTP', async () => {
    const store = new SqliteStore(join(tempDir('digest'), 'digest.db'));
    let t = Date.parse('2024-03-12T08:00:00Z');
    const now = () => new Date(t);
    const hours = (h: number) => {
      t += h * 3_600_000;
    };
    const feedUrl = feeds.url('/harbour.xml');
    await store.addWatchSource({ url: feedUrl, name: null, everySeconds: 600, now: now().toISOString() });
    await store.addAlertRule({
      entity: 'Kessel',
      keyword: null,
      storyId: null,
      webhook: null,
      createdAt: now().toISOString(),
    });
    const watcher = new Watcher({
      store,
      config: defaultConfig,
      settings: { hostIntervalMs: 0, idleCheckMs: 10 },
      now,
    });

    const pageUrl = feeds.url('/articles/power-cut.txt');
    await store.addWatchSource({ url: pageUrl, name: null, everySeconds: 600, now: now().toISOString() });
    feeds.setFeed('/harbour.xml', [
      crane(2, 'Port officials said twelve cranes stood idle at pier 2 on Monday.'),
      crane(1, 'A power cut stopped the cranes at pier 1 early on Monday.'),
    ]);
    feeds.setBody('/articles/power-cut.txt', page(BEFORE), 'text/plain; charset=utf-8');
    await watcher.run({ once: true });
    hours(1);
    const first = await prepareDigest(store, { now: now() });
    assert.equal(first.digest.totals.documents, 3);
    await first.commit();

    hours(1);
    feeds.setFeed('/harbour.xml', [
      crane(3, 'The night ferry to Kessel was cancelled after the power cut, the operator said.'),
      crane(2, 'Port officials said twelve cranes stood idle at pier 2 on Monday.'),
      crane(1, 'A power cut stopped the cranes at pier 1 early on Monday.'),
    ]);
    feeds.setBody('/articles/power-cut.txt', page(AFTER), 'text/plain; charset=utf-8');
    await watcher.run({ once: true });
    hours(1);
    const second = await prepareDigest(store, { now: now() });
    const { digest } = second;
    assert.equal(digest.since, '2024-03-12T09:00:00.000Z', 'the window starts at the last digest');
    assert.equal(digest.totals.documents, 1);
    assert.equal(digest.totals.edited, 1);
    assert.equal(digest.totals.alerts, 2, 'the alert rule matched the new and the edited article');
    assert.ok(digest.groups.every((g) => g.kind === 'story' && g.sources.includes('Harbour Watch')));
    assert.deepEqual(
      digest.groups.flatMap((g) => g.documents.map((d) => d.title)),
      ['Cranes idle at pier 3'],
    );
    const edited = digest.groups.flatMap((g) => g.edited);
    assert.equal(edited.length, 1);
    assert.equal(edited[0]!.title, 'Power cut stops harbour cranes');
    assert.equal(edited[0]!.edit!.version, 2);
    assert.deepEqual(edited[0]!.edit!.removed, [BEFORE[1]]);
    assert.deepEqual(edited[0]!.edit!.added, [AFTER[1], AFTER[3]]);

    const settings = smtpSettings(
      { smtpHost: '127.0.0.1', smtpPort: String(smtp.port) },
      {
        TRIANGULATE_SMTP_FROM: 'Triangulate <digest@example.org>',
        TRIANGULATE_SMTP_TO: 'desk@example.org, kim@example.org',
      },
    );
    const sent = await mailDigest(digest, settings, 5000);
    assert.deepEqual(sent.accepted.sort(), ['desk@example.org', 'kim@example.org']);
    await second.commit();

    assert.equal(smtp.received.length, 1);
    const message = smtp.received[0]!;
    assert.equal(message.envelope.from, 'digest@example.org');
    const mail: ParsedMail = await simpleParser(message.raw);
    assert.equal(mail.subject, digestSubject(digest));
    assert.match(
      mail.subject!,
      /^Triangulate digest: 1 new document, 1 edited, (?:[^()]+, )?2 alerts \(2024-03-12 09:00 UTC – 2024-03-12 11:00 UTC\)$/,
    );
    const html = String(mail.html);
    const text = String(mail.text);
    for (const part of [html, text]) {
      assert.ok(part.includes('Cranes idle at pier 3'), 'the new article');
      assert.ok(part.includes('Power cut stops harbour cranes'), 'the edited article');
      assert.ok(part.includes(AFTER[3]!), 'the added paragraph');
      assert.ok(part.includes(BEFORE[1]!), 'the removed paragraph');
      assert.ok(part.includes('Harbour Watch'), 'the source');
    }
    assert.ok(text.includes(`\n  + ${AFTER[3]}\n`), 'an added paragraph is a + line');
    assert.ok(text.includes(`\n  - ${BEFORE[1]}\n`), 'a removed paragraph is a - line');
    assert.match(html, /<a href="http:\/\/127\.0\.0\.1\/articles\/crane-3"/);
    assert.ok(!/<script/i.test(html));
    assert.equal(text, renderMarkdown(digest));
    // Fusion's facts of the stories that changed are in it, with their status and sources.
    for (const fact of digest.groups.flatMap((g) => g.newFacts)) {
      assert.ok(text.includes(fact.statement), fact.statement);
      assert.ok(fact.sources.includes('Harbour Watch'));
    }

    // The watermark moved: an hour later there is nothing new.
    hours(1);
    const third = await prepareDigest(store, { now: now() });
    assert.equal(third.digest.groups.length, 0);
    assert.equal(third.digest.alerts.length, 0);
    await store.close();
  });
});
