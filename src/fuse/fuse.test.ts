import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { noShared, projectRoot, sharedPath, tempDir } from '../../test/support.ts';
import type { Document, Entity, Observation } from '../model.ts';
import { dateRange, readableDate } from './dates.ts';
import { fuseStory, matchObservationToStories, type StoryFusion } from './index.ts';
import { fuseInputFromFiles } from './load.ts';
import { OriginRegistry } from './origins.ts';
import { contentTerms, countedQuantities } from './text.ts';

describe('fuse: text and dates', () => {
  test('concept classes join wordings of one proposition; stopwords and dates do not count', () => {
    const a = contentTerms('North Korea denied arms sales to Russia');
    const b = contentTerms('secretly supplying Russia with artillery shells');
    assert.ok(a.includes('~weapon') && b.includes('~weapon'));
    assert.ok(a.includes('~transfer') && b.includes('~transfer'));
    assert.ok(!contentTerms('on Friday afternoon, he said').length);
  });

  test('counts: numerals and number words with their noun; years, times and durations are not counts', () => {
    const counts = countedQuantities('Fourteen containers were loaded; Kestrel counted 12 shipping containers.');
    assert.deepEqual(
      counts.map((c) => [c.value, c.unit]),
      [
        [14, 'container'],
        [12, 'container'],
      ],
    );
    assert.deepEqual(countedQuantities('In 2020, at 06:30, for three years and 4 percent'), []);
  });

  test('date ranges keep their precision', () => {
    assert.deepEqual(dateRange('2022-11', 'the beginning of November'), {
      start: '2022-11-01',
      end: '2022-11-10',
      precision: 'early-month',
    });
    assert.equal(dateRange('2022-11', 'November')?.precision, 'month');
    assert.deepEqual(dateRange('2024-W10'), { start: '2024-03-04', end: '2024-03-10', precision: 'week' });
    assert.equal(dateRange('2024-03-10TMO')?.precision, 'part-of-day');
    assert.equal(dateRange('P3Y'), null);
  });
});

