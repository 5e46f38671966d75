/**
 * The current state for the digest, read from the store: documents ingested in the window (with what changed for
 * new versions of a URL), their stories, alert matches, and — once fusion lands — facts and contradictions.
 */
import type { Document } from '../../model.ts';
import type { Store } from '../../store/store.ts';
import type { AlertRule } from '../../store/watch.ts';
import { storyOfDocument } from '../stories.ts';
import {
  type DigestAlert,
  type DigestContradiction,
  type DigestDocument,
  type DigestEdit,
  type DigestFact,
  type DigestInput,
  paragraphDiff,
} from './digest.ts';

export async function loadDigestInput(store: Store, since: string, until: string): Promise<DigestInput> {
  const documents: DigestDocument[] = [];
  for (const summary of await store.documentsIngestedBetween(since, until)) {
    documents.push({
      id: summary.id,
      title: summary.title,
      url: summary.url,
      source: summary.source,
      publishedAt: summary.publishedAt.value,
      ingestedAt: summary.ingestedAt,
      story: await storyOfDocument(store, summary.id),
      edit: summary.url ? await editOf(store, summary.id, summary.url) : null,
    });
  }
  const rules = new Map((await store.listAlertRules()).map((r) => [r.id, r]));
  const alerts: DigestAlert[] = (await store.listAlertMatches({ since, limit: 500 }))
    .filter((m) => m.matchedAt <= until)
    .reverse()
    .map((m) => ({
      ruleId: m.ruleId,
      rule: describeRule(rules.get(m.ruleId)),
      documentId: m.documentId,
      title: m.title,
      url: m.url,
      reasons: m.reasons,
      matchedAt: m.matchedAt,
    }));
  const { facts, contradictions } = await loadFusion(store);
  return { since, until, documents, alerts, facts, contradictions };
}

/** For a document stored as a later version at its URL: the version and the paragraphs added and removed. */
async function editOf(store: Store, documentId: string, url: string): Promise<DigestEdit | null> {
  const versions = await store.versionsOf(url);
  const index = versions.findIndex((v) => v.documentId === documentId);
  if (index < 1) return null;
  const previousId = versions[index - 1]!.documentId;
  const [previous, current] = await Promise.all([store.getDocument(previousId), store.getDocument(documentId)]);
  if (!previous || !current) return null;
  return {
    version: versions[index]!.version,
    previousId,
    ...paragraphDiff(paragraphsOf(previous), paragraphsOf(current)),
  };
}

function paragraphsOf(document: Document): string[] {
  return document.paragraphs.map((p) => document.text.slice(p.start, p.end));
}

/**
 * Facts and contradictions from fusion. Fusion has not landed on main: none yet. When it does, map its facts to
 * `DigestFact` (status, origins, sources, first seen) here; the digest's comparison needs nothing else.
 */
async function loadFusion(_store: Store): Promise<{ facts: DigestFact[]; contradictions: DigestContradiction[] }> {
  return { facts: [], contradictions: [] };
}

export function describeRule(rule: AlertRule | undefined): string {
  if (!rule) return 'removed rule';
  return [
    rule.entity && `entity "${rule.entity}"`,
    rule.keyword && `keyword "${rule.keyword}"`,
    rule.storyId && `story ${rule.storyId}`,
  ]
    .filter(Boolean)
    .join(', ');
}
