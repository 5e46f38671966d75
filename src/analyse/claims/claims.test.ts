import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noShared, sharedPath } from '../../../test/support.ts';
import type { Claim } from '../../model.ts';
import { findClaims } from './index.ts';

const seed = (name: string) => readFileSync(sharedPath('seeds', name), 'utf8');
const KYIV = '000_cd77e314ade598fb.txt';
const FRENCH_PRESS = '002_63b50c43ea89467a.txt';

/** The claim whose content contains `content` (and cue `cue` when given). */
function claimAbout(claims: Claim[], content: string, cue?: RegExp): Claim {
  const found = claims.find((c) => c.content.text.includes(content) && (!cue || cue.test(c.cue.text)));
  assert.ok(
    found,
    `no claim about "${content}"; found:\n${claims.map((c) => `  ${c.source?.text} | ${c.cue.text} | ${c.content.text}`).join('\n')}`,
  );
  return found;
}

test('"X said (that) …": source, cue, content and stance', () => {
  const text = 'The ministry said that the train carried horses.';
  const [claim, ...rest] = findClaims(text);
  assert.equal(rest.length, 0);
  assert.equal(claim?.source?.text, 'The ministry');
  assert.equal(claim?.cue.text, 'said');
  assert.equal(claim?.content.text, 'that the train carried horses');
  assert.equal(claim?.stance, 'asserts');
  assert.equal(claim?.sourceEntity, 'ministry');
});

test('"…, X said." and quotations with "he added"', () => {
  const text =
    'The shipments continued through the autumn, a senior official said. “We have seen at least two trains,” he added.';
  const claims = findClaims(text);
  const first = claimAbout(claims, 'The shipments continued');
  assert.equal(first.source?.text, 'a senior official');
  const second = claimAbout(claims, 'We have seen at least two trains');
  assert.equal(second.cue.text, 'added');
  assert.equal(second.source?.text, 'he');
});

test('"according to X, …" and "it is believed that …" (no source)', () => {
  const claims = findClaims('According to the agency, the border was closed in 2020.');
  assert.equal(claims.length, 1);
  assert.equal(claims[0]?.source?.text, 'the agency');
  assert.equal(claims[0]?.content.text, 'the border was closed in 2020');
  const passive = findClaims('It is believed that the train carried ammunition.');
  const claim = claimAbout(passive, 'the train carried ammunition');
  assert.equal(claim.stance, 'believes');
});

test('"X, who …, said …": the source is the name with its clause, the entity the name', () => {
  const text = 'Kim, who has covered the region for years, said the line reopened in September.';
  const claim = claimAbout(findClaims(text), 'the line reopened');
  assert.equal(claim.source?.text, 'Kim, who has covered the region for years,');
  assert.equal(claim.sourceEntity, 'Kim');
  const apposition = 'Senator Dianne Feinstein, Democrat of California, said the program has sent money abroad.';
  const senator = claimAbout(findClaims(apposition), 'the program has sent money');
  assert.equal(senator.source?.text, 'Senator Dianne Feinstein, Democrat of California,');
  assert.equal(senator.sourceEntity, 'Dianne Feinstein');
});

test('"Y denied …", "Z accused W of …" and "it is unclear" stances', () => {
  assert.equal(claimAbout(findClaims('The Kremlin denied the report on Tuesday.'), 'the report').stance, 'denies');
  const accused = claimAbout(findClaims('Washington accused Pyongyang of supplying shells.'), 'Pyongyang');
  assert.equal(accused.stance, 'accuses');
  const unclear = findClaims('It is unclear whether the train carried weapons.');
  assert.equal(unclear.length, 1);
  assert.equal(unclear[0]?.stance, 'cannot-determine');
  assert.equal(unclear[0]?.source, null);
});

test('negative: sentences without attribution give no claim', () => {
  const text =
    'The train crossed the border on Friday. North Korea closed its land connection with Russia in February 2020. ' +
    'The resumption of cross-border traffic comes after nearly three years.';
  assert.deepEqual(findClaims(text), []);
});

test('negative: adjectival participles and names are no cues', () => {
  assert.deepEqual(findClaims('This is the first observed train on the line since the pandemic.'), []);
  const text = 'The site based in the United States that monitors the border said the purpose was unclear.';
  const claims = findClaims(text);
  assert.equal(claims.length, 1);
  assert.equal(claims[0]?.cue.text, 'said');
});

test('negative: "said" in "the so-called" or "the said document" is no cue', () => {
  assert.deepEqual(findClaims('The so-called special operation began in February.'), []);
  assert.deepEqual(findClaims('The said document was signed in Moscow in September.'), []);
});

