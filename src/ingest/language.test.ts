import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { franc } from 'franc-min';
import { noShared, sharedPath } from '../../test/support.ts';
import { detectLanguage, francTop } from './language.ts';

const OTHER_SCRIPTS = [
  'Министерство обороны заявило в среду, что поезд пересёк границу с грузом боеприпасов для армии.',
  'قالت وزارة الخارجية يوم الأربعاء إن القطار عبر الحدود محملا بالذخيرة وإن التحقيق مستمر في الحادث.',
  'रक्षा मंत्रालय ने बुधवार को कहा कि ट्रेन गोला-बारूद लेकर सीमा पार कर गई और जांच जारी है।',
  '国防部星期三表示，这列火车载着弹药越过了边境，调查仍在进行之中，官员们拒绝发表评论。',
  'Le ministère de la Défense a déclaré mercredi que le train avait franchi la frontière avec des munitions.',
  'El ministerio de Defensa dijo el miércoles que el tren cruzó la frontera cargado de municiones.',
];

test('detectLanguage: English and French seeds, other scripts, and short text falling back to the hint', {
  skip: noShared,
}, () => {
  assert.equal(detectLanguage(readFileSync(sharedPath('seeds', '000_cd77e314ade598fb.txt'), 'utf8')), 'en');
  assert.equal(detectLanguage(OTHER_SCRIPTS[0]!), 'ru');
  assert.equal(detectLanguage(OTHER_SCRIPTS[1]!), 'arb');
  assert.equal(detectLanguage(OTHER_SCRIPTS[5]!), 'es');
  assert.equal(detectLanguage('Too short.', 'fr-FR'), 'fr');
  assert.equal(detectLanguage('Too short.'), 'und');
});

test('francTop gives franc’s answer on real articles, their fragments and other scripts', { skip: noShared }, () => {
  const texts = readFileSync(sharedPath('bench', 'clustering', 'dev.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).text as string);
  const samples = [...OTHER_SCRIPTS];
  for (const text of texts.slice(0, 300))
    for (const length of [30, 45, 400, 2500]) samples.push(text.slice(200, 200 + length));
  const seen = new Set<string>();
  for (const sample of samples) {
    const expected = franc(sample, { minLength: 40 });
    assert.equal(francTop(sample, 40), expected, sample);
    seen.add(expected);
  }
  for (const code of ['eng', 'und', 'rus', 'arb', 'cmn', 'fra', 'spa']) assert.ok(seen.has(code), code);
});
