/**
 * Versioned schema migrations, applied in order and recorded in `schema_migrations`. The SQL keeps to what SQLite and
 * PostgreSQL both accept (TEXT, INTEGER, REAL, composite keys, CREATE INDEX IF NOT EXISTS) so that one list serves
 * both stores; JSON columns are TEXT holding JSON. Where the SQL must differ (full-text search: FTS5 vs tsvector), a
 * migration carries one list per dialect instead.
 */
export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  version: number;
  name: string;
  statements: string[] | Record<Dialect, string[]>;
}

/**
 * The statements of `migration` for one dialect. Shared statements are given to PostgreSQL with every TEXT column
 * collated "C": PostgreSQL otherwise sorts and compares text by the server's locale, while SQLite compares bytes, and
 * the stores must list documents and stories in the same order.
 */
export function statementsFor(migration: Migration, dialect: Dialect): string[] {
  if (!Array.isArray(migration.statements)) return migration.statements[dialect];
  if (dialect === 'sqlite') return migration.statements;
  return migration.statements.map((sql) =>
    /^\s*(?:CREATE|ALTER)\s+TABLE\b/i.test(sql) ? sql.replace(/\bTEXT\b/g, 'TEXT COLLATE "C"') : sql,
  );
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'documents, sources, versions, observations, fetch state',
    statements: [
      `CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        url TEXT
      )`,
      `CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        url TEXT,
        source_id TEXT NOT NULL REFERENCES sources(id),
        title TEXT NOT NULL,
        byline TEXT,
        published_value TEXT,
        published_precision TEXT,
        published_origin TEXT NOT NULL,
        published_evidence TEXT,
        sort_date TEXT NOT NULL,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        paragraphs_json TEXT NOT NULL,
        removed_json TEXT NOT NULL,
        raw_location TEXT NOT NULL,
        raw_format TEXT NOT NULL,
        raw_media_type TEXT,
        raw_content TEXT NOT NULL,
        raw_sha256 TEXT NOT NULL,
        ingested_at TEXT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS documents_source ON documents(source_id)',
      'CREATE INDEX IF NOT EXISTS documents_sort_date ON documents(sort_date)',
      'CREATE INDEX IF NOT EXISTS documents_url ON documents(url)',
      'CREATE INDEX IF NOT EXISTS documents_raw ON documents(raw_location, raw_sha256)',
      `CREATE TABLE document_versions (
        url TEXT NOT NULL,
        version INTEGER NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id),
        seen_at TEXT NOT NULL,
        PRIMARY KEY (url, version)
      )`,
      `CREATE TABLE analyses (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        analysis_json TEXT NOT NULL,
        analysed_at TEXT NOT NULL
      )`,
      `CREATE TABLE observations (
        id TEXT PRIMARY KEY,
        story_id TEXT,
        observation_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE fetch_state (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        fetched_at TEXT NOT NULL
      )`,
    ],
  },
  {
    // Versions 2 and 3 belong to search and the watcher; they apply in version order whichever lands first.
    version: 4,
    name: 'clustering state, stories, analyst audit log',
    statements: [
      `CREATE TABLE cluster_docs (
        document_id TEXT PRIMARY KEY REFERENCES documents(id),
        arrival INTEGER NOT NULL,
        story_id TEXT NOT NULL,
        fingerprint_json TEXT NOT NULL,
        membership_json TEXT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS cluster_docs_story ON cluster_docs(story_id)',
      `CREATE TABLE cluster_relations (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        type TEXT NOT NULL,
        relation_json TEXT NOT NULL,
        PRIMARY KEY (a, b, type)
      )`,
      'CREATE INDEX IF NOT EXISTS cluster_relations_b ON cluster_relations(b)',
      `CREATE TABLE cluster_state (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      )`,
      `CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        title_doc_id TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        size INTEGER NOT NULL,
        sources_json TEXT NOT NULL,
        doc_ids_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      )`,
      'CREATE INDEX IF NOT EXISTS stories_last_seen ON stories(last_seen)',
      `CREATE TABLE story_audit (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        analyst TEXT NOT NULL,
        action TEXT NOT NULL,
        story_id TEXT,
        detail_json TEXT NOT NULL
      )`,
    ],
  },
];
