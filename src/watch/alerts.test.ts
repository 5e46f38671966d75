import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type FeedServer, startFeedServer } from '../../test/feed-server.ts';
import { tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import type { Analysis } from '../model.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { sampleDocument } from '../store/store.suite.ts';
import type { AlertRule } from '../store/watch.ts';
import { matchRule } from './alerts.ts';
import { alertDocument } from './steps.ts';

const rule = (overrides: Partial<AlertRule>): AlertRule => ({
  id: 1,
  entity: null,
  keyword: null,
  storyId: null,
  webhook: null,
  createdAt: '2024-03-12T00:00:00Z',
  ...overrides,
});

const subject = (title: string, text: string, analysis: Analysis | null = null, storyId: string | null = null) => ({
  title,
  text,
  analysis,
  storyId,
});

describe('alerts: matching a rule', () => {
  test('keywords are whole words in any case, in the title or the text', () => {
    const train = rule({ keyword: 'train' });
    assert.deepEqual(matchRule(train, subject('Train spotted at the border', '')), ['keyword "train" in the title']);
    assert.deepEqual(matchRule(train, subject('Border news', 'A long TRAIN, then trucks.')), [
      'keyword "train" in the text',
    ]);
    assert.equal(matchRule(train, subject('Trainee pilots graduate', 'The trainer said so; constraint lifted.')), null);
    assert.equal(matchRule(rule({ keyword: 'Kyiv' }), subject('Kyivan cafés reopen', 'Kyivstar network down.')), null);
    assert.ok(matchRule(rule({ keyword: 'ammunition deliveries' }), subject('x', 'covert ammunition\ndeliveries')));
    assert.ok(matchRule(rule({ keyword: 'U.S.' }), subject('x', 'The U.S. said on Wednesday.')));
    assert.equal(matchRule(rule({ keyword: 'U.S.' }), subject('x', 'The US said.')), null);
  });

  test('entities by the analysis (names and aliases), else as a phrase; every condition must hold', () => {
    const analysis: Analysis = {
      sentences: [],
      entities: [
        {
          id: 'country:PRK',
          name: 'North Korea',
          type: 'place',
          aliases: ['DPRK', 'Democratic People’s Republic of Korea'],
          mentions: [{ start: 0, end: 4, text: 'DPRK' }],
          roles: [],
        },
      ],
      dates: [],
      quantities: [],
      claims: [],
    };
    const northKorea = rule({ entity: 'north korea' });
    assert.deepEqual(matchRule(northKorea, subject('DPRK train', 'DPRK rail cars crossed.', analysis)), [
      'entity "North Korea" (country:PRK), 1 mention(s)',
    ]);
    assert.deepEqual(matchRule(rule({ entity: 'dprk' }), subject('t', 'x', analysis))?.length, 1);
    assert.deepEqual(matchRule(northKorea, subject('Trains', 'Trains from North Korea crossed.')), [
      'entity name "north korea" in the text',
    ]);
    assert.equal(matchRule(northKorea, subject('Trains', 'South Korea said nothing.')), null);
    const both = rule({ entity: 'North Korea', keyword: 'train' });
    assert.equal(matchRule(both, subject('Ships', 'North Korea sent ships.')), null);
    assert.equal(matchRule(both, subject('Trains', 'Russia sent a train.')), null);
    assert.equal(matchRule(both, subject('A train', 'North Korea sent it.'))?.length, 2);
    const story = rule({ keyword: 'train', storyId: 's1' });
    assert.equal(matchRule(story, subject('A train', '', null, null)), null, 'no story, no match');
    assert.equal(matchRule(story, subject('A train', '', null, 's2')), null);
    assert.equal(matchRule(story, subject('A train', '', null, 's1'))?.length, 2);
  });
});

describe('alerts: matches stored and sent to webhooks', () => {
  let server: FeedServer;
  before(async () => {
    server = await startFeedServer();
    server.route('/hook', (_req, res) => void res.writeHead(204).end());
    server.route('/broken-hook', (_req, res) => void res.writeHead(500, 'Internal Server Error').end());
    server.route('/hanging-hook', () => {});
  });
  after(() => server.close());

  test('each match is stored once and POSTed as JSON; failing and hanging webhooks are recorded, not thrown', async () => {
    const store = new SqliteStore(join(tempDir('alerts'), 'a.db'));
    const document = sampleDocument();
    await store.putDocument(document);
    const rules: AlertRule[] = [];
    for (const path of ['/hook', '/broken-hook', '/hanging-hook']) {
      rules.push(
        await store.addAlertRule({
          entity: null,
          keyword: 'convoy',
          storyId: null,
          webhook: server.url(path),
          createdAt: '2024-03-12T00:00:00Z',
        }),
      );
    }
    rules.push(
      await store.addAlertRule({
        entity: null,
        keyword: 'tanker',
        storyId: null,
        webhook: null,
        createdAt: '2024-03-12T00:00:00Z',
      }),
    );
    const logged: string[] = [];
    const context = {
      store,
      config: defaultConfig,
      now: () => new Date('2024-03-13T10:00:00Z'),
      webhookTimeoutMs: 300,
      log: (line: string) => logged.push(line),
    };
    assert.equal(await alertDocument(document.id, rules, context), 3);
    assert.equal(await alertDocument(document.id, rules, context), 0, 'a match is stored once');

    const posted = server.requests.filter((r) => r.path === '/hook');
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.method, 'POST');
    assert.equal(posted[0]!.headers['content-type'], 'application/json');
    const payload = JSON.parse(posted[0]!.body);
    assert.deepEqual(payload.alert, { rule: 1, entity: null, keyword: 'convoy', story: null });
    assert.deepEqual(payload.document, {
      id: document.id,
      title: 'Convoy crosses bridge',
      url: 'https://news.example/convoy',
      source: 'News Example',
      publishedAt: '2024-03-12T09:15',
    });
    assert.deepEqual(payload.reasons, ['keyword "convoy" in the title']);

    const matches = await store.listAlertMatches();
    const byRule = new Map(matches.map((m) => [m.ruleId, m]));
    assert.equal(byRule.get(1)!.webhookStatus, 'sent');
    assert.equal(byRule.get(2)!.webhookStatus, 'failed');
    assert.equal(byRule.get(2)!.webhookError, 'HTTP 500 Internal Server Error');
    assert.equal(byRule.get(3)!.webhookStatus, 'failed');
    assert.equal(byRule.get(3)!.webhookError, 'timed out after 300 ms');
    assert.equal(byRule.has(4), false);
    assert.ok(logged.some((l) => l.includes('webhook') && l.includes('timed out')));
    await store.close();
  });
});
