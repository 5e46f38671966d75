/** The API's JSON shapes, from the server's own types where they are plain data. */
import type { Analysis, Document, DocumentVersion, Observation } from '../../src/model.ts';
import type { PlaceFact, StoryPlace } from '../../src/server/place-shapes.ts';
import type { DocumentSummary, SearchResult, StoryBriefSummary } from '../../src/store/store.ts';

export type {
  Analysis,
  Document,
  DocumentSummary,
  DocumentVersion,
  Observation,
  PlaceFact,
  SearchResult,
  StoryBriefSummary,
  StoryPlace,
};

export interface DocumentView {
  document: Document;
  analysis: Analysis | null;
  versions: DocumentVersion[];
}

export interface IngestItem {
  input: string;
  kind: 'document' | 'observation';
  status: 'added' | 'unchanged' | 'new-version' | 'failed';
  id?: string;
  title?: string;
  version?: number;
  error?: string;
}

export interface IngestReport {
  items: IngestItem[];
  counts: Record<IngestItem['status'], number>;
}
