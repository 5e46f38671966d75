/**
 * What happens to documents a poll stored (added, or a new version of a URL), in order. Each step is a small unit;
 * a failing step is logged and never stops the watcher or the steps after it.
 *
 * Clustering goes first when it lands on main (so that alert rules with `--story` see the new document's story):
 * add `{ name: 'cluster', run }` calling the clustering orchestrator with the new ids.
 */
import type { Config } from '../config.ts';
import type { Store } from '../store/store.ts';
import type { AlertRule } from '../store/watch.ts';
import { matchRule } from './alerts.ts';
import { storyOfDocument } from './stories.ts';
import { postWebhook } from './webhook.ts';

export interface StepContext {
  store: Store;
  config: Readonly<Config>;
  now: () => Date;
  webhookTimeoutMs: number;
  log: (line: string) => void;
}

export interface AfterIngestStep {
  name: string;
  run(documentIds: string[], context: StepContext): Promise<{ alerts?: number } | undefined>;
}

export const alertStep: AfterIngestStep = {
  name: 'alerts',
  async run(documentIds, context) {
    const rules = await context.store.listAlertRules();
    if (!rules.length) return { alerts: 0 };
    let alerts = 0;
    for (const id of documentIds) alerts += await alertDocument(id, rules, context);
    return { alerts };
  },
};

export const AFTER_INGEST_STEPS: readonly AfterIngestStep[] = [alertStep];

/** Match every rule against one document; store each match once and POST it to the rule's webhook. */
export async function alertDocument(documentId: string, rules: AlertRule[], context: StepContext): Promise<number> {
  const document = await context.store.getDocument(documentId);
  if (!document) return 0;
  const subject = {
    title: document.title,
    text: document.text,
    analysis: await context.store.getAnalysis(documentId),
    storyId: (await storyOfDocument(context.store, documentId))?.id ?? null,
  };
  let matched = 0;
  for (const rule of rules) {
    const reasons = matchRule(rule, subject);
    if (!reasons) continue;
    const matchedAt = context.now().toISOString();
    if (!(await context.store.putAlertMatch({ ruleId: rule.id, documentId, matchedAt, reasons }))) continue;
    matched++;
    context.log(`alert ${rule.id}: ${document.title} (${reasons.join('; ')})`);
    if (!rule.webhook) continue;
    const payload = {
      alert: { rule: rule.id, entity: rule.entity, keyword: rule.keyword, story: rule.storyId },
      matchedAt,
      reasons,
      document: {
        id: document.id,
        title: document.title,
        url: document.url,
        source: document.source.name,
        publishedAt: document.publishedAt.value,
      },
    };
    const sent = await postWebhook(rule.webhook, payload, context.webhookTimeoutMs, context.config.fetch.userAgent);
    await context.store.recordWebhook(rule.id, documentId, sent.ok ? 'sent' : 'failed', sent.ok ? null : sent.error);
    if (!sent.ok) context.log(`alert ${rule.id}: webhook ${rule.webhook} failed: ${sent.error}`);
  }
  return matched;
}
