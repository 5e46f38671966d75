/** Settings with their defaults, resolved once at the edge (flags, then environment) and passed down frozen. */
export interface Config {
  /** SQLite file path (or, later, a postgres:// URL). */
  db: string;
  /** Largest input accepted, in bytes (files and HTTP bodies). */
  maxInputBytes: number;
  fetch: {
    timeoutMs: number;
    maxRedirects: number;
    userAgent: string;
  };
}

export const defaultConfig: Config = Object.freeze({
  db: './triangulate.db',
  maxInputBytes: 20 * 1024 * 1024,
  fetch: Object.freeze({
    timeoutMs: 15_000,
    maxRedirects: 5,
    userAgent: 'Mozilla/5.0 (compatible; Triangulate/0.1; +https://github.com/triangulate/triangulate)',
  }),
});

export function resolveConfig(
  flags: { db?: string; maxBytes?: number },
  env: NodeJS.ProcessEnv = process.env,
): Readonly<Config> {
  return Object.freeze({
    ...defaultConfig,
    db: flags.db ?? env.TRIANGULATE_DB ?? defaultConfig.db,
    maxInputBytes: flags.maxBytes ?? defaultConfig.maxInputBytes,
  });
}
