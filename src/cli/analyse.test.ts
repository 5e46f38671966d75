import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../test/cli.ts';
import { noShared, sharedPath, tempDir } from '../../test/support.ts';

interface Span {
  start: number;
  end: number;
  text?: string;
}

test("analyse FILE --published resolves the rewrite's relative dates; without it they stay symbolic", {
  skip: noShared,
}, async () => {
  const file = sharedPath('seeds', '002_63b50c43ea89467a.txt');
  const anchored = JSON.parse((await runCli(['analyse', file, '--published', '2022-11-05', '--json'])).stdout);
  const dateValue = (result: { dates: (Span & { value: string })[] }, text: string) =>
    result.dates.find((d) => d.text === text)?.value;
  assert.equal(dateValue(anchored, 'Wednesday'), '2022-11-02');
  assert.equal(dateValue(anchored, 'today'), '2022-11-05');
  assert.equal(dateValue(anchored, 'February 2020'), '2020-02');
  const symbolic = JSON.parse((await runCli(['analyse', file, '--json'])).stdout);
  assert.equal(symbolic.publishedAt.value, null);
  assert.doesNotMatch(dateValue(symbolic, 'Wednesday') ?? '', /^2022/);
  assert.ok(symbolic.quantities.some((q: Span) => q.text === 'four short-range ballistic missiles'));
  const kirby = symbolic.entities.find((e: { name: string }) => e.name === 'John Kirby');
  assert.ok(kirby.roles.some((r: Span) => r.text?.includes('national security spokesman')));
});

test('document ID --json carries the stored analysis, every span pointing into the clean text', {
  skip: noShared,
}, async () => {
  const db = join(tempDir('analysis'), 'a.db');
  await runCli(['ingest', sharedPath('seeds'), '--db', db]);
  const list = JSON.parse((await runCli(['documents', '--json', '--db', db])).stdout);
  const id = list.documents.find((d: { title: string }) => d.title.startsWith('North Korean')).id;
  const doc = JSON.parse((await runCli(['document', id, '--json', '--db', db])).stdout);
  for (const key of ['sentences', 'entities', 'dates', 'quantities', 'claims']) assert.ok(Array.isArray(doc[key]), key);
  const spans: Span[] = [
    ...doc.entities.flatMap((e: { mentions: Span[] }) => e.mentions),
    ...doc.dates,
    ...doc.quantities,
    ...doc.claims.flatMap((c: { cue: Span; content: Span }) => [c.cue, c.content]),
  ];
  assert.ok(spans.length > 20);
  for (const span of spans) assert.equal(doc.text.slice(span.start, span.end), span.text);
  assert.equal(doc.dates.find((d: Span) => d.text === 'Nov. 2')?.value, '2022-11-02');
  const cnn = doc.claims.find((c: { source: Span | null }) => c.source?.text === 'CNN');
  assert.equal(cnn?.stance, 'reports');
  assert.ok(
    doc.claims.some((c: { parent: string | null }) => c.parent === cnn.id),
    'the U.S. accusation is nested in it',
  );
});