test('seed (Kyiv Independent): 38 North cannot determine the purpose of the train', { skip: noShared }, () => {
  const claims = findClaims(seed(KYIV));
  const claim = claimAbout(claims, 'impossible to determine the purpose');
  assert.equal(claim.stance, 'cannot-determine');
  assert.equal(claim.sourceEntity, '38 North');
  const analysts = claimAbout(claims, 'the train was spotted on the only land link');
  assert.equal(analysts.source?.text, "the site's analysts");
  assert.equal(analysts.sourceEntity, '38 North');
});

test('seed (Kyiv Independent): CNN reported, nested: the U.S. accused North Korea', { skip: noShared }, () => {
  const claims = findClaims(seed(KYIV));
  const outer = claimAbout(claims, 'accused North Korea', /reported/);
  assert.equal(outer.sourceEntity, 'CNN');
  assert.equal(outer.stance, 'reports');
  const inner = claimAbout(claims, 'North Korea of secretly supplying Russia', /accused/);
  assert.equal(inner.stance, 'accuses');
  assert.equal(inner.parent, outer.id);
  assert.equal(inner.source?.text, 'the U.S.');
});

test('seed (Kyiv Independent): Pat Ryder stated; the State Department confirmed', { skip: noShared }, () => {
  const claims = findClaims(seed(KYIV));
  const ryder = claimAbout(claims, 'attempting to purchase ammunition', /stated/);
  assert.equal(ryder.sourceEntity, 'Pat Ryder');
  assert.equal(ryder.stance, 'asserts');
  const state = claimAbout(claims, 'secretly sending', /confirmed/);
  assert.equal(state.stance, 'confirms');
  assert.match(state.sourceEntity ?? '', /Department of State/);
});

test('seed (French press): Kirby said Wednesday; denial; announcement; report', { skip: noShared }, () => {
  const claims = findClaims(seed(FRENCH_PRESS));
  const kirby = claimAbout(claims, 'sending shipments across the Middle East and North Africa', /said/);
  assert.equal(kirby.sourceEntity, 'John Kirby');
  assert.equal(kirby.time?.text, 'Wednesday');
  assert.equal(kirby.time?.type, 'DATE');
  const believes = claimAbout(claims, 'North Korea is sending shipments', /believes/);
  assert.equal(believes.stance, 'believes');
  assert.equal(believes.parent, kirby.id);
  const denial = claimAbout(claims, 'arms sales to Russia');
  assert.equal(denial.stance, 'denies');
  assert.equal(denial.sourceEntity, 'North Korea');
  const launches = claimAbout(claims, 'four short-range ballistic missiles');
  assert.equal(launches.stance, 'announces');
  assert.equal(launches.sourceEntity, 'South Korean military');
  const horses = claimAbout(claims, '30 horses were transported by rail');
  assert.equal(horses.stance, 'reports');
  assert.equal(horses.sourceEntity, 'Russian customs agency');
});

test('seed (French press): 38 North revealed; "He added" resolves to the website', { skip: noShared }, () => {
  const claims = findClaims(seed(FRENCH_PRESS));
  const revealed = claimAbout(claims, 'the movement was seen on the only land link', /revealed/);
  assert.equal(revealed.sourceEntity, '38 North');
  assert.equal(revealed.stance, 'reports');
  const purpose = claimAbout(claims, 'the purpose of the train could not be determined');
  assert.equal(purpose.stance, 'cannot-determine');
  assert.equal(purpose.sourceEntity, '38 North');
  const added = claimAbout(claims, 'agreed in September to resume rail traffic', /added/);
  assert.equal(added.source?.text, 'He');
  assert.equal(added.sourceEntity, '38 North');
});

test('with entities: sources resolve to entity ids, pronouns through their antecedent', () => {
  const text = 'White House spokesman John Kirby said the trains ran at night. He added that more would follow.';
  const start = text.indexOf('John Kirby');
  const entities = [
    { id: 'person:john-kirby', name: 'John Kirby', type: 'person', mentions: [{ start, end: start + 10 }] },
  ];
  const claims = findClaims(text, { entities });
  assert.equal(claimAbout(claims, 'the trains ran at night').sourceEntity, 'person:john-kirby');
  assert.equal(claimAbout(claims, 'more would follow').sourceEntity, 'person:john-kirby');
});

test('a quotation signed on its line and a transcript line are attributions', () => {
  const signed = findClaims('“He makes blanket statements about people he knows nothing about.” ― Pamela Padilla\n');
  assert.equal(signed.length, 1);
  assert.equal(signed[0]?.source?.text, 'Pamela Padilla');
  assert.match(signed[0]?.content.text ?? '', /^“He makes blanket statements/);
  const transcript = findClaims('WALLACE: If I may, sir, because we have limited time.\n\nTRUMP: Go ahead.');
  assert.deepEqual(
    transcript.map((c) => [c.source?.text, c.cue.text]),
    [
      ['WALLACE', ':'],
      ['TRUMP', ':'],
    ],
  );
});

