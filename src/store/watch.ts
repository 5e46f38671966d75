/**
 * What the watcher keeps: the watch list with each source's polling state, alert rules and their matches, and the
 * digest's watermark. Part of the `Store` interface (`Store extends WatchStore`), kept in its own file because it is
 * its own concern.
 */
import type { DocumentSummary } from './store.ts';

export type PollStatus = 'ok' | 'not-modified' | 'error';

export interface WatchSource {
  id: number;
  url: string;
  name: string | null;
  everySeconds: number;
  addedAt: string;
  /** When the source is next polled: `addedAt`, then after each poll `every` later, or the backoff / Retry-After. */
  nextDueAt: string;
  lastPolledAt: string | null;
  lastStatus: PollStatus | null;
  /** The last failure's message (kept until the next successful poll). */
  lastError: string | null;
  /** Failures in a row; 0 after a successful poll. Drives the backoff. */
  failures: number;
  lastNewItems: number;
  totalNewItems: number;
}

/** The outcome of one poll, written in one statement. */
export interface PollOutcome {
  polledAt: string;
  nextDueAt: string;
  status: PollStatus;
  error: string | null;
  failures: number;
  newItems: number;
}

export interface AlertRule {
  id: number;
  /** An entity name: matched by the analysis's entity names and aliases, or as a phrase in the text before that. */
  entity: string | null;
  /** A keyword or phrase, matched as whole words in title and text, case-insensitively. */
  keyword: string | null;
  /** Only documents of this story. */
  storyId: string | null;
  /** POST each match as JSON to this URL. */
  webhook: string | null;
  createdAt: string;
}

export interface AlertMatch {
  id: number;
  ruleId: number;
  documentId: string;
  title: string;
  url: string | null;
  matchedAt: string;
  /** What matched, e.g. `keyword "train" in the title`. */
  reasons: string[];
  /** `sent` (2xx), `failed`, or null without a webhook. */
  webhookStatus: 'sent' | 'failed' | null;
  webhookError: string | null;
}

export interface DigestState {
  name: string;
  /** The digest covered everything ingested before this instant. */
  watermark: string;
  /** What the digest compares against next time (opaque JSON to the store). */
  snapshot: unknown;
  /** Local day (YYYY-MM-DD) the scheduled digest was last sent, so a restart does not send it twice. */
  lastSentDay: string | null;
  updatedAt: string;
}

export interface WatchStore {
  /** Add a source to the watch list, or update its name and interval when the URL is there already. */
  addWatchSource(source: { url: string; name: string | null; everySeconds: number; now: string }): Promise<WatchSource>;
  listWatchSources(): Promise<WatchSource[]>;
  /** Sources due at `now`, soonest first. */
  dueWatchSources(now: string, limit: number): Promise<WatchSource[]>;
  /** By id or URL; true when one was removed. */
  removeWatchSource(idOrUrl: string): Promise<boolean>;
  recordPoll(id: number, outcome: PollOutcome): Promise<void>;

  addAlertRule(rule: Omit<AlertRule, 'id'>): Promise<AlertRule>;
  listAlertRules(): Promise<AlertRule[]>;
  removeAlertRule(id: number): Promise<boolean>;
  /** Store a match once per rule and document: false when it was there already. */
  putAlertMatch(match: Omit<AlertMatch, 'id' | 'title' | 'url' | 'webhookStatus' | 'webhookError'>): Promise<boolean>;
  recordWebhook(ruleId: number, documentId: string, status: 'sent' | 'failed', error: string | null): Promise<void>;
  /** Newest first; `since` is an ISO instant (exclusive). */
  listAlertMatches(query?: { since?: string; ruleId?: number; limit?: number }): Promise<AlertMatch[]>;

  /** Documents ingested in `(after, upTo]`, oldest first. */
  documentsIngestedBetween(after: string, upTo: string): Promise<DocumentSummary[]>;

  getDigestState(name: string): Promise<DigestState | null>;
  putDigestState(state: DigestState): Promise<void>;
}