describe('fuse: the seeds (one event, an original and an undated rewrite)', { skip: noShared }, () => {
  let fusion: StoryFusion;
  let original: string;
  let rewrite: string;
  before(async () => {
    const input = await fuseInputFromFiles([sharedPath('seeds')]);
    original = input.documents.find((d) => d.document.publishedAt.value)!.document.id;
    rewrite = input.documents.find((d) => !d.document.publishedAt.value)!.document.id;
    fusion = fuseStory(input);
  });

  test('the train on the rail link on 2022-11-04 is one fact from both documents, single-origin (38 North)', () => {
    const train = fusion.facts.find(
      (f) =>
        f.kind === 'event' &&
        f.date?.start === '2022-11-04' &&
        f.mentions.some((m) => /land link/.test(m.content.text)),
    );
    assert.ok(train, 'the train fact');
    assert.deepEqual([...train.documents].sort(), [original, rewrite].sort());
    // Both wordings: "between North Korea and Russia on Nov. 4" and "between the two countries on Friday afternoon".
    assert.ok(train.mentions.some((m) => m.documentId === original && /Nov\. 4/.test(m.content.text)));
    assert.ok(train.mentions.some((m) => m.documentId === rewrite && /two countries/.test(m.content.text)));
    assert.ok(
      train.mentions.some((m) => m.documentId === rewrite && m.entities.includes('country:PRK')),
      '"the two countries" links to North Korea and Russia',
    );
    assert.equal(train.status, 'single-origin', train.reason);
    assert.equal(train.independentOrigins, 1);
    assert.deepEqual(train.supportedBy, ['org:38-north']);
    assert.match(train.reason, /38 North/);
  });

  test('a rewrite pair alone corroborates nothing: a copy family speaks with one voice', () => {
    const corroborated = fusion.facts.filter((f) => f.status === 'corroborated');
    assert.deepEqual(
      corroborated.map((f) => f.statement),
      [],
    );
  });

  test("the rewrite's publication date is inferred, with reasons, and its relative dates resolve", () => {
    const inferred = fusion.inferredDates.find((d) => d.documentId === rewrite);
    assert.ok(inferred);
    assert.equal(inferred.publishedAt.origin, 'inferred');
    assert.equal(inferred.publishedAt.value, '2022-11-05');
    assert.ok(inferred.range.earliest <= '2022-11-05' && inferred.range.latest >= '2022-11-05');
    assert.ok(inferred.reasons.some((r) => /Friday/.test(r) && /2022-11-04/.test(r)));
    assert.ok(inferred.reasons.some((r) => /rewrite/.test(r)));
    const value = (text: string) => inferred.resolved.find((r) => r.text === text)?.value;
    assert.equal(value('Friday'), '2022-11-04');
    assert.equal(value('Wednesday'), '2022-11-02');
    assert.equal(fusion.documents.find((d) => d.id === rewrite)?.publishedAt.origin, 'inferred');
    assert.equal(fusion.inferredDates.length, 1, 'the dated original is not re-dated');
  });

  test('the shells supply is disputed: accused by the U.S., denied by North Korea', () => {
    const shells = fusion.facts.find((f) => f.mentions.some((m) => /artillery shells/.test(m.content.text)));
    assert.ok(shells);
    assert.equal(shells.status, 'disputed', shells.reason);
    assert.ok(shells.supportedBy.includes('country:USA'));
    assert.ok(shells.mentions.some((m) => m.stance === 'accuses'));
    assert.deepEqual(shells.deniedBy, ['country:PRK']);
    assert.ok(shells.mentions.some((m) => m.stance === 'denies' && /arms sales/.test(m.content.text)));
    assert.match(shells.reason, /denied by North Korea/);
  });

  test('the shells supply is ONE fact: State Department confirms, U.S. accuses via CNN, Kirby believes, PRK denies', () => {
    const shells = fusion.facts.filter((f) =>
      f.mentions.some((m) => /artillery|arms sales|shipments/.test(m.content.text) && m.claimId),
    );
    assert.equal(shells.length, 1, shells.map((f) => f.statement).join(' | '));
    const fact = shells[0]!;
    const by = (stance: string) => fact.mentions.filter((m) => m.stance === stance);
    assert.ok(by('confirms').some((m) => m.origin === 'org:us-state-department'));
    assert.ok(by('accuses').some((m) => m.origin === 'country:USA' && m.via === 'CNN'));
    const belief = by('believes');
    assert.equal(belief.length, 1, 'Kirby keeps his stance: believes');
    assert.match(`${belief[0]!.via}`, /White House .*John Kirby/);
    assert.ok(by('denies').some((m) => m.origin === 'country:PRK'));
    assert.equal(fact.status, 'disputed');
    assert.match(fact.reason, /confirmed by U\.S\. Department of State/);
    assert.match(fact.reason, /accused by United States \(via CNN\)/);
    assert.match(fact.reason, /believed by United States \(via White House .*Kirby\)/);
    assert.match(fact.reason, /denied by North Korea$/);
    // No hedged fact is left over for the belief.
    assert.ok(!fusion.facts.some((f) => f.status === 'hedged' && f.mentions.some((m) => m.stance === 'believes')));
  });

  test('"the South Korean military announced" is South Korea speaking, not North Korea', () => {
    const missiles = fusion.facts.find((f) =>
      f.mentions.some((m) => /ballistic missiles into the sea/.test(m.content.text)),
    );
    assert.ok(missiles);
    assert.deepEqual(missiles.supportedBy, ['country:KOR']);
  });

  test('the purpose of the train is an open question', () => {
    const purpose = fusion.facts.find((f) => f.mentions.some((m) => /purpose of the train/.test(m.content.text)));
    assert.ok(purpose);
    assert.equal(purpose.status, 'hedged');
    assert.equal(purpose.documents.length, 2);
    assert.ok(fusion.brief.openQuestions.some((q) => q.factId === purpose.id));
  });

  test('timeline: the horses shipment is earlier context, the 2020 closure background, the train the news', () => {
    const entryOf = (pattern: RegExp) =>
      fusion.timeline.find((e) =>
        e.facts.some((f) =>
          fusion.facts.find((x) => x.id === f.id)!.mentions.some((m) => pattern.test(m.content.text)),
        ),
      );
    const horses = entryOf(/30 horses/);
    assert.ok(horses);
    assert.notEqual(horses.period, 'news');
    assert.equal(horses.date.start, '2022-11-01');
    const closure = entryOf(/2020/);
    assert.equal(closure?.period, 'background');
    assert.equal(entryOf(/land link/)?.period, 'news');
    const starts = fusion.timeline.map((e) => e.date.start);
    assert.deepEqual(starts, [...starts].sort(), 'ordered');
  });

  test('timeline: the whole order of the seeds, background apart from the news', () => {
    // Each expected event: the timeline entry whose facts hold a mention matching it (or, for the denial, its entry).
    const mentionsOf = (id: string) => fusion.facts.find((x) => x.id === id)!.mentions;
    const at = (pattern: RegExp, event?: 'denial') =>
      fusion.timeline.findIndex((e) =>
        e.facts.some(
          (f) =>
            f.event === event &&
            mentionsOf(f.id).some((m) => pattern.test(m.content.text) && (event !== 'denial' || m.stance === 'denies')),
        ),
      );
    const expected: [string, number, string][] = [
      ['border closed', at(/closed its land connection/), '2020-02'],
      ['rail traffic agreement', at(/resume rail traffic/), '2022-09'],
      ["North Korea's denial", at(/arms sales/, 'denial'), '2022-09'],
      ['horses train', at(/30 horses/), '2022-11'],
      ['US accusation / Kirby', at(/believes|accused|artillery shells/), '2022-11-02'],
      ['train seen', at(/land link/), '2022-11-04'],
      ['missile launches', at(/ballistic missiles/), '2022-11-05'],
    ];
    for (const [what, index, value] of expected) {
      assert.ok(index >= 0, `${what} is on the timeline`);
      assert.equal(fusion.timeline[index]!.date.value, value, what);
    }
    const indexes = expected.map(([, i]) => i);
    assert.deepEqual(
      indexes,
      [...indexes].sort((a, b) => a - b),
      'in order',
    );
    assert.equal(fusion.timeline[expected[3]![1]]!.date.precision, 'early-month', 'early November keeps its precision');
    const denial = fusion.timeline[expected[2]![1]]!.facts.find((f) => f.event === 'denial')!;
    assert.match(denial.statement, /^North Korea denied: /);
    // Background and earlier context are apart from the news of the day.
    const period = (i: number) => fusion.timeline[i]!.period;
    assert.deepEqual(
      expected.map(([, i]) => period(i)),
      ['background', 'background', 'background', 'earlier', 'earlier', 'news', 'news'],
    );
  });
});

