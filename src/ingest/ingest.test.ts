import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { noShared, sharedPath, tempDir } from '../../test/support.ts';
import { defaultConfig } from '../config.ts';
import { SqliteStore } from '../store/sqlite.ts';
import { ingest } from './ingest.ts';

function freshStore() {
  const dir = tempDir('ingest');
  return { dir, store: new SqliteStore(join(dir, 'test.db')) };
}

describe('ingest: the seeds', { skip: noShared }, () => {
  test('stores 2 English documents with the expected metadata and clean text; again adds 0', async () => {
    const { store } = freshStore();
    const first = await ingest([sharedPath('seeds')], { store, config: defaultConfig });
    assert.equal(first.counts.added, 2);
    assert.equal(first.counts.failed, 0);
    const again = await ingest([sharedPath('seeds')], { store, config: defaultConfig });
    assert.deepEqual(again.counts, { added: 0, unchanged: 2, 'new-version': 0, failed: 0 });

    const byFile = (name: string) => first.items.find((i) => i.input.endsWith(name))!.id!;
    const original = (await store.getDocument(byFile('000_cd77e314ade598fb.txt')))!;
    assert.equal(
      original.title,
      'North Korean Russia-bound train spotted amid reports of covert ammunition deliveries',
    );
    assert.deepEqual(
      {
        value: original.publishedAt.value,
        precision: original.publishedAt.precision,
        origin: original.publishedAt.origin,
      },
      { value: '2022-11-05T13:33', precision: 'minute', origin: 'stated' },
    );
    assert.equal(original.language, 'en');
    assert.ok(original.text.includes('A North Korean train has been spotted crossing the Russian border'));
    assert.ok(original.text.includes('On Nov. 2, CNN reported'));
    for (const chrome of [
      'Video of day',
      'Follow us on Twitter',
      'Fresh daily newsletter',
      'Daily at 9am EST',
      'Show more news',
      'Photo:KCNA',
    ]) {
      assert.ok(!original.text.includes(chrome), `text still contains "${chrome}"`);
      assert.ok(
        original.removed.some((r) => r.text.includes(chrome)),
        `"${chrome}" is kept among the removed spans`,
      );
    }
    for (const p of original.paragraphs) assert.ok(original.text.slice(p.start, p.end).trim().length > 0);

    const rewrite = (await store.getDocument(byFile('002_63b50c43ea89467a.txt')))!;
    assert.equal(rewrite.title, 'Years ago, the first railway movement linking North Korea with Russia was monitored');
    assert.equal(rewrite.publishedAt.value, null);
    assert.equal(rewrite.publishedAt.origin, 'unknown');
    assert.equal(rewrite.language, 'en');
    assert.ok(rewrite.text.includes('John Kirby said Wednesday'));
    assert.ok(!rewrite.text.includes('Read More About'));
    await store.close();
  });
});

