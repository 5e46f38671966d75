/**
 * `triangulate eval extraction`: main text of news web pages (bench README, section D). The system sees `id`,
 * `url` and `html` only; the prediction is the extracted paragraphs joined by newlines.
 * `extraction-readability` scores plain Readability on linkedom with the same scorer, for comparison.
 */
import { extractArticle } from '../ingest/html/index.ts';
import { plainReadabilityText } from '../ingest/html/readability.ts';
import { scoreExtraction } from './extraction-metric.ts';
import type { EvalTask } from './task.ts';

export interface ExtractionRecord {
  id: string;
  url: string | null;
  html: string;
  gold: string;
}

export interface ExtractionInput {
  id: string;
  url: string | null;
  html: string;
}

export interface ExtractionPrediction {
  id: string;
  text: string;
}

function inputOf(record: ExtractionRecord): ExtractionInput {
  return { id: record.id, url: record.url ?? null, html: record.html };
}

/** Score predictions matched to gold records by id (a record without a prediction counts as empty). */
function score(gold: ExtractionRecord[], predictions: ExtractionPrediction[]): Record<string, unknown> {
  const byId = new Map(predictions.map((p) => [p.id, p.text]));
  return {
    ...scoreExtraction(
      gold.map((g) => g.gold),
      gold.map((g) => byId.get(g.id) ?? ''),
    ),
  };
}

export const extractionTask: EvalTask<ExtractionRecord, ExtractionInput, ExtractionPrediction> = {
  name: 'extraction',
  inputOf,
  predict: (input) => ({ id: input.id, text: extractArticle(input.html, { url: input.url }).paragraphs.join('\n') }),
  score,
};

export const readabilityTask: EvalTask<ExtractionRecord, ExtractionInput, ExtractionPrediction> = {
  name: 'extraction-readability',
  inputOf,
  predict: (input) => ({ id: input.id, text: plainReadabilityText(input.html) }),
  score,
};
