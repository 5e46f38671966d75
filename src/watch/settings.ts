/** The watcher's defaults and limits, apart from the logic that uses them. */
export const WATCH_DEFAULTS = Object.freeze({
  /** Poll interval of a source added without `--every`. */
  everySeconds: 15 * 60,
  /** Shortest interval accepted for a source: politeness to the sites watched. */
  minEverySeconds: 10,
  /** Minimum time between the end of one request to a host and the start of the next. */
  hostIntervalMs: 2_000,
  /** Requests in flight at once, across all hosts (one per host at most). */
  concurrency: 8,
  /** Items taken from one fetch of a feed (feeds list newest first). */
  maxItemsPerFetch: 50,
  /** Backoff after failures: `every` doubled per failure in a row, from this floor, up to the ceiling. */
  backoffBaseSeconds: 60,
  backoffMaxSeconds: 24 * 60 * 60,
  /** Longest `Retry-After` honoured; a server asking for more is polled again after this. */
  maxRetryAfterSeconds: 24 * 60 * 60,
  /** How often the scheduler looks for due sources when nothing is due sooner. */
  idleCheckMs: 1_000,
  /** Webhook POST deadline. */
  webhookTimeoutMs: 5_000,
  /** A claim still resting on one origin after this many hours is named in the digest. */
  singleOriginHours: 24,
});
