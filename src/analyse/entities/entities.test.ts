import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noShared, sharedPath } from '../../../test/support.ts';
import type { Entity } from '../../model.ts';
import { gazetteer } from './gazetteer.ts';
import { editDistance, findEntities, fuzzyLookup } from './index.ts';
import { tagSentences } from './tagger.ts';

const seed = (name: string) => readFileSync(sharedPath('seeds', name), 'utf8');
const byId = (entities: Entity[], id: string) => {
  const entity = entities.find((e) => e.id === id);
  assert.ok(entity, `no entity ${id} in ${entities.map((e) => e.id).join(', ')}`);
  return entity;
};
const surfaces = (entity: Entity) => entity.mentions.map((m) => m.text);

test('seed 000: countries from names, demonyms, codes and a typo; people with roles; media', { skip: noShared }, () => {
  const text = seed('000_cd77e314ade598fb.txt');
  const entities = findEntities(text);
  const northKorea = byId(entities, 'country:PRK');
  assert.equal(northKorea.name, 'North Korea');
  assert.equal(northKorea.type, 'place');
  for (const alias of ['North Korea', 'North Korean', 'DPRK']) assert.ok(northKorea.aliases.includes(alias), alias);
  const russia = byId(entities, 'country:RUS');
  assert.ok(russia.aliases.includes('Russiaie'));
  assert.equal(russia.mentions.find((m) => m.text === 'Russiaie')?.match, 'fuzzy');
  assert.ok(byId(entities, 'country:USA').aliases.includes('U.S.'));
  assert.equal(byId(entities, 'org:38-north').name, '38 North');
  assert.equal(byId(entities, 'org:cnn').type, 'organisation');
  assert.equal(byId(entities, 'org:us-state-department').name, 'U.S. Department of State');
  const ryder = byId(entities, 'person:pat-ryder');
  assert.equal(ryder.name, 'Pat Ryder');
  assert.equal(ryder.type, 'person');
  assert.ok(ryder.roles.some((r) => r.text.includes('Pentagon Press Secretary') && r.organisation === 'Pentagon'));
  assert.equal(byId(entities, 'person:vladimir-putin').name, 'Vladimir Putin');
  assert.equal(byId(entities, 'person:kim-jong-un').name, 'Kim Jong-un');
  // Every mention is a real span of the text.
  for (const entity of entities) for (const m of entity.mentions) assert.equal(text.slice(m.start, m.end), m.text);
  // Negative: no person from the titles, no entity from sentence-opening words.
  assert.ok(!entities.some((e) => e.type === 'person' && /Gen\.|Secretary|Force/.test(e.name)));
  for (const word of ['Although', 'Earlier', 'Follow', 'Fresh', 'Daily', 'Video', 'Photo']) {
    assert.ok(!entities.some((e) => e.name === word), word);
  }
});

test('seed 002: John Kirby with his role, the Security Council, Pyongyang for North Korea', { skip: noShared }, () => {
  const text = seed('002_63b50c43ea89467a.txt');
  const entities = findEntities(text);
  const kirby = byId(entities, 'person:john-kirby');
  assert.ok(
    kirby.roles.some((r) => r.text.includes('national security spokesman') && r.organisation === 'White House'),
  );
  assert.equal(byId(entities, 'org:white-house').type, 'organisation');
  assert.ok(surfaces(byId(entities, 'org:un-security-council')).includes('United Nations Security Council'));
  const northKorea = byId(entities, 'country:PRK');
  assert.ok(northKorea.mentions.some((m) => m.text === 'Pyongyang' && m.match === 'metonym'));
  assert.ok(byId(entities, 'country:USA').aliases.includes('US'));
  assert.ok(!entities.some((e) => e.id.startsWith('person:') && e.id !== 'person:john-kirby'));
});

test('a last name resolves to the full name given elsewhere in the document', () => {
  const entities = findEntities(
    'Kirby later told reporters the shipments were hidden. John Kirby, the White House national security spokesman, said the United States was watching.',
  );
  const kirby = byId(entities, 'person:john-kirby');
  assert.deepEqual(surfaces(kirby), ['Kirby', 'John Kirby']);
  assert.equal(kirby.mentions[0]!.match, 'partial-name');
  assert.ok(kirby.roles.some((r) => r.text === 'White House national security spokesman'));
});

test('state organs resolve to the state named with them; capitals stand for governments', () => {
  const entities = findEntities(
    "Russia's Foreign Ministry summoned the ambassador, and Moscow warned Kyiv. Officials in Kiev said Washington agreed.",
  );
  assert.equal(byId(entities, 'org:foreign-ministry-rus').type, 'organisation');
  assert.ok(byId(entities, 'country:RUS').mentions.some((m) => m.text === 'Moscow'));
  assert.deepEqual(
    byId(entities, 'country:UKR').mentions.map((m) => m.text),
    ['Kyiv', 'Kiev'],
  );
  assert.ok(byId(entities, 'country:USA').mentions.some((m) => m.text === 'Washington'));
});