/** S1 of the demo corpus (README ground truth): every file but the rail-strike reports and the market item. */
function demoStoryFiles(): string[] {
  const dir = join(projectRoot, 'examples', 'demo');
  return readdirSync(dir)
    .filter((f) => /^\d\d-/.test(f) && !/rail-strike/.test(f))
    .concat('observations.jsonl')
    .map((f) => join(dir, f));
}

describe('fuse: the demo corpus, story S1', () => {
  let fusion: StoryFusion;
  before(async () => {
    const input = await fuseInputFromFiles(demoStoryFiles());
    input.documents = input.documents.filter((d) => !/freight rates/i.test(d.document.title));
    fusion = fuseStory(input);
  });

  const withMention = (pattern: RegExp) =>
    fusion.facts.filter((f) => f.mentions.some((m) => pattern.test(m.content.text)));
  // Origins by name: entity ids (`org:` or `person:`) are the entity stage's business.
  const named = (ids: string[]) => ids.map((id) => fusion.origins.find((o) => o.id === id)?.name ?? id).join('; ');

  test('F1: the ship at Pier 4 on Sunday 10 March is corroborated (Kestrel Orbital + observation 1)', () => {
    const obs1 = fusion.observations.find((o) => o.stance === 'observes');
    assert.ok(obs1, 'observation 1 matched');
    const f1 = fusion.facts.find((f) => f.id === obs1.matched[0])!;
    assert.equal(f1.date?.start, '2024-03-10');
    assert.ok(f1.mentions.some((m) => /Pier 4/.test(m.content.text)));
    assert.match(named(f1.supportedBy), /Kestrel Orbital/);
    assert.equal(f1.status, 'corroborated', f1.reason);
    assert.ok(f1.supportedBy.includes(`observation:${obs1.id}`));
  });

  test('F3: the transponder switched off on Friday is single-origin (TideMark), however many reports', () => {
    const f3 = withMention(/Cape Sorrel/).find((f) => f.date?.start === '2024-03-08');
    assert.ok(f3);
    assert.equal(f3.status, 'single-origin', f3.reason);
    assert.ok(f3.documents.length >= 3, 'repeated by several reports');
    assert.match(named(f3.supportedBy), /^TideMark$/);
  });

  test('F4: military cargo is disputed: accused by Kaldoria, denied by Dravenia', () => {
    const f4 = fusion.facts.find((f) => f.status === 'disputed' && f.mentions.some((m) => m.stance === 'accuses'));
    assert.ok(f4);
    assert.ok(f4.mentions.some((m) => /drones/.test(m.content.text)));
    const sources = (stance: string) =>
      f4.mentions
        .filter((m) => m.stance === stance)
        .map((m) => m.sourceText)
        .join('; ');
    assert.match(sources('accuses'), /Kaldoria/);
    assert.match(sources('denies'), /Dravenia/);
    assert.match(f4.reason, /denied by .*Dravenia/);
  });

  test('F5: 12 vs 14 containers is contradicted, the variants listed with their origins', () => {
    const f5 = fusion.facts.find((f) => f.kind === 'quantity' && /container/.test(f.statement));
    assert.ok(f5);
    assert.equal(f5.status, 'contradicted');
    assert.deepEqual(f5.variants.map((v) => v.value).sort(), ['12', '14']);
    assert.match(named(f5.variants.find((v) => v.value === '12')!.origins), /Kestrel Orbital/);
    assert.match(named(f5.variants.find((v) => v.value === '14')!.origins), /Kaldoria/);
    assert.doesNotMatch(named(f5.variants.find((v) => v.value === '14')!.origins), /Kestrel/);
    // Distances off different places are not a contradiction.
    assert.ok(!fusion.facts.some((f) => f.kind === 'quantity' && /mile/.test(f.statement)));
  });

  test('observation 2 contradicts the reported morning departure of 11 March', () => {
    const obs2 = fusion.observations.find((o) => o.stance === 'contradicts');
    assert.ok(obs2);
    const fact = fusion.facts.find((f) => f.id === obs2.matched[0])!;
    assert.equal(fact.status, 'contradicted');
    assert.equal(fact.date?.start, '2024-03-11');
  });

  test('the undated rewrite (11) is dated 14 March: "yesterday" is the arrival on Wednesday 13 March', () => {
    const inferred = fusion.inferredDates[0];
    assert.ok(inferred);
    assert.equal(inferred.publishedAt.value, '2024-03-14');
    assert.ok(inferred.reasons.some((r) => /"yesterday"/.test(r) && /2024-03-13/.test(r)));
    assert.ok(inferred.reasons.some((r) => /rewrite/.test(r)));
    assert.equal(inferred.resolved.find((r) => r.text === 'yesterday')?.value, '2024-03-13');
  });

  test('observations match stories by place, time and description', () => {
    const observation: Observation = {
      id: 'o-test',
      place: 'Port Orlan, Pier 4',
      observedAt: '2024-03-10T10:00:00Z',
      description: 'A cargo vessel moored at the pier with containers on the quay.',
      analyst: 'Test',
      createdAt: '2024-03-16T00:00:00Z',
    };
    const matches = matchObservationToStories(observation, [{ id: 's1', fusion }]);
    assert.equal(matches[0]?.storyId, 's1');
    const elsewhere = { ...observation, place: 'Harbour of Nowhere', observedAt: '2019-01-01T00:00:00Z' };
    assert.deepEqual(matchObservationToStories(elsewhere, [{ id: 's1', fusion }]), []);
  });
});

