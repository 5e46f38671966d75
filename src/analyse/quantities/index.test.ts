import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { noShared, sharedPath } from '../../../test/support.ts';
import type { Quantity } from '../../model.ts';
import { findQuantities } from './index.ts';

const brief = (q: Quantity) => [q.text, q.value, q.unit, q.qualifier ?? null];

describe('findQuantities', () => {
  test('a number with the noun phrase it counts', () => {
    assert.deepEqual(
      findQuantities(
        'Pyongyang launched four short-range ballistic missiles into the sea and sent 30 horses by rail.',
      ).map(brief),
      [
        ['four short-range ballistic missiles', 4, 'short-range ballistic missiles', null],
        ['30 horses', 30, 'horses', null],
      ],
    );
  });

  test('money, percentages, scales and approximations', () => {
    assert.deepEqual(
      findQuantities(
        'Profit rose 15% to $5.3 million, or 45 cents a share, as nearly 700 seats and 1,200 people were added.',
      ).map(brief),
      [
        ['15%', 15, '%', null],
        ['$5.3 million', 5_300_000, 'USD', null],
        ['45 cents', 0.45, 'USD', null],
        ['nearly 700 seats', 700, 'seats', 'approximate'],
        ['1,200 people', 1200, 'people', null],
      ],
    );
  });

  test('vague amounts have no value but keep the vague word', () => {
    assert.deepEqual(
      findQuantities(
        'North Korea is sending a "significant" amount of artillery shells; dozens of trucks crossed.',
      ).map(brief),
      [
        ['a "significant" amount of artillery shells', null, 'artillery shells', 'significant'],
        ['dozens of trucks', null, 'trucks', 'dozens'],
      ],
    );
  });

  test('not quantities: durations, years, dates, times, ages, ranks and names', () => {
    const text =
      'It was the first shipment in nearly three years. The border shut in 2020 and reopened on Nov. 4 at 9am EST. ' +
      'A 6-year-old boy, a 52-year-old man and the 38th brigade watched; 38 North said the F-16 and the G7 met twice. ' +
      'He was 52 years old. One more train left. Boeing 737 jets flew under Resolution 1441 terms.';
    assert.deepEqual(findQuantities(text).map(brief), []);
  });

  test('a count at the start of a sentence or after a function word is still a count', () => {
    assert.deepEqual(
      findQuantities('The train left. Thirty horses were aboard. Of 12 wagons, The 40 soldiers saw one.').map(brief),
      [
        ['Thirty horses', 30, 'horses', null],
        ['12 wagons', 12, 'wagons', null],
        ['40 soldiers', 40, 'soldiers', null],
      ],
    );
  });

  test('the counted noun is the first plural noun, not a verb or what follows a preposition', () => {
    assert.deepEqual(
      findQuantities(
        'Three democracies helps; 1,000 others outside embassies; two sales representatives; one can see.',
      ).map(brief),
      [
        ['Three democracies', 3, 'democracies', null],
        ['1,000 others', 1000, 'others', null],
        ['two sales representatives', 2, 'sales representatives', null],
      ],
    );
  });

  test('spans index the text', () => {
    const text = 'About 2,000 protesters rallied.';
    const [q] = findQuantities(text);
    assert.equal(text.slice(q!.start, q!.end), q!.text);
    assert.deepEqual(brief(q!), ['About 2,000 protesters', 2000, 'protesters', 'approximate']);
  });
});

describe('seed articles', () => {
  const read = (name: string) => readFileSync(sharedPath('seeds', name), 'utf8');

  test('000: 30 horses and a significant amount of shells', { skip: noShared }, () => {
    const found = findQuantities(read('000_cd77e314ade598fb.txt'));
    assert.ok(found.some((q) => q.text === '30 horses' && q.value === 30 && q.unit === 'horses'));
    const shells = found.find((q) => q.unit === 'artillery shells');
    assert.equal(shells?.value, null);
    assert.equal(shells?.qualifier, 'significant');
    // "nearly three years" is a duration and "2020"/"Sept. 2022" are dates: none of them is a quantity.
    assert.ok(!found.some((q) => /years|2020|2022/.test(q.text)));
  });

  test('002: 30 horses and four short-range ballistic missiles', { skip: noShared }, () => {
    const found = findQuantities(read('002_63b50c43ea89467a.txt'));
    assert.ok(found.some((q) => q.text === '30 horses' && q.value === 30));
    const missiles = found.find((q) => q.unit === 'short-range ballistic missiles');
    assert.equal(missiles?.value, 4);
    assert.equal(missiles?.text, 'four short-range ballistic missiles');
    assert.ok(!found.some((q) => /years/.test(q.text)));
  });
});
