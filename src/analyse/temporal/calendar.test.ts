import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoWeek, isoWeekday, parseDay, resolveAnchor, symbolicValue } from './calendar.ts';

const day = parseDay('2022-11-05T13:33')!; // a Saturday

test('parseDay reads the calendar day of ISO values and rejects the rest', () => {
  assert.deepEqual(day, { y: 2022, m: 11, d: 5 });
  assert.equal(parseDay('5 November 2022'), null);
  assert.equal(parseDay('2022-13-01'), null);
  assert.equal(parseDay(null), null);
});

test('ISO weeks and weekdays, across a year boundary', () => {
  assert.equal(isoWeekday(day), 6);
  assert.deepEqual(isoWeek(day), { year: 2022, week: 44 });
  assert.deepEqual(isoWeek({ y: 2021, m: 1, d: 3 }), { year: 2020, week: 53 });
  assert.deepEqual(isoWeek({ y: 2024, m: 12, d: 30 }), { year: 2025, week: 1 });
});

test('weekday anchors: at or before, strictly before, after, and in the same week', () => {
  assert.equal(resolveAnchor({ relation: 'before', unit: 'weekday', amount: 5 }, day), '2022-11-04');
  assert.equal(resolveAnchor({ relation: 'before', unit: 'weekday', amount: 6 }, day), '2022-11-05');
  assert.equal(resolveAnchor({ relation: 'before', unit: 'weekday', amount: 6, strict: true }, day), '2022-10-29');
  assert.equal(resolveAnchor({ relation: 'after', unit: 'weekday', amount: 2 }, day), '2022-11-08');
  assert.equal(resolveAnchor({ relation: 'same', unit: 'weekday', amount: 1 }, day), '2022-10-31');
});

test('calendar units with offsets', () => {
  assert.equal(resolveAnchor({ relation: 'offset', unit: 'day', amount: -1 }, day), '2022-11-04');
  assert.equal(resolveAnchor({ relation: 'offset', unit: 'month', amount: -11 }, day), '2021-12');
  assert.equal(resolveAnchor({ relation: 'offset', unit: 'quarter', amount: -5 }, day), '2021-Q3');
  assert.equal(resolveAnchor({ relation: 'same', unit: 'week', suffix: '-WE' }, day), '2022-W44-WE');
  assert.equal(resolveAnchor({ relation: 'same', unit: 'decade' }, day), '202');
});

test('weekends are named by the week of their Saturday', () => {
  const monday = parseDay('2022-11-07')!;
  assert.equal(resolveAnchor({ relation: 'before', unit: 'weekend' }, monday), '2022-W44-WE');
  assert.equal(resolveAnchor({ relation: 'after', unit: 'weekend' }, monday), '2022-W45-WE');
  assert.equal(resolveAnchor({ relation: 'before', unit: 'weekend' }, day), '2022-W44-WE');
  assert.equal(resolveAnchor({ relation: 'before', unit: 'weekend', strict: true }, day), '2022-W43-WE');
});

test('calendar fields: months, seasons, holidays and the nearest day of the year', () => {
  assert.equal(resolveAnchor({ relation: 'before', unit: 'month-of-year', amount: 12 }, day), '2021-12');
  assert.equal(resolveAnchor({ relation: 'after', unit: 'month-of-year', amount: 3 }, day), '2023-03');
  assert.equal(resolveAnchor({ relation: 'before', unit: 'season', amount: 4, strict: true }, day), '2021-WI');
  assert.equal(resolveAnchor({ relation: 'before', unit: 'thanksgiving' }, day), '2021-11-25');
  assert.equal(
    resolveAnchor({ relation: 'nearest', unit: 'day-of-year', amount: 1125, lean: 'past' }, parseDay('2000-01-07')!),
    '1999-11-25',
  );
  assert.equal(
    resolveAnchor({ relation: 'nearest', unit: 'day-of-year', amount: 201, lean: 'future' }, parseDay('1989-10-26')!),
    '1990-02-01',
  );
});

test('symbolic values when there is no date to resolve against', () => {
  assert.equal(symbolicValue({ relation: 'before', unit: 'weekday', amount: 5, suffix: 'TAF' }), 'XXXX-WXX-5TAF');
  assert.equal(symbolicValue({ relation: 'before', unit: 'month-of-year', amount: 9 }), 'XXXX-09');
  assert.equal(symbolicValue({ relation: 'same', unit: 'day' }), 'XXXX-XX-XX');
  assert.equal(symbolicValue({ relation: 'nearest', unit: 'day-of-year', amount: 1104 }), 'XXXX-11-04');
});
