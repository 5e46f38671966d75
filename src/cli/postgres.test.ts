import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Step } from '../../test/cli-flows.ts';
import { noPostgres, startPostgres, type TestCluster } from '../../test/postgres.ts';
import { noShared, projectRoot, tempDir } from '../../test/support.ts';

let cluster: TestCluster | undefined;
before(async () => {
  if (!noPostgres && !noShared) cluster = await startPostgres();
});
after(async () => {
  await cluster?.stop();
});

test('cli on PostgreSQL: ingest, documents, document, observe, stories, merge, split and recluster answer exactly as on SQLite', {
  skip: noPostgres || noShared,
}, async () => {
  const dir = tempDir('cli-pg');
  const inputs = { other: join(dir, 'other.txt'), empty: join(dir, 'empty.txt') };
  writeFileSync(
    inputs.other,
    'Bakers strike over flour prices in Lisbon\n\nBakers in Lisbon stopped work on Tuesday over the price of flour, the union said, and 40 bakeries stayed shut.\n',
  );
  writeFileSync(inputs.empty, '');
  const runFlows = async (db: string, name: string): Promise<Step[]> => {
    const out = join(dir, `${name}.json`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(projectRoot, 'test', 'cli-flows.ts'), db, inputs.other, inputs.empty, out],
      {
        cwd: projectRoot,
        env: { ...process.env, TRIANGULATE_DB: undefined },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    return JSON.parse(readFileSync(out, 'utf8'));
  };
  const [onSqlite, onPostgres] = await Promise.all([
    runFlows(join(dir, 'same.db'), 'sqlite'),
    runFlows(await cluster!.createDatabase(), 'postgres'),
  ]);
  // What the flows do on PostgreSQL, in brief; then, step by step, the same as on SQLite.
  const codes = onPostgres.map((s) => s.code);
  assert.equal(codes[0], 1, 'an empty input fails and makes the exit code 1');
  assert.equal((onPostgres[0]!.output as { counts: { added: number } }).counts.added, 3);
  assert.equal((onPostgres[1]!.output as { counts: { unchanged: number } }).counts.unchanged, 3);
  assert.equal((onPostgres[2]!.output as { total: number }).total, 3);
  assert.equal(codes.at(-2), 2, 'merging with a story that does not exist is a usage error');
  assert.match(onPostgres.at(-2)!.output as string, /no story "nope"/);
  for (let i = 0; i < onSqlite.length; i++) {
    assert.deepEqual(onPostgres[i], onSqlite[i], `triangulate ${onSqlite[i]!.args.join(' ')}`);
  }
  assert.equal(onPostgres.length, onSqlite.length);
});
