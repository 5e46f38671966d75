/**
 * The cluster stage: duplicates, near-duplicates, rewrites and online story clustering, as pure data structures
 * (no I/O). See README.md beside this file for the state, its persistence and what still depends on order.
 */
import type { Analysis, Document } from '../model.ts';
import type { ClusterInput } from './fingerprint.ts';

export { type ClusterInput, type DocFingerprint, fingerprint } from './fingerprint.ts';
export {
  alignedAnchors,
  alignSentences,
  type Precedence,
  precedence,
  type Relation,
  type RelationEvidence,
  type RelationType,
  relate,
} from './relations.ts';
export {
  type ClusterParams,
  type ClusterSnapshot,
  type Constraint,
  defaultClusterParams,
  type Membership,
  StoryClusterer,
  type StoryView,
} from './stories.ts';

/** The cluster stage's input for an ingested document, with entity ids from its analysis when there is one. */
export function clusterInputOf(doc: Document, analysis?: Analysis | null): ClusterInput {
  return {
    id: doc.id,
    title: doc.title,
    text: doc.text,
    sourceId: doc.source.id,
    publishedAt: doc.publishedAt.value,
    ...(analysis ? { entities: analysis.entities.map((e) => e.id) } : {}),
  };
}