describe('fuse: origins', () => {
  const entity = (id: string, name: string, type: Entity['type'], roles: Entity['roles'] = []): Entity => ({
    id,
    name,
    type,
    aliases: [],
    mentions: [{ start: 0, end: name.length, text: name }],
    roles,
  });

  test('one body under two names, and one government, are not independent; unrelated bodies are', () => {
    const registry = new OriginRegistry();
    registry.addPlaces([entity('place:kaldoria', 'Kaldoria', 'place')]);
    const authority = registry.fromEntity(entity('org:quessa-port-authority', 'Quessa Port Authority', 'organisation'));
    const port = registry.fromEntity(entity('org:port-of-quessa', 'Port of Quessa', 'organisation'));
    assert.equal(port.group, authority.group);
    const ministry = registry.fromEntity(
      entity('org:kaldorian-foreign-ministry', 'Kaldorian Foreign Ministry', 'organisation'),
    );
    const spokeswoman = registry.fromEntity(
      entity('person:irena-vassel', 'Irena Vassel', 'person', [
        {
          start: 0,
          end: 5,
          text: 'Kaldoria foreign ministry spokeswoman',
          organisation: "Kaldoria's Foreign Ministry",
        },
      ]),
    );
    assert.equal(ministry.group, 'gov:place:kaldoria');
    assert.equal(spokeswoman.group, ministry.group);
    assert.deepEqual(spokeswoman.speakers, ['Irena Vassel, Kaldoria foreign ministry spokeswoman']);
    const imagery = registry.fromEntity(entity('org:kestrel-orbital', 'Kestrel Orbital', 'organisation'));
    const typo = registry.fromEntity(entity('org:kestral-orbital', 'Kestral Orbital', 'organisation'));
    assert.equal(typo.id, imagery.id, 'a typo of a translated rewrite is the same origin');
    const tracking = registry.fromEntity(entity('org:tidemark', 'TideMark', 'organisation'));
    assert.notEqual(tracking.group, imagery.group);
    assert.notEqual(imagery.group, authority.group);
  });

  test("an outlet's feed and its site are one newsroom; two outlets are two", () => {
    const registry = new OriginRegistry();
    const outlet = (id: string, name: string) =>
      registry.fromOutlet({ source: { id, name, kind: 'outlet', url: null } } as Document);
    const site = outlet('strait-examiner', 'Strait Examiner');
    const feed = outlet('the-strait-examiner---maritime', 'The Strait Examiner - Maritime');
    assert.equal(feed.group, site.group);
    assert.notEqual(outlet('kaldor-herald', 'Kaldor Herald').group, site.group);
  });
});

