/**
 * Versioned schema migrations, applied in order and recorded in `schema_migrations`. The SQL keeps to what SQLite and
 * PostgreSQL both accept (TEXT, INTEGER, REAL, composite keys, CREATE INDEX IF NOT EXISTS) so that one list serves
 * both stores; JSON columns are TEXT holding JSON.
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
  /** Statements only the SQLite store runs (FTS5); the PostgreSQL store brings its own full-text index. */
  sqlite?: string[];
}

/** In version order, whatever order the blocks below were added in. */
export const MIGRATIONS: Migration[] = (
  [
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
      version: 2,
      name: 'full-text search over title and text (SQLite FTS5)',
      statements: [],
      // A self-contained FTS table keyed by document id rather than an external-content table over `documents`:
      // the implicit rowid of `documents` may change on VACUUM, which would silently detach an external index.
      sqlite: [
        `CREATE VIRTUAL TABLE documents_fts USING fts5(
        document_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2'
      )`,
        `CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (document_id, title, text) VALUES (new.id, new.title, new.text);
      END`,
        `CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        DELETE FROM documents_fts WHERE document_id = old.id;
      END`,
        `CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        DELETE FROM documents_fts WHERE document_id = old.id;
        INSERT INTO documents_fts (document_id, title, text) VALUES (new.id, new.title, new.text);
      END`,
        'INSERT INTO documents_fts (document_id, title, text) SELECT id, title, text FROM documents',
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
    {
      // Version 2 is the web server's.
      version: 3,
      name: 'watch list, alert rules and matches, digest state',
      statements: [
        `CREATE TABLE watch_sources (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT,
        every_seconds INTEGER NOT NULL,
        added_at TEXT NOT NULL,
        next_due_at TEXT NOT NULL,
        last_polled_at TEXT,
        last_status TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_new_items INTEGER NOT NULL DEFAULT 0,
        total_new_items INTEGER NOT NULL DEFAULT 0
      )`,
        'CREATE INDEX IF NOT EXISTS watch_sources_due ON watch_sources(next_due_at)',
        `CREATE TABLE alert_rules (
        id INTEGER PRIMARY KEY,
        entity TEXT,
        keyword TEXT,
        story_id TEXT,
        webhook TEXT,
        created_at TEXT NOT NULL
      )`,
        `CREATE TABLE alert_matches (
        id INTEGER PRIMARY KEY,
        rule_id INTEGER NOT NULL,
        document_id TEXT NOT NULL REFERENCES documents(id),
        matched_at TEXT NOT NULL,
        reasons_json TEXT NOT NULL,
        webhook_status TEXT,
        webhook_error TEXT,
        UNIQUE (rule_id, document_id)
      )`,
        'CREATE INDEX IF NOT EXISTS alert_matches_time ON alert_matches(matched_at)',
        `CREATE TABLE digest_state (
        name TEXT PRIMARY KEY,
        watermark TEXT NOT NULL,
        snapshot_json TEXT NOT NULL,
        last_sent_day TEXT,
        updated_at TEXT NOT NULL
      )`,
        'CREATE INDEX IF NOT EXISTS documents_ingested ON documents(ingested_at)',
      ],
    },
  ] satisfies Migration[]
).sort((a, b) => a.version - b.version);