test('a cue inside a quotation says no more than the quotation; the attribution outside holds it', () => {
  const text =
    "''Secretary Clinton believes that businesses need to break free from quarterly reports,'' said Mike Schmidt, an adviser.";
  const claims = findClaims(text);
  const outer = claimAbout(claims, 'Secretary Clinton believes', /said/);
  assert.equal(outer.source?.text, 'Mike Schmidt, an adviser');
  assert.equal(outer.sourceEntity, 'Mike Schmidt');
  const inner = claimAbout(claims, 'businesses need', /believes/);
  assert.equal(inner.parent, outer.id);
  assert.ok(inner.content.end <= text.indexOf("''", 5));
});

test('coordinated cues are claims of their own with the same source', () => {
  const text = 'The senator warned that the effort would stall, and criticized the party for its silence.';
  const claims = findClaims(text);
  const urged = claimAbout(claims, 'the effort would stall', /warned/);
  const criticized = claimAbout(claims, 'the party for its silence', /criticized/);
  assert.equal(urged.parent, null);
  assert.equal(criticized.parent, null);
  assert.ok(!urged.content.text.includes('criticized'));
  assert.equal(criticized.source?.text, 'The senator');
  const second = 'The governor agreed that the rules should change, but he said the debate should wait.';
  const agreed = claimAbout(findClaims(second), 'the rules should change', /agreed/);
  assert.ok(!agreed.content.text.includes('debate'));
  const arguing = findClaims('Mook said as much on Thursday, arguing that Trump lashed out at the generals.');
  assert.equal(claimAbout(arguing, 'Trump lashed out', /arguing/).parent, null);
});

test('a claim told after the fact holds the one it reports ("…, the source added")', () => {
  const text =
    'Clinton had told police officials that she did not want the escort, but the NYPD overruled that, the source added.';
  const claims = findClaims(text);
  const added = claimAbout(claims, 'Clinton had told police officials', /added/);
  assert.equal(added.parent, null);
  assert.equal(added.source?.text, 'the source');
});

test('an attribution set inside its content, and "according to" after a clause', () => {
  const text = 'Climate change, Mr. Obama often says, is the greatest long-term threat facing the world.';
  const [claim, ...rest] = findClaims(text);
  assert.equal(rest.length, 0);
  assert.equal(claim?.source?.text, 'Mr. Obama');
  assert.deepEqual(
    claim?.contentParts?.map((p) => p.text),
    ['Climate change', 'is the greatest long-term threat facing the world'],
  );
  const after = 'His relatives watched the videos on Thursday, according to their attorneys, and asked for more.';
  const according = claimAbout(findClaims(after), 'His relatives watched the videos', /according/);
  assert.equal(according.source?.text, 'their attorneys');
});

test('empty and punctuation-only texts give no claims', () => {
  assert.deepEqual(findClaims(''), []);
  assert.deepEqual(findClaims('\n\n“”\n'), []);
});

test('a party tag in parentheses stays in the source and out of the name', () => {
  const text = 'House Speaker Paul Ryan (R-Wis.) said the recent shootings demand more listening.';
  const claim = claimAbout(findClaims(text), 'the recent shootings');
  assert.equal(claim.source?.text, 'House Speaker Paul Ryan (R-Wis.)');
  assert.equal(claim.sourceEntity, 'Paul Ryan');
  const aged = findClaims('Donna Rawlings, 59, of Ashton, Md., said the event brought back memories.');
  assert.equal(aged[0]?.source?.text, 'Donna Rawlings, 59, of Ashton, Md.,');
  assert.equal(aged[0]?.sourceEntity, 'Donna Rawlings');
});

test('a partial name resolves to the full name given earlier ("Kirby" → John Kirby)', () => {
  const text =
    'White House national security spokesman John Kirby said the shipments were hidden. ' +
    'Kirby added that more trains had crossed the border.';
  const claims = findClaims(text);
  assert.equal(claimAbout(claims, 'the shipments were hidden').sourceEntity, 'John Kirby');
  assert.equal(claimAbout(claims, 'more trains had crossed').sourceEntity, 'John Kirby');
});

/** Entities for a test text: each name with its kind, every occurrence a mention. */
function entitiesOf(text: string, names: [string, 'person' | 'organisation' | 'place'][]) {
  return names.map(([name, type]) => ({
    id: `${type}:${name.toLowerCase().replace(/\s+/g, '-')}`,
    name,
    type,
    mentions: [...text.matchAll(new RegExp(name, 'g'))].map((m) => ({ start: m.index, end: m.index + name.length })),
  }));
}

