/**
 * Train the entity tagger on CoNLL-2003 `train.jsonl` (bench README, section B) and write the committed weights.
 *
 *   npm run train:ner [-- --train FILE] [--dev FILE] [--epochs N]
 *
 * Deterministic: documents are shuffled with a fixed seed each epoch, so the same data gives the same weights.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { labelIndex, prepareDocument } from '../src/analyse/entities/features.ts';
import { gazetteer } from '../src/analyse/entities/gazetteer.ts';
import { PerceptronModel, type TrainingDocument, train } from '../src/analyse/entities/perceptron.ts';
import { tagSentences, WEIGHTS_FILE } from '../src/analyse/entities/tagger.ts';
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
    out: { type: 'string', default: join(projectRoot, 'src', 'analyse', 'entities', WEIGHTS_FILE) },
  },
});

const started = performance.now();
const records = await readJsonl<NerGoldRecord>(values.train);
const gaz = gazetteer();
const data: TrainingDocument[] = records.map((record) => ({
  doc: prepareDocument(
    record.sentences.map((s) => s.tokens),
    gaz,
  ),
  gold: record.sentences.map((s) => Uint8Array.from(s.tags, labelIndex)),
}));
const model = train(data, {
  epochs: Number(values.epochs),
  seed: Number(values.seed),
  prune: Number(values.prune),
  onEpoch: (epoch, errors, tokens) =>
    process.stderr.write(
      `epoch ${epoch}: ${errors} errors / ${tokens} tokens (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    ),
});
const bytes = model.serialise();
writeFileSync(values.out, bytes);
process.stderr.write(
  `${model.featureCount} features, ${(bytes.length / 1024).toFixed(0)} KiB → ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);

if (values.dev) {
  const dev = await readJsonl<NerGoldRecord>(values.dev);
  // Score the weights as written (quantised), as the eval command will load them.
  const written = PerceptronModel.deserialise(bytes);
  const predictions = dev.map((record) => ({
    id: record.id,
    sentences: tagSentences(
      record.sentences.map((s) => s.tokens),
      written,
    ).map((tags) => ({ tags })),
  }));
  const score = scoreNer(dev, predictions);
  const f = (x: number) => x.toFixed(4);
  process.stderr.write(
    `dev F1 ${f(score.overall.f1)} (P ${f(score.overall.precision)} R ${f(score.overall.recall)}); ` +
      Object.entries(score.per_type)
        .map(([type, s]) => `${type} ${f(s.f1)}`)
        .join(', ') +
      '\n',
  );
}
