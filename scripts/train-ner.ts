/**
 * Train the entity tagger on CoNLL-2003 `train.jsonl` (bench README, section B) and write the committed weights.
 *
 *   npm run train:ner [-- --train FILE] [--dev FILE] [--epochs N] [--folds K]
 *
 * Two stages: the first tags alone; the second also sees the first stage's labels across the whole document. The
 * second stage is trained on first-stage labels predicted by K models each trained without that document's fold,
 * so that it learns how far to trust them on unseen text. Deterministic: fixed seeds and folds.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addStageOne, labelIndex, prepareDocument } from '../src/analyse/entities/features.ts';
import { gazetteer } from '../src/analyse/entities/gazetteer.ts';
import { decode, PerceptronModel, type TrainingDocument, train } from '../src/analyse/entities/perceptron.ts';
import { tagSentences, WEIGHTS_FILES } from '../src/analyse/entities/tagger.ts';
import { readJsonl } from '../src/eval/io.ts';
import { type NerGoldRecord, scoreNer } from '../src/eval/ner.ts';
import { projectRoot } from '../test/support.ts';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: join(projectRoot, '..', 'shared', 'bench', 'ner', 'train.jsonl') },
    dev: { type: 'string', default: join(projectRoot, '..', 'shared', 'bench', 'ner', 'dev.jsonl') },
    epochs: { type: 'string', default: '12' },
    prune: { type: 'string', default: '0.1' },
    seed: { type: 'string', default: '13' },
    folds: { type: 'string', default: '5' },
    out: { type: 'string', default: join(projectRoot, 'src', 'analyse', 'entities') },
  },
});

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string) => process.stderr.write(`${message} (${elapsed()})\n`);
const records = await readJsonl<NerGoldRecord>(values.train);
const gaz = gazetteer();
const prepare = (): TrainingDocument[] =>
  records.map((record) => ({
    doc: prepareDocument(
      record.sentences.map((s) => s.tokens),
      gaz,
    ),
    gold: record.sentences.map((s) => Uint8Array.from(s.tags, labelIndex)),
  }));
const options = { epochs: Number(values.epochs), seed: Number(values.seed), prune: Number(values.prune) };

const data = prepare();
const first = train(data, options);
log(`stage 1: ${first.featureCount} features`);

const folds = Number(values.folds);
if (folds < 2) {
  // A quick look at the first stage alone (experiments); nothing is written.
  const dev = await readJsonl<NerGoldRecord>(values.dev);
  const predictions = dev.map((record) => ({
    id: record.id,
    sentences: tagSentences(
      record.sentences.map((s) => s.tokens),
      { first, second: null },
    ).map((tags) => ({ tags })),
  }));
  process.stderr.write(`stage 1 dev F1 ${scoreNer(dev, predictions).overall.f1.toFixed(4)}\n`);
  process.exit(0);
}
const heldOut: Uint8Array[][] = new Array(data.length);
for (let k = 0; k < folds; k++) {
  const model = train(
    data.filter((_, i) => i % folds !== k),
    options,
  );
  data.forEach((d, i) => {
    if (i % folds === k) heldOut[i] = decode(model, d.doc);
  });
  log(`fold ${k + 1}/${folds}`);
}
data.forEach((d, i) => {
  addStageOne(d.doc, heldOut[i]!);
});
const second = train(data, { ...options, seed: options.seed + 1 });
log(`stage 2: ${second.featureCount} features`);

const files = [first.serialise(), second.serialise()];
files.forEach((bytes, i) => {
  writeFileSync(join(values.out, WEIGHTS_FILES[i]!), bytes);
});
log(`wrote ${files.map((b) => `${(b.length / 1024).toFixed(0)} KiB`).join(' + ')} to ${values.out}`);

if (values.dev) {
  const dev = await readJsonl<NerGoldRecord>(values.dev);
  // Score the weights as written (quantised), as the eval command will load them.
  const tagger = { first: PerceptronModel.deserialise(files[0]!), second: PerceptronModel.deserialise(files[1]!) };
  const f = (x: number) => x.toFixed(4);
  for (const [name, t] of [
    ['stage 1', { ...tagger, second: null }],
    ['stage 2', tagger],
  ] as const) {
    const predictions = dev.map((record) => ({
      id: record.id,
      sentences: tagSentences(
        record.sentences.map((s) => s.tokens),
        t,
      ).map((tags) => ({ tags })),
    }));
    const score = scoreNer(dev, predictions);
    process.stderr.write(
      `${name} dev F1 ${f(score.overall.f1)} (P ${f(score.overall.precision)} R ${f(score.overall.recall)}); ` +
        Object.entries(score.per_type)
          .map(([type, s]) => `${type} ${f(s.f1)}`)
          .join(', ') +
        '\n',
    );
  }
}