describe('ingest: bad input', () => {
  test('a directory with bad files among good ones: the good are stored, each failure names the file and problem', async () => {
    const { dir, store } = freshStore();
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'good.txt'), 'Bridge reopens\n\nThe bridge reopened on Monday after repairs.\n');
    writeFileSync(
      join(corpus, 'image.png'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    );
    writeFileSync(join(corpus, 'empty.txt'), '');
    // Windows-1252: "café" and curly quotes as single bytes, invalid as UTF-8.
    writeFileSync(
      join(corpus, 'legacy.txt'),
      Buffer.concat([
        Buffer.from('Caf'),
        Buffer.from([0xe9]),
        Buffer.from(' owners protest\n\nThe owners of the caf'),
        Buffer.from([0xe9, 0x20, 0x93]),
        Buffer.from('Le Port'),
        Buffer.from([0x94]),
        Buffer.from(' said they would appeal the closure of the harbour road next week.\n'),
      ]),
    );
    const report = await ingest([corpus, join(dir, 'missing.txt')], { store, config: defaultConfig });
    assert.equal(report.counts.added, 2);
    const failed = report.items.filter((i) => i.status === 'failed');
    assert.equal(failed.length, 3);
    assert.match(failed.find((f) => f.input.endsWith('image.png'))!.error!, /image\.png: .*binary.*PNG/i);
    assert.match(failed.find((f) => f.input.endsWith('empty.txt'))!.error!, /empty\.txt: .*empty/i);
    assert.match(failed.find((f) => f.input.endsWith('missing.txt'))!.error!, /missing\.txt: no such file/);
    const legacy = report.items.find((i) => i.input.endsWith('legacy.txt'))!;
    const doc = (await store.getDocument(legacy.id!))!;
    assert.equal(doc.title, 'Café owners protest');
    assert.ok(doc.text.includes('“Le Port”'));
    await store.close();
  });

  test('a file over the size cap is refused with the size and the cap', async () => {
    const { dir, store } = freshStore();
    const big = join(dir, 'big.txt');
    writeFileSync(big, `Big\n\n${'word '.repeat(400)}`);
    const report = await ingest([big], { store, config: { ...defaultConfig, maxInputBytes: 1000 } });
    assert.equal(report.counts.failed, 1);
    assert.match(report.items[0]!.error!, /big\.txt: .*(cap|limit|larger)/i);
    assert.equal(await store.countDocuments(), 0);
    await store.close();
  });

  test('a bad record in a JSONL file names the line; observations in it are checked field by field', async () => {
    const { dir, store } = freshStore();
    const file = join(dir, 'records.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ title: 'Port closed', text: 'The port closed on Monday.', source: 'Harbour Watch' }),
        JSON.stringify({
          place: 'Port',
          observedAt: '2024-03-12T06:00:00Z',
          description: 'Ships idle',
          analyst: 'kim',
        }),
        JSON.stringify({ place: 'Port', observedAt: 'yesterday-ish', description: 'x', analyst: 'kim' }),
      ].join('\n'),
    );
    const report = await ingest([file], { store, config: defaultConfig });
    assert.equal(report.counts.added, 2);
    const failed = report.items.find((i) => i.status === 'failed')!;
    assert.match(failed.error!, /records\.jsonl:3: "observedAt" is not a date/);
    const [doc] = await store.listDocuments();
    assert.equal(doc?.source.name, 'Harbour Watch');
    await store.close();
  });

  test('malformed feed XML fails with the line of the fault', async () => {
    const { dir, store } = freshStore();
    const feed = join(dir, 'broken.xml');
    writeFileSync(
      feed,
      '<?xml version="1.0"?>\n<rss version="2.0"><channel>\n<title>Broken</title>\n<item><title>One</item>\n</channel></rss>\n',
    );
    const report = await ingest([feed], { store, config: defaultConfig });
    assert.equal(report.counts.failed, 1);
    assert.match(report.items[0]!.error!, /broken\.xml: malformed XML at line 4/);
    await store.close();
  });
});

describe('ingest: versions and learned boilerplate', () => {
  test('changed content at a known URL is kept as a new version beside the old one', async () => {
    const { dir, store } = freshStore();
    const record = (text: string) =>
      JSON.stringify({ title: 'Dam holds', text, url: 'https://river.example/dam', source: 'River News' });
    writeFileSync(join(dir, 'v1.jsonl'), record('The dam held overnight, engineers said.'));
    writeFileSync(join(dir, 'v2.jsonl'), record('The dam held overnight, engineers said on Tuesday morning.'));
    const first = await ingest([join(dir, 'v1.jsonl')], { store, config: defaultConfig });
    const second = await ingest([join(dir, 'v2.jsonl')], { store, config: defaultConfig });
    assert.equal(second.items[0]?.status, 'new-version');
    assert.equal(second.items[0]?.previousId, first.items[0]?.id);
    const versions = await store.versionsOf('https://river.example/dam');
    assert.deepEqual(
      versions.map((v) => v.version),
      [1, 2],
    );
    await store.close();
  });

  test("a line recurring across documents of one source is removed as that source's boilerplate", async () => {
    const { dir, store } = freshStore();
    const footer = 'River News is an independent newsroom funded by its readers';
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    for (const [i, event] of ['The dam held', 'The bridge reopened', 'The ferry resumed'].entries()) {
      writeFileSync(
        join(corpus, `${i}.txt`),
        `---\nsource: River News\n---\n${event}\n\n${event} on day ${i + 1}, officials said.\n\n${footer}\n`,
      );
    }
    const report = await ingest([corpus], { store, config: defaultConfig });
    assert.equal(report.counts.added, 3);
    for (const item of report.items) {
      const doc = (await store.getDocument(item.id!))!;
      assert.ok(!doc.text.includes(footer), doc.text);
      assert.ok(doc.removed.some((r) => r.reason === 'recurring-line' && r.text === footer));
    }
    await store.close();
  });
});
