import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { noShared, sharedPath } from '../../../test/support.ts';
import cueModelJson from '../models/claims-cues.json' with { type: 'json' };
import { splitSentences } from '../text/tokens.ts';
import { type CueModel, CueScorer, cueFeatures, frequentForms, quoteState, tokenForm } from './cues.ts';
import { formatFeature, TemplateWeights } from './templates.ts';

test('a weight key whose value holds the separator is found under each reading, and only there', () => {
  const weights = new TemplateWeights(
    [
      ['w=', '|n=', ''],
      ['w=', ''],
    ],
    new Map([
      ['w=a|n=b|n=c', 1.5],
      ['w=said', 2],
    ]),
  );
  assert.equal(weights.weightOf(0, 'a', 'b|n=c'), 1.5);
  assert.equal(weights.weightOf(0, 'a|n=b', 'c'), 1.5);
  assert.equal(weights.weightOf(0, 'a', 'b'), undefined);
  assert.equal(weights.weightOf(1, 'a|n=b|n=c'), 1.5);
  assert.equal(weights.weightOf(1, 'said'), 2);
  assert.equal(weights.weightOf(0, 'said', ''), undefined);
  assert.equal(formatFeature(['w=', '|n=', ''], 'said', 'that'), 'w=said|n=that');
});

test('cue scores by template equal the sums over the feature strings, on a real article', { skip: noShared }, () => {
  const model = cueModelJson as unknown as CueModel;
  const frequent = frequentForms(model);
  const strings = new Map(Object.entries(model.weights));
  const scorer = new CueScorer(model, strings);
  const text = readFileSync(sharedPath('seeds', '000_cd77e314ade598fb.txt'), 'utf8');
  let compared = 0;
  let nonZero = 0;
  for (const s of splitSentences(text)) {
    const forms = s.tokens.map((t) => tokenForm(t.text, model, frequent));
    const inQuote = quoteState(s.tokens);
    const score = scorer.sentence(s.tokens, forms, inQuote);
    for (let i = 0; i < forms.length; i++) {
      let expected = 0;
      for (const f of cueFeatures(s.tokens, forms, inQuote, i, model)) expected += strings.get(f) ?? 0;
      assert.equal(score(i), expected, `token ${s.tokens[i]!.text}`);
      compared++;
      if (expected !== 0) nonZero++;
    }
  }
  assert.ok(compared > 300 && nonZero > 300, `${compared} tokens, ${nonZero} with a score`);
});
