/**
 * The current state for the digest, read from the store: documents ingested in the window (with what changed for
 * new versions of a URL), their stories, alert matches, and fusion's facts and contradictions for those stories.
 * (`fuseInputFromStory` lives with the CLI's `brief`; it belongs in `src/fuse` when someone moves it.)
 */

import { fuseStory } from '../../fuse/fuse.ts';
import { fuseInputFromStory } from '../../fuse/load.ts';
import { sha256 } from '../../hash.ts';
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
  const { facts, contradictions } = await loadFusion(store, documents);
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
 * Facts and contradictions from fusion, for the stories that received documents in the window (a fact's status
 * changes only when its story does). A fact is keyed by its story and statement: fusion numbers facts afresh on each
 * run, the statement (the earliest report's wording) stays. First seen: when its earliest document was ingested.
 */
async function loadFusion(
  store: Store,
  documents: DigestDocument[],
): Promise<{ facts: DigestFact[]; contradictions: DigestContradiction[] }> {
  const facts: DigestFact[] = [];
  const contradictions: DigestContradiction[] = [];
  const storyIds = [...new Set(documents.flatMap((d) => (d.story ? [d.story.id] : [])))];
  for (const storyId of storyIds) {
    const input = await fuseInputFromStory(store, storyId).catch(() => null);
    if (!input?.documents.length) continue;
    const fusion = fuseStory(input);
    const ingestedAt = new Map(input.documents.map(({ document }) => [document.id, document.ingestedAt]));
    const originNames = new Map(fusion.origins.map((o) => [o.id, o.name]));
    for (const fact of fusion.facts) {
      const id = `${storyId}:${sha256(fact.statement.replace(/\s+/g, ' ').trim().toLowerCase()).slice(0, 12)}`;
      const seen = fact.documents.flatMap((d) => (ingestedAt.has(d) ? [ingestedAt.get(d)!] : [])).sort();
      facts.push({
        id,
        storyId,
        statement: fact.statement,
        status: fact.status,
        origins: fact.origins.map((o) => originNames.get(o) ?? o),
        sources: fact.outlets,
        firstSeenAt: seen[0] ?? new Date(0).toISOString(),
      });
      if (fact.status === 'contradicted') {
        contradictions.push({
          id,
          storyId,
          summary: `${fact.statement} (${fact.variants.map((v) => v.value).join(' vs ')})`,
          sources: fact.outlets,
        });
      }
    }
  }
  return { facts, contradictions };
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