test('negative: the month May, sentence-opening words and lower-case words are not entities', () => {
  const entities = findEntities(
    'However, the talks failed in May. Officials met again on May 5 and will meet in June. Although prices rose, the ' +
      'market held. Earlier, a north wind blew across the state.',
  );
  assert.ok(!entities.some((e) => /^(May|However|Although|Earlier|June)$/.test(e.name)), JSON.stringify(entities));
  assert.ok(!entities.some((e) => e.type === 'person'));
});

test('empty text, blank lines and punctuation give no entities', () => {
  assert.deepEqual(findEntities(''), []);
  assert.deepEqual(findEntities('  \n\n  '), []);
  assert.deepEqual(findEntities('...!!! --- ?'), []);
});

test('typo-robust matching corrects only long names, and only when one entity is close', () => {
  const gaz = gazetteer();
  assert.equal(fuzzyLookup(gaz, 'Russiaie')?.entry.id, 'country:RUS');
  assert.equal(fuzzyLookup(gaz, 'Ukriane')?.entry.id, 'country:UKR');
  assert.equal(fuzzyLookup(gaz, 'Prussia'), null); // first letter differs
  assert.equal(fuzzyLookup(gaz, 'Irap'), null); // too short to correct
  assert.equal(fuzzyLookup(gaz, 'Russia'), null); // exact names are not fuzzy matches
  assert.equal(editDistance('ukriane', 'ukraine', 2), 1);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
});

test('the tagger tags a news sentence and leaves common words alone', () => {
  const [tags] = tagSentences([
    [
      'German',
      'Chancellor',
      'Helmut',
      'Kohl',
      'met',
      'officials',
      'of',
      'the',
      'European',
      'Union',
      'in',
      'Brussels',
      '.',
    ],
  ]);
  assert.deepEqual(tags, ['B-MISC', 'O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'O', 'B-ORG', 'I-ORG', 'O', 'B-LOC', 'O']);
});

test('a wire story: known people by short names, roles before the name, particles, hyphenated demonyms', () => {
  const text =
    'Russian missiles and Iranian-made drones struck Ukraine on Saturday, Ukrainian President Volodymyr Zelenskiy ' +
    'said. Kremlin spokesman Dmitry Peskov told reporters in Moscow that the strikes were aimed at military targets. ' +
    'NATO Secretary-General Jens Stoltenberg met European Commission President Ursula von der Leyen in Brussels. ' +
    'Erdogan spoke by phone with Putin, Ankara said.';
  const entities = findEntities(text);
  assert.ok(byId(entities, 'country:IRN').mentions.some((m) => m.text === 'Iranian'));
  const zelensky = byId(entities, 'person:volodymyr-zelensky');
  assert.ok(zelensky.roles.some((r) => r.text === 'Ukrainian President' && r.organisation === 'Ukraine'));
  assert.ok(byId(entities, 'person:dmitry-peskov').roles.some((r) => r.organisation === 'Kremlin'));
  assert.ok(byId(entities, 'person:jens-stoltenberg').roles.some((r) => r.text === 'NATO Secretary-General'));
  assert.equal(byId(entities, 'person:ursula-von-der-leyen').name, 'Ursula von der Leyen');
  assert.deepEqual(surfaces(byId(entities, 'person:vladimir-putin')), ['Putin']);
  assert.ok(byId(entities, 'country:RUS').mentions.some((m) => m.text === 'Moscow' && m.match === 'metonym'));
  // Negative: the title is not a person, the alliance is not a place.
  assert.ok(!entities.some((e) => e.type === 'person' && /President|Secretary/.test(e.name)));
  assert.equal(byId(entities, 'org:nato').type, 'organisation');
});

test('negative: a possessive or a place before a name is not a role', () => {
  const entities = findEntities("Russia's Putin met Biden in Geneva. Officials in Seoul met Kim Jong-un's envoy.");
  assert.deepEqual(byId(entities, 'person:vladimir-putin').roles, []);
  assert.deepEqual(byId(entities, 'person:joe-biden').roles, []);
  assert.deepEqual(byId(entities, 'person:kim-jong-un').roles, []);
});

test('a country, a capital or a news medium opening a sentence is still a name', () => {
  const entities = findEntities(
    'Turkey offered to mediate. Pyongyang rejected it. Reuters could not verify the report.',
  );
  assert.ok(byId(entities, 'country:TUR').mentions.some((m) => m.text === 'Turkey'));
  assert.ok(byId(entities, 'country:PRK').mentions.some((m) => m.text === 'Pyongyang' && m.match === 'metonym'));
  assert.equal(byId(entities, 'org:reuters').type, 'organisation');
});