test('a pronoun speaker resolves to the person named before, not to the outlet', () => {
  const text =
    'The harbour master Ilse Varga closed the port on Monday, the Coastal Courier reported. ' +
    '“We could not let the ferries sail in that wind,” she said.';
  const entities = entitiesOf(text, [
    ['Ilse Varga', 'person'],
    ['Coastal Courier', 'organisation'],
  ]);
  const claims = findClaims(text, { entities });
  assert.equal(claimAbout(claims, 'closed the port').sourceEntity, 'organisation:coastal-courier');
  assert.equal(claimAbout(claims, 'could not let the ferries sail', /said/).sourceEntity, 'person:ilse-varga');
});

test('a pronoun speaker: the subject of the sentence before, a name inside a quotation no candidate', () => {
  const text =
    'Tomas Brandt handed the ball to Owen Pike before the last play. ' + '“I told Owen to keep it low,” he said later.';
  const entities = entitiesOf(text, [
    ['Tomas Brandt', 'person'],
    ['Owen Pike', 'person'],
    ['Owen', 'person'],
  ]);
  const claim = claimAbout(findClaims(text, { entities }), 'keep it low', /said/);
  assert.equal(claim.sourceEntity, 'person:tomas-brandt');
});

test('a pronoun speaker with no antecedent of its kind stays unresolved', () => {
  const text = 'The Valley Gazette covered the vote at length. He said the count was fair.';
  const entities = entitiesOf(text, [['Valley Gazette', 'organisation']]);
  const claim = claimAbout(findClaims(text, { entities }), 'the count was fair');
  assert.equal(claim.source?.text, 'He');
  assert.equal(claim.sourceEntity, null);
  // An earlier speaker whose name the entity stage did not find is still the antecedent: "he" stays unresolved.
  const unnamed = 'The Valley Gazette reported the result. Marek said the count was slow. He said it was fair too.';
  const claims = findClaims(unnamed, { entities: entitiesOf(unnamed, [['Valley Gazette', 'organisation']]) });
  assert.equal(claimAbout(claims, 'it was fair too').sourceEntity, null);
});

test('negative: verbs that put out no message, official findings and acts asked for are no cues', () => {
  const cues = (text: string) => findClaims(text).map((c) => c.cue.text);
  assert.deepEqual(cues('The agency issued an urgent fix for the flaw in its billing software.'), []);
  assert.deepEqual(cues('Guards fired rubber bullets at the crowd near the depot.'), []);
  assert.deepEqual(cues('The driver was pronounced dead at the county clinic.'), []);
  assert.deepEqual(cues('The rider was later pronounced dead at the scene.'), []);
  assert.deepEqual(cues('The mayor urged drivers to avoid the bridge until noon.'), []);
  assert.deepEqual(cues('The council thanked the volunteers for their help with the cleanup.'), []);
  assert.deepEqual(cues('Both ports agreed to share the dredging costs next year.'), []);
  // The same verbs with a message, or a proposition, still are.
  const statement = findClaims('The agency issued a statement saying the flaw had been fixed.');
  assert.ok(statement.some((c) => /issued/.test(c.cue.text)));
  const agreed = findClaims('The engineers agreed that the bridge was safe.');
  assert.equal(claimAbout(agreed, 'the bridge was safe').cue.text, 'agreed');
});

test('a headline "Name: …" and a transcript line opened by a quotation mark are attributions', () => {
  const headline = findClaims('Okafor: Port Strike Will End by Friday\n\nThe union leader spoke in Lagos.');
  const claim = claimAbout(headline, 'Port Strike Will End by Friday');
  assert.equal(claim.source?.text, 'Okafor');
  assert.equal(claim.cue.text, ':');
  // A label is no speaker.
  assert.deepEqual(findClaims('The Latest: Ferries resume on the northern route\n'), []);
  const transcript = findClaims('Part of the exchange:\n"HOST: Where were you on the night of the vote?\n');
  const line = claimAbout(transcript, 'Where were you');
  assert.equal(line.source?.text, 'HOST');
});

test('an impersonal "it" is no speaker, and no antecedent', () => {
  const text =
    'The Harbour Board closed the quay. It is expected that the quay will reopen in May. It said repairs began.';
  const entities = entitiesOf(text, [['Harbour Board', 'organisation']]);
  const claims = findClaims(text, { entities });
  assert.equal(claimAbout(claims, 'the quay will reopen').sourceEntity, null);
  assert.equal(claimAbout(claims, 'repairs began').sourceEntity, 'organisation:harbour-board');
});