/** Write fixture articles (written for these tests) to a temporary directory and fuse them as one story. */
async function fuseFixture(articles: Record<string, string>, rewrites: [string, string][] = []): Promise<StoryFusion> {
  const dir = tempDir('fuse');
  try {
    for (const [name, text] of Object.entries(articles)) writeFileSync(join(dir, name), text);
    const input = await fuseInputFromFiles([dir]);
    const idOf = (title: string) => input.documents.find((d) => d.document.title.startsWith(title))!.document.id;
    for (const [copy, original] of rewrites)
      input.relations.push({
        type: 'rewrite',
        a: idOf(copy),
        b: idOf(original),
        score: 0.8,
        evidence: {},
        precedence: null,
      });
    return fuseStory(input);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const article = (source: string, title: string, dateLine: string, paragraphs: string[]) =>
  `---\nsource: ${source}\n---\n${title}\n\n${dateLine}\n\n${paragraphs.join('\n\n')}\n`;

describe('fuse: contradictions on a date, a place or an actor (fixture articles)', () => {
  let fusion: StoryFusion;
  before(async () => {
    fusion = await fuseFixture({
      'a.txt': article('Aldmoor Courier', 'Ferry Halvard Star runs aground', '3 June 2025, 09:10 AM', [
        'The passenger ferry Halvard Star ran aground at Skellen Point on Sunday, the coast guard said.',
        'All 212 passengers were taken off the ship by lifeboats and nobody was hurt, a coast guard spokesman said.',
        'Greyfin Salvage Company refloated the ferry on Monday afternoon, the harbour master said.',
        'The damaged ferry is now moored at Kessing Harbour, the harbour master said.',
      ]),
      'b.txt': article('Northwind Daily', 'Stranded ferry freed after two days', '3 June 2025, 11:40 AM', [
        'The ferry Halvard Star ran aground at Skellen Point on Monday, according to its operator Bluewake Lines.',
        'Marrow Towing Company refloated the ferry on Monday afternoon, Bluewake Lines said in a statement.',
        'The damaged ferry is now moored at Port Tallow, the operator said.',
      ]),
    });
  });
  const factWith = (pattern: RegExp) => fusion.facts.find((f) => f.mentions.some((m) => pattern.test(m.content.text)));

  test('a date: Sunday vs Monday for one grounding, both days listed with their origins', () => {
    const grounding = factWith(/ran aground at Skellen Point/)!;
    assert.equal(grounding.mentions.length, 2, 'one fact from both reports');
    assert.equal(grounding.status, 'contradicted', grounding.reason);
    assert.equal(grounding.disagreeOn, 'date');
    assert.deepEqual(grounding.variants.map((v) => v.value).sort(), ['2025-06-01', '2025-06-02']);
    assert.match(grounding.reason, /disagree on the date: .*2025-06-0[12].* vs .*2025-06-0[12]/);
  });

  test('a place: moored at Kessing Harbour vs at Port Tallow', () => {
    const moored = factWith(/now moored at/)!;
    assert.equal(moored.status, 'contradicted', moored.reason);
    assert.equal(moored.disagreeOn, 'place');
    assert.deepEqual(moored.variants.map((v) => v.value).sort(), ['Kessing Harbour', 'Port Tallow']);
  });

  test('an actor: Greyfin Salvage vs Marrow Towing refloated the ferry', () => {
    const refloated = factWith(/refloated the ferry/)!;
    assert.equal(refloated.status, 'contradicted', refloated.reason);
    assert.equal(refloated.disagreeOn, 'actor');
    assert.deepEqual(refloated.variants.map((v) => v.value).sort(), [
      'Greyfin Salvage Company',
      'Marrow Towing Company',
    ]);
    // The unattributed wording is not carried under the other report's origin: it is another account.
    assert.ok(refloated.independentOrigins >= 2 || new Set(refloated.variants.flatMap((v) => v.origins)).size === 2);
  });
});

describe('fuse: no false contradictions (fixture articles)', () => {
  const convoy = (containment: boolean) => ({
    'a.txt': article('Aldmoor Courier', 'Grain convoy reaches the coast', '9 June 2025, 10:00 AM', [
      'A convoy of forty grain lorries reached the port of Velm in early June, the transport ministry said.',
      'The forty lorries are parked at Kerrow Harbour with their grain still on board, ministry officials said.',
      containment
        ? 'Kerrow Harbour in Velm handles most of the grain trade.'
        : 'Kerrow Harbour handles most of the grain trade.',
      'Orsk Logistics organised the convoy from the inland silos, the ministry said.',
    ]),
    'b.txt': article('Northwind Daily', 'Lorries unload grain at Velm', '9 June 2025, 04:00 PM', [
      'A convoy of forty grain lorries reached the port of Velm on June 2, the haulage union said.',
      'The forty lorries are parked in Velm with their grain still on board, the union said.',
      'Orsk Logistics organised the convoy from the inland silos, according to the union.',
    ]),
  });

  test('different precision ("early June" vs "June 2"), a place inside another, one actor', async () => {
    const fusion = await fuseFixture(convoy(true));
    assert.deepEqual(
      fusion.facts.filter((f) => f.status === 'contradicted').map((f) => `${f.disagreeOn}: ${f.reason}`),
      [],
    );
    const reached = fusion.facts.find((f) => f.mentions.some((m) => /reached the port of Velm/.test(m.content.text)))!;
    assert.deepEqual(
      reached.mentions
        .filter((m) => /reached/.test(m.content.text))
        .map((m) => m.dates[0]?.precision)
        .sort(),
      ['day', 'early-month'],
    );
    const parked = fusion.facts.find((f) => f.mentions.some((m) => /parked at Kerrow/.test(m.content.text)))!;
    assert.ok(
      parked.mentions.some((m) => /parked in Velm/.test(m.content.text)),
      'both placings in one fact',
    );
    const organised = fusion.facts.find((f) => f.mentions.some((m) => /Orsk Logistics/.test(m.content.text)))!;
    assert.equal(organised.documents.length, 2);
  });

  test('the same places without the wording that puts the harbour in Velm do disagree', async () => {
    const fusion = await fuseFixture(convoy(false));
    const parked = fusion.facts.find((f) => f.mentions.some((m) => /parked at Kerrow/.test(m.content.text)))!;
    assert.equal(parked.status, 'contradicted', parked.reason);
    assert.equal(parked.disagreeOn, 'place');
  });

  test("a rewrite's wording differences are not a contradiction", async () => {
    const fusion = await fuseFixture(
      {
        'a.txt': article('Aldmoor Courier', 'Bridge closed after barge strike', '4 June 2025, 08:00 AM', [
          'The Tarrow road bridge was closed on Tuesday after a barge struck one of its piers, the city engineer said.',
          'Divers from Keld Marine inspected the damaged pier at the Tarrow bridge on Wednesday morning, the city engineer said.',
        ]),
        'b.txt': article('Lumen Express', 'The Tarrow bridge closes after the strike of a barge', '', [
          'The road bridge of Tarrow has been closed on Monday after that a barge struck one of its piers, said the engineer of the city.',
          'Divers of Keld Marine inspected the pier damaged at Harbour Street on Wednesday morning, said the engineer of the city.',
        ]),
      },
      [['The Tarrow bridge closes', 'Bridge closed after barge strike']],
    );
    assert.deepEqual(
      fusion.facts.filter((f) => f.status === 'contradicted').map((f) => f.reason),
      [],
    );
  });
});

describe('fuse: the seeds hold no contradiction', { skip: noShared }, () => {
  test('a rewrite pair never contradicts itself', async () => {
    const fusion = fuseStory(await fuseInputFromFiles([sharedPath('seeds')]));
    assert.deepEqual(
      fusion.facts.filter((f) => f.status === 'contradicted').map((f) => f.reason),
      [],
    );
  });
});

test('dates read as a reader writes them: part-of-day codes become words, other values stay', () => {
  assert.equal(readableDate('2024-03-10TMO'), '2024-03-10 morning');
  assert.equal(readableDate('2024-03-13TEV'), '2024-03-13 evening');
  assert.equal(readableDate('2024-03-12T07:10'), '2024-03-12T07:10');
  assert.equal(readableDate('2022-W44'), '2022-W44');
});
