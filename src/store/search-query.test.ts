import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { MARK_END, MARK_START, splitMarks, toFtsQuery } from './search-query.ts';

test('search box text becomes quoted FTS5 terms, phrases, OR and prefixes', () => {
  assert.equal(toFtsQuery('sellan trader'), '"sellan" "trader"');
  assert.equal(toFtsQuery('"Sellan Trader" pier'), '"Sellan Trader" "pier"');
  assert.equal(toFtsQuery('drones OR ammunition'), '"drones" OR "ammunition"');
  assert.equal(toFtsQuery('Kaldor*'), '"Kaldor"*');
  assert.equal(toFtsQuery("Herald's"), '"Herald s"');
});

test('FTS5 syntax typed by a user is taken as words, never as syntax', () => {
  assert.equal(toFtsQuery('AND'), null);
  assert.equal(toFtsQuery('OR ship OR'), '"ship"');
  assert.equal(toFtsQuery('"unclosed phrase'), '"unclosed phrase"');
  assert.equal(toFtsQuery('title:ship NEAR(a b)'), '"title ship" "NEAR a" "b"');
  assert.equal(toFtsQuery('  ()*:^"" -- '), null);
  assert.equal(toFtsQuery(`a${MARK_START}b`), '"a" "b"');
  // Every one of these is a valid MATCH expression for SQLite itself.
  const db = new Database(':memory:');
  db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')");
  db.prepare('INSERT INTO t VALUES (?)').run('The ship AND the pier: "quoted" (NEAR) title');
  for (const input of ['AND', 'ship AND', '"', 'NOT ship', 'x:y', 'NEAR(', '^ship', 'ship*', '* OR *', 'café"']) {
    const query = toFtsQuery(input);
    if (query) assert.doesNotThrow(() => db.prepare('SELECT * FROM t WHERE t MATCH ?').all(query), input);
  }
  db.close();
});

test('highlight delimiters split into plain text and spans', () => {
  const marked = `the ${MARK_START}ship${MARK_END} at the ${MARK_START}pier${MARK_END}.`;
  assert.deepEqual(splitMarks(marked), {
    text: 'the ship at the pier.',
    highlights: [
      { start: 4, end: 8 },
      { start: 16, end: 20 },
    ],
  });
  assert.deepEqual(splitMarks('<b>no marks</b>'), { text: '<b>no marks</b>', highlights: [] });
});
