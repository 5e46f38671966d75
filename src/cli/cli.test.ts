import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { runCli, startCli } from '../../test/cli.ts';
import { noShared, sharedPath, tempDir } from '../../test/support.ts';

describe('cli', () => {
  test('every command has --help', async () => {
    for (const command of ['ingest', 'documents', 'document', 'observe', 'demo', 'eval']) {
      const { code, stdout } = await runCli([command, '--help']);
      assert.equal(code, 0, command);
      assert.match(stdout, /Usage: triangulate/, command);
    }
  });

  test('usage errors exit 2', async () => {
    assert.equal((await runCli(['ingest'])).code, 2);
    assert.equal((await runCli(['documents', '--limit', 'lots', '--db', join(tempDir('cli'), 'x.db')])).code, 2);
  });

  test('ingest --json reports every item; a failed input makes the exit code 1', async () => {
    const dir = tempDir('cli');
    writeFileSync(join(dir, 'good.txt'), 'Ferry resumes service\n\nThe ferry resumed service on Monday.\n');
    writeFileSync(join(dir, 'bad.txt'), '');
    const db = join(tempDir('cli'), 'test.db');
    const { code, stdout } = await runCli(['ingest', dir, '--json', '--db', db]);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.counts.added, 1);
    assert.equal(report.counts.failed, 1);
    assert.match(report.items.find((i: { status: string }) => i.status === 'failed').error, /bad\.txt/);
  });

  test('the seeds: ingest, documents and document ID --json', { skip: noShared }, async () => {
    const db = join(tempDir('cli'), 'seeds.db');
    const ingest = await runCli(['ingest', sharedPath('seeds'), '--json'], {
      env: { ...process.env, TRIANGULATE_DB: db },
    });
    assert.equal(ingest.code, 0, ingest.stderr);
    assert.equal(JSON.parse(ingest.stdout).counts.added, 2);
    const list = JSON.parse((await runCli(['documents', '--json', '--db', db])).stdout);
    assert.equal(list.total, 2);
    const id = list.documents.find((d: { title: string }) => d.title.startsWith('North Korean')).id;
    const doc = JSON.parse((await runCli(['document', id.slice(0, 6), '--json', '--db', db])).stdout);
    for (const key of ['id', 'title', 'publishedAt', 'language', 'text', 'removed']) assert.ok(key in doc, key);
    assert.equal(doc.publishedAt.value, '2022-11-05T13:33');
    assert.ok(doc.removed.every((r: { text: string; reason: string }) => r.text && r.reason));
  });

  test('an ingest killed half-way leaves a consistent database; running it again completes it', async () => {
    const dir = tempDir('cli');
    const corpus = join(dir, 'corpus');
    mkdirSync(corpus);
    const n = 400;
    for (let i = 0; i < n; i++) {
      writeFileSync(
        join(corpus, `${String(i).padStart(4, '0')}.txt`),
        `Report ${i}\n\nHarbour report number ${i} said ${i * 7} ships waited.\n`,
      );
    }
    const db = join(dir, 'kill.db');
    const child = startCli(['ingest', corpus, '--json', '--db', db], { stdio: 'ignore' });
    let stored = 0;
    for (let tries = 0; tries < 400 && stored === 0; tries++) {
      await sleep(25);
      stored = countDocuments(db);
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    const afterKill = countDocuments(db);
    assert.ok(afterKill > 0 && afterKill < n, `killed with ${afterKill} of ${n} stored`);
    const check = new Database(db);
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    check.close();

    const rerun = await runCli(['ingest', corpus, '--json', '--db', db]);
    assert.equal(rerun.code, 0, rerun.stderr);
    const { counts } = JSON.parse(rerun.stdout);
    assert.equal(counts.added + counts.unchanged, n);
    assert.equal(countDocuments(db), n);
  });
});

function countDocuments(db: string): number {
  try {
    const handle = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (handle.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    } finally {
      handle.close();
    }
  } catch {
    return 0; // not created yet, or the schema is not there yet
  }
}
