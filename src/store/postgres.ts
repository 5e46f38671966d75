/**
 * The PostgreSQL store, for many workers on one database: the same tables and migrations as the SQLite store (see
 * `migrations.ts`), one transaction per document, ON CONFLICT upserts.
 *
 * JSON columns stay TEXT rather than JSONB: nothing queries inside them (they are written and read whole), TEXT keeps
 * the bytes exactly as written — so `triangulate migrate` can compare content checksums across stores and a
 * document reads back with its keys in the order they were stored — and JSONB would parse every value on write for
 * no reader. A later query into JSON can add an expression index on `(column::jsonb)`.
 *
 * The store opens synchronously like the SQLite one (`openStore` is sync); migrations run on the first call, and a
 * connection failure surfaces there as a `UsageError` naming the server.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ArchivedStories } from '../cluster/assign.ts';
import type { Relation } from '../cluster/relations.ts';
import type { ClusterChanges, ClusterSnapshot, StoryView } from '../cluster/stories.ts';
import { UsageError } from '../errors.ts';
import type { Analysis, Document, DocumentVersion, Observation, Source } from '../model.ts';
import { MIGRATIONS, statementsFor } from './migrations.ts';
import {
  clusterDocsFrom,
  clusterSnapshotFrom,
  clusterWrites,
  type DocumentRow,
  documentFromRow,
  documentToRow,
  type StoryBriefRow,
  type StoryRow,
  storyBriefFromRow,
  storyFromRow,
  storyRowValues,
  summaryFromRow,
  type WatchRow,
  watchSourceFromRow,
} from './rows.ts';
import { MARK_END, MARK_START, toFtsQuery } from './search-query.ts';
import {
  bestFirst,
  type Candidate,
  dayFacet,
  ENTITY_SAMPLE,
  entitySample,
  type MarkedRow,
  pageHits,
  SEARCH_WINDOW,
  sourceFacet,
} from './search-window.ts';
import { advisoryKey, describeServer, numbered } from './sql.ts';
import {
  type AuditEntry,
  type ClusterSaveOptions,
  ClusterStateChanged,
  type DocumentQuery,
  type DocumentSummary,
  type FetchState,
  type PutResult,
  type SearchQuery,
  type SearchResult,
  type Store,
  type StoryBrief,
  type StoryBriefSummary,
  type StoryQuery,
} from './store.ts';
import type { AlertMatch, AlertRule, DigestState, PollOutcome, WatchSource } from './watch.ts';

type Queryable = Pick<pg.PoolClient, 'query'>;

/** Every save of the clustering state bumps its revision (`Store.clusterRevision`), in the save's transaction. */
const BUMP_CLUSTER_REVISION = `INSERT INTO cluster_state (key, value_json) VALUES ('revision', '1')
  ON CONFLICT (key) DO UPDATE SET value_json = (cluster_state.value_json::bigint + 1)::text`;

const CLUSTER_REVISION = "SELECT value_json FROM cluster_state WHERE key = 'revision'";

/** The document row's columns: not `d.*`, which would also carry the search index column (migration 2). */
const DOCUMENT_COLUMNS = [
  'id',
  'url',
  'source_id',
  'title',
  'byline',
  'published_value',
  'published_precision',
  'published_origin',
  'published_evidence',
  'sort_date',
  'language',
  'text',
  'paragraphs_json',
  'removed_json',
  'raw_location',
  'raw_format',
  'raw_media_type',
  'raw_content',
  'raw_sha256',
  'ingested_at',
]
  .map((c) => `d.${c}`)
  .join(', ');

export interface PostgresStoreOptions {
  /** Connections in the pool (default 4: the CLI runs one query at a time; workers share a pool each). */
  maxConnections?: number;
}

export class PostgresStore implements Store {
  readonly pool: pg.Pool;
  private readonly ready: Promise<void>;

  constructor(
    readonly url: string,
    options: PostgresStoreOptions = {},
  ) {
    this.pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4, types: { getTypeParser } });
    // An idle client losing its server (restart, failover) must not crash the process; the next query reconnects.
    this.pool.on('error', () => {});
    this.ready = this.migrate().catch((err: unknown) => {
      throw connectionError(url, err);
    });
    // Callers see the failure on their first call; an unused store must not raise an unhandled rejection.
    this.ready.catch(() => {});
  }

  /** Wait for the connection and migrations (tests and the migrate command call this to fail early). */
  async open(): Promise<this> {
    await this.ready;
    return this;
  }

  /**
   * Apply missing migrations under a session advisory lock, so that many workers starting at once apply each once;
   * PostgreSQL's DDL is transactional, so a migration is all or nothing.
   */
  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    const lock = advisoryKey('triangulate:migrations');
    try {
      await client.query('SELECT pg_advisory_lock($1)', [lock]);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)',
      );
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          for (const statement of statementsFor(migration, 'postgres')) await client.query(statement);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            new Date().toISOString(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
        for (const statement of migration.postgresAfter ?? []) await client.query(statement);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lock]).catch(() => {});
      client.release();
    }
  }

  /** Run `work` in one transaction on one connection. */
  private async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    await this.ready;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * One statement on a pooled connection. `prepared` names it: each connection then parses and plans it once, not at
   * every call (for the statements run once or more per stored document).
   */
  private async rows<R extends pg.QueryResultRow>(
    sql: string,
    params: unknown[] = [],
    prepared?: string,
  ): Promise<R[]> {
    await this.ready;
    return (await this.pool.query<R>({ text: sql, values: params, name: prepared })).rows;
  }

  async putDocument(document: Document): Promise<PutResult> {
    const row = documentToRow(document);
    const columns = Object.keys(row) as (keyof DocumentRow)[];
    const source = document.source;
    // One statement: the source (only for a document not stored yet, and only written when it differs, so that
    // writers of one outlet do not queue on its row) and the document. A second writer of the same content gets no
    // row back: `unchanged`.
    const insert = {
      name: 'put-document',
      text: `WITH source AS (
          INSERT INTO sources (id, name, kind, url)
          SELECT $${columns.length + 1}, $${columns.length + 2}, $${columns.length + 3}, $${columns.length + 4}
           WHERE NOT EXISTS (SELECT 1 FROM documents WHERE id = $${columns.indexOf('id') + 1})
          ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = COALESCE(excluded.url, sources.url)
           WHERE (sources.name, sources.url) IS DISTINCT FROM (excluded.name, COALESCE(excluded.url, sources.url)))
        INSERT INTO documents (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
        ON CONFLICT (id) DO NOTHING`,
      values: [...columns.map((c) => row[c]), source.id, source.name, source.kind, source.url],
    };
    if (!document.url) {
      await this.ready;
      const inserted = await this.pool.query(insert);
      return inserted.rowCount ? { status: 'added', id: document.id } : { status: 'unchanged', id: document.id };
    }
    return this.transaction(async (db): Promise<PutResult> => {
      // Versions at one URL are numbered in order: writers of the same URL take turns (until this commits).
      await db.query('SELECT pg_advisory_xact_lock($1)', [advisoryKey(`url:${document.url}`)]);
      if (!(await db.query(insert)).rowCount) return { status: 'unchanged', id: document.id };
      const previous = (
        await db.query<{ version: number; document_id: string }>({
          name: 'put-version',
          text: `WITH previous AS (
             SELECT version, document_id FROM document_versions WHERE url = $1 ORDER BY version DESC LIMIT 1),
           added AS (
             INSERT INTO document_versions (url, version, document_id, seen_at)
             SELECT $1, COALESCE((SELECT version FROM previous), 0) + 1, $2, $3)
           SELECT version, document_id FROM previous`,
          values: [document.url, document.id, document.ingestedAt],
        })
      ).rows[0];
      const version = (previous?.version ?? 0) + 1;
      return previous
        ? { status: 'new-version', id: document.id, version, previousId: previous.document_id }
        : { status: 'added', id: document.id, version };
    });
  }

  async getDocument(id: string): Promise<Document | null> {
    const [row] = await this.rows<DocumentRow>(
      `SELECT ${DOCUMENT_COLUMNS}, s.name AS source_name, s.kind AS source_kind, s.url AS source_url FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id = $1`,
      [id],
      'get-document',
    );
    return row ? documentFromRow(row) : null;
  }

  async documentIdsWithPrefix(prefix: string, limit: number): Promise<string[]> {
    if (!/^[0-9a-f]+$/i.test(prefix)) return [];
    const rows = await this.rows<{ id: string }>(
      "SELECT id FROM documents WHERE id LIKE $1 || '%' ORDER BY id LIMIT $2",
      [prefix.toLowerCase(), limit],
    );
    return rows.map((r) => r.id);
  }

  async findByRaw(location: string, rawSha256: string): Promise<string | null> {
    const [row] = await this.rows<{ id: string }>(
      'SELECT id FROM documents WHERE raw_location = $1 AND raw_sha256 = $2 LIMIT 1',
      [location, rawSha256],
      'find-by-raw',
    );
    return row?.id ?? null;
  }

  async listDocuments(query: DocumentQuery = {}): Promise<DocumentSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.sourceId) {
      params.push(query.sourceId);
      where.push(`d.source_id = $${params.length}`);
    }
    if (query.since) {
      params.push(query.since);
      where.push(`d.sort_date >= $${params.length}`);
    }
    if (query.ids) {
      params.push(query.ids);
      where.push(`d.id = ANY($${params.length})`);
    }
    params.push(query.limit ?? 1000, query.offset ?? 0);
    const sql = `SELECT d.id, d.title, d.url, d.source_id, s.name AS source_name, d.published_value,
        d.published_precision, d.published_origin, d.published_evidence, d.language, d.ingested_at,
        length(d.text) AS chars
      FROM documents d JOIN sources s ON s.id = d.source_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${query.oldestFirst ? 'd.sort_date, d.id' : 'd.sort_date DESC, d.id'} LIMIT $${params.length - 1} OFFSET $${params.length}`;
    // length() counts characters, SQLite's counts them too for TEXT: the same `chars` either way.
    return (await this.rows<DocumentRow & { chars: number }>(sql, params)).map(summaryFromRow);
  }

  async countDocuments(): Promise<number> {
    // count(*) is a bigint, which the driver returns as a string.
    const [row] = await this.rows<{ n: number }>('SELECT count(*)::int AS n FROM documents');
    return row!.n;
  }

  async versionsOf(url: string): Promise<DocumentVersion[]> {
    const rows = await this.rows<{ url: string; version: number; document_id: string; seen_at: string }>(
      'SELECT url, version, document_id, seen_at FROM document_versions WHERE url = $1 ORDER BY version',
      [url],
    );
    return rows.map((row) => ({
      url: row.url,
      version: row.version,
      documentId: row.document_id,
      seenAt: row.seen_at,
    }));
  }

  async getSource(id: string): Promise<Source | null> {
    const [row] = await this.rows<Source>('SELECT id, name, kind, url FROM sources WHERE id = $1', [id]);
    return row ?? null;
  }

  async paragraphsBySource(sourceId: string, limit = 200): Promise<{ location: string; lines: string[] }[]> {
    const rows = await this.rows<{ raw_location: string; removed_json: string; text: string }>(
      'SELECT raw_location, removed_json, text FROM documents WHERE source_id = $1 ORDER BY ingested_at DESC LIMIT $2',
      [sourceId, limit],
    );
    return rows.map((row) => {
      // Recurring lines are learned from everything the document had, removed lines included.
      const removed = (JSON.parse(row.removed_json) as { text: string }[]).map((x) => x.text);
      return { location: row.raw_location, lines: [...row.text.split('\n\n'), ...removed] };
    });
  }

  async putAnalysis(documentId: string, analysis: Analysis): Promise<void> {
    // The entities of each document, kept apart for the search facet and filter (as in the SQLite store): the first
    // of an id counts, as in the SQLite store.
    const entities = new Map<string, Analysis['entities'][number]>();
    for (const entity of analysis.entities ?? []) if (!entities.has(entity.id)) entities.set(entity.id, entity);
    const list = [...entities.values()];
    await this.rows(
      // One statement, so one transaction: the analysis, the entities it no longer names gone, the others upserted.
      `WITH analysis AS (
         INSERT INTO analyses (document_id, analysis_json, analysed_at) VALUES ($1, $2, $3)
         ON CONFLICT (document_id) DO UPDATE SET analysis_json = excluded.analysis_json, analysed_at = excluded.analysed_at),
       stale AS (
         DELETE FROM document_entities WHERE document_id = $1 AND NOT (entity_id = ANY($4::text[])))
       INSERT INTO document_entities (document_id, entity_id, name, type, mentions)
       SELECT $1, * FROM unnest($4::text[], $5::text[], $6::text[], $7::int[])
       ON CONFLICT (document_id, entity_id) DO UPDATE SET name = excluded.name, type = excluded.type,
         mentions = excluded.mentions`,
      [
        documentId,
        JSON.stringify(analysis),
        new Date().toISOString(),
        list.map((e) => e.id),
        list.map((e) => e.name),
        list.map((e) => e.type),
        list.map((e) => e.mentions.length),
      ],
      'put-analysis',
    );
  }

  async getAnalysis(documentId: string): Promise<Analysis | null> {
    const [row] = await this.rows<{ analysis_json: string }>(
      'SELECT analysis_json FROM analyses WHERE document_id = $1',
      [documentId],
      'get-analysis',
    );
    return row ? (JSON.parse(row.analysis_json) as Analysis) : null;
  }

  async putObservation(observation: Observation): Promise<PutResult> {
    await this.ready;
    const result = await this.pool.query(
      'INSERT INTO observations (id, story_id, observation_json, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
      [observation.id, observation.storyId ?? null, JSON.stringify(observation), observation.createdAt],
    );
    return result.rowCount ? { status: 'added', id: observation.id } : { status: 'unchanged', id: observation.id };
  }

  async getObservation(id: string): Promise<Observation | null> {
    const [row] = await this.rows<{ observation_json: string }>(
      'SELECT observation_json FROM observations WHERE id = $1',
      [id],
    );
    return row ? (JSON.parse(row.observation_json) as Observation) : null;
  }

  async listObservations(): Promise<Observation[]> {
    const rows = await this.rows<{ observation_json: string }>(
      'SELECT observation_json FROM observations ORDER BY created_at, id',
    );
    return rows.map((r) => JSON.parse(r.observation_json) as Observation);
  }

  async linkObservation(id: string, storyId: string): Promise<void> {
    await this.transaction(async (db) => {
      const [row] = (
        await db.query<{ observation_json: string }>(
          'SELECT observation_json FROM observations WHERE id = $1 FOR UPDATE',
          [id],
        )
      ).rows;
      if (!row) return;
      const observation = { ...(JSON.parse(row.observation_json) as Observation), storyId };
      await db.query('UPDATE observations SET story_id = $1, observation_json = $2 WHERE id = $3', [
        storyId,
        JSON.stringify(observation),
        id,
      ]);
    });
  }

  async getFetchState(url: string): Promise<FetchState | null> {
    const [row] = await this.rows<{
      url: string;
      etag: string | null;
      last_modified: string | null;
      fetched_at: string;
    }>('SELECT url, etag, last_modified, fetched_at FROM fetch_state WHERE url = $1', [url]);
    return row ? { url: row.url, etag: row.etag, lastModified: row.last_modified, fetchedAt: row.fetched_at } : null;
  }

  async putFetchState(state: FetchState): Promise<void> {
    await this.rows(
      `INSERT INTO fetch_state (url, etag, last_modified, fetched_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
      [state.url, state.etag, state.lastModified, state.fetchedAt],
    );
  }

  async loadClusterSnapshot(options: { all?: boolean } = {}): Promise<ClusterSnapshot | null> {
    // One snapshot: read every table of it in one repeatable-read transaction, not across a concurrent save.
    return this.transaction(async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const state = new Map(
        (await db.query<{ key: string; value_json: string }>('SELECT key, value_json FROM cluster_state')).rows.map(
          (r) => [r.key, JSON.parse(r.value_json)],
        ),
      );
      if (!state.has('params')) return null;
      // The active window only (every document with `all`); relations with at least one end in it.
      const docs = await db.query<{ story_id: string; fingerprint_json: string; membership_json: string }>(
        `SELECT story_id, fingerprint_json, membership_json FROM cluster_docs ${options.all ? '' : 'WHERE active = 1'}
          ORDER BY arrival`,
      );
      const relations = await db.query<{ relation_json: string }>(
        `SELECT r.relation_json FROM cluster_docs c JOIN cluster_relations r ON r.a = c.document_id
          WHERE c.active = 1
         UNION SELECT r.relation_json FROM cluster_docs c JOIN cluster_relations r ON r.b = c.document_id
          WHERE c.active = 1`,
      );
      const counts = await db.query<{ key: string; n: string }>('SELECT key, n FROM cluster_df');
      return clusterSnapshotFrom(state, docs.rows, relations.rows, counts.rows);
    });
  }

  async loadArchivedStories(bands: number[], exactKeys: string[], storyIds: string[] = []): Promise<ArchivedStories> {
    if (bands.length === 0 && exactKeys.length === 0 && storyIds.length === 0) return { docs: [], relations: [] };
    return this.transaction(async (db) => {
      await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const docs = (
        await db.query<{ document_id: string; story_id: string; fingerprint_json: string; membership_json: string }>(
          `SELECT document_id, story_id, fingerprint_json, membership_json FROM cluster_docs
            WHERE active = 0 AND story_id IN (
              SELECT c.story_id FROM cluster_bands b JOIN cluster_docs c ON c.document_id = b.document_id
               WHERE b.band = ANY($1::bigint[]) AND c.active = 0
              UNION
              SELECT story_id FROM cluster_docs WHERE exact_key = ANY($2::text[]) AND active = 0
              UNION
              SELECT unnest($3::text[]))
            ORDER BY arrival`,
          [bands, exactKeys, storyIds],
        )
      ).rows;
      if (docs.length === 0) return { docs: [], relations: [] };
      const ids = docs.map((d) => d.document_id);
      const relations = (
        await db.query<{ relation_json: string }>(
          'SELECT relation_json FROM cluster_relations WHERE a = ANY($1::text[]) OR b = ANY($1::text[])',
          [ids],
        )
      ).rows.map((r) => JSON.parse(r.relation_json) as Relation);
      return { docs: clusterDocsFrom(docs), relations };
    });
  }

  async saveClusterSnapshot(
    snapshot: ClusterSnapshot,
    stories: StoryView[],
    changed?: ClusterChanges,
    options: ClusterSaveOptions = {},
  ) {
    const now = new Date().toISOString();
    const w = clusterWrites(snapshot, stories, changed);
    await this.transaction(async (db) => {
      // Saves take turns (a pass reads the window, assigns, and writes what changed).
      await db.query('SELECT pg_advisory_xact_lock($1)', [advisoryKey('triangulate:cluster-snapshot')]);
      if (options.expectRevision !== undefined) {
        const found = await this.clusterRevisionOn(db);
        if (found !== options.expectRevision) throw new ClusterStateChanged(options.expectRevision, found);
      }
      if (w.full) await db.query('TRUNCATE cluster_docs, cluster_relations, cluster_bands, cluster_df, stories');
      // Rows go in as arrays (one statement per table, not one per row); a later row for the same document wins,
      // as it would row by row.
      const docs = new Map(w.docs.map((row) => [row[0], row]));
      await db.query(
        `INSERT INTO cluster_docs (document_id, arrival, story_id, fingerprint_json, membership_json, active, exact_key)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])
         ON CONFLICT (document_id) DO UPDATE SET arrival = excluded.arrival, story_id = excluded.story_id,
           fingerprint_json = excluded.fingerprint_json, membership_json = excluded.membership_json,
           active = excluded.active, exact_key = excluded.exact_key`,
        columnsOf([...docs.values()], 7),
      );
      await db.query('UPDATE cluster_docs SET active = 1 WHERE document_id = ANY($1::text[])', [w.activate]);
      await db.query(
        `UPDATE cluster_docs c SET active = 0, exact_key = d.exact
           FROM unnest($1::text[], $2::text[]) AS d(id, exact) WHERE c.document_id = d.id`,
        columnsOf(w.deactivate, 2),
      );
      await db.query(
        `INSERT INTO cluster_bands (band, document_id) SELECT * FROM unnest($1::bigint[], $2::text[])
         ON CONFLICT DO NOTHING`,
        columnsOf(w.bands, 2),
      );
      await db.query(
        `INSERT INTO cluster_relations (a, b, type, relation_json)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (a, b, type) DO NOTHING`,
        columnsOf(w.relations, 4),
      );
      await db.query(
        `INSERT INTO cluster_state (key, value_json) SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json`,
        columnsOf(w.state, 2),
      );
      await db.query(
        `INSERT INTO cluster_df (key, n) SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (key) DO UPDATE SET n = excluded.n`,
        columnsOf(w.frequencies, 2),
      );
      await db.query('DELETE FROM cluster_df WHERE key = ANY($1::text[])', [w.dropFrequencies]);
      await db.query(BUMP_CLUSTER_REVISION);
      await db.query('DELETE FROM stories WHERE id = ANY($1::text[])', [w.deleteStories]);
      const storyRows = new Map(w.stories.map((story) => [story.id, storyRowValues(story, now)]));
      await db.query(
        `INSERT INTO stories (id, title, title_doc_id, first_seen, last_seen, size, sources_json, doc_ids_json, updated_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
           $8::text[], $9::text[])
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_doc_id = excluded.title_doc_id,
           first_seen = excluded.first_seen, last_seen = excluded.last_seen, size = excluded.size,
           sources_json = excluded.sources_json, doc_ids_json = excluded.doc_ids_json, updated_at = excluded.updated_at`,
        columnsOf([...storyRows.values()], 9),
      );
    });
  }

  async clusterRevision(): Promise<number> {
    await this.ready;
    return this.clusterRevisionOn(this.pool);
  }

  /** The revision as read on this connection (inside a save's transaction, after its lock). */
  private async clusterRevisionOn(db: Queryable): Promise<number> {
    const [row] = (await db.query<{ value_json: string }>(CLUSTER_REVISION)).rows;
    return row ? Number(row.value_json) : 0;
  }

  async unclusteredDocumentIds(among?: string[]): Promise<string[]> {
    if (among) {
      const rows = await this.rows<{ id: string }>(
        `SELECT d.id FROM unnest($1::text[]) WITH ORDINALITY AS a(id, n) JOIN documents d ON d.id = a.id
          WHERE NOT EXISTS (SELECT 1 FROM cluster_docs c WHERE c.document_id = a.id) ORDER BY a.n`,
        [among],
      );
      return rows.map((r) => r.id);
    }
    const rows = await this.rows<{ id: string }>(
      'SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM cluster_docs c WHERE c.document_id = d.id) ORDER BY sort_date, id',
    );
    return rows.map((r) => r.id);
  }

  async listStories(query: StoryQuery = {}): Promise<StoryView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.since) where.push(`COALESCE(last_seen, updated_at) >= ${param(query.since)}`);
    if (query.until) {
      const until = param(query.until);
      where.push(`substr(COALESCE(first_seen, updated_at), 1, length(${until})) <= ${until}`);
    }
    if (query.sourceId) where.push(`sources_json::jsonb ? ${param(query.sourceId)}`);
    if (query.entityId) {
      where.push(`id IN (SELECT c.story_id FROM document_entities de JOIN cluster_docs c ON c.document_id = de.document_id
        WHERE de.entity_id = ${param(query.entityId)})`);
    }
    // LIMIT ALL when no limit is given beyond what a bigint holds.
    const limit = query.limit === undefined ? 1000 : Math.min(query.limit, Number.MAX_SAFE_INTEGER);
    const rows = await this.rows<StoryRow>(
      `SELECT * FROM stories ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY COALESCE(last_seen, updated_at) DESC, size DESC, id LIMIT ${param(limit)} OFFSET ${param(query.offset ?? 0)}`,
      params,
    );
    return rows.map(storyFromRow);
  }

  async getStoryBrief(storyId: string): Promise<StoryBrief | null> {
    const [row] = await this.rows<StoryBriefRow>('SELECT * FROM story_briefs WHERE story_id = $1', [storyId]);
    return row ? storyBriefFromRow(row) : null;
  }

  async putStoryBrief(brief: StoryBrief): Promise<void> {
    await this.rows(
      `INSERT INTO story_briefs (story_id, signature, brief_json, summary_json, computed_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (story_id) DO UPDATE SET signature = excluded.signature, brief_json = excluded.brief_json,
           summary_json = excluded.summary_json, computed_at = excluded.computed_at`,
      [brief.storyId, brief.signature, JSON.stringify(brief.brief), JSON.stringify(brief.summary), brief.computedAt],
    );
  }

  async storyBriefSummaries(storyIds: string[]) {
    const rows = await this.rows<StoryBriefRow>(
      'SELECT story_id, signature, summary_json FROM story_briefs WHERE story_id = ANY($1)',
      [storyIds],
    );
    return new Map(
      rows.map((r) => [
        r.story_id,
        { signature: r.signature, summary: JSON.parse(r.summary_json) as StoryBriefSummary },
      ]),
    );
  }

  async relationsAmong(documentIds: string[]): Promise<Relation[]> {
    const rows = await this.rows<{ relation_json: string }>(
      'SELECT relation_json FROM cluster_relations WHERE a = ANY($1) AND b = ANY($1) ORDER BY a, b, type',
      [documentIds],
    );
    return rows.map((r) => JSON.parse(r.relation_json) as Relation);
  }

  async countRelationsAmong(documentIds: string[]): Promise<Record<string, number>> {
    const rows = await this.rows<{ type: string; n: number }>(
      'SELECT type, count(*)::int AS n FROM cluster_relations WHERE a = ANY($1) AND b = ANY($1) GROUP BY type ORDER BY type',
      [documentIds],
    );
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  async storyOfDocument(documentId: string): Promise<{ id: string; title: string } | null> {
    const [row] = await this.rows<{ id: string; title: string }>(
      `SELECT c.story_id AS id, COALESCE(s.title, c.story_id) AS title
         FROM cluster_docs c LEFT JOIN stories s ON s.id = c.story_id WHERE c.document_id = $1`,
      [documentId],
    );
    return row ?? null;
  }

  async getStory(id: string): Promise<StoryView | null> {
    const [row] = await this.rows<StoryRow>('SELECT * FROM stories WHERE id = $1', [id]);
    return row ? storyFromRow(row) : null;
  }

  async addAuditEntry(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const id = randomUUID();
    await this.rows(
      'INSERT INTO story_audit (id, at, analyst, action, story_id, detail_json) VALUES ($1, $2, $3, $4, $5, $6)',
      [id, entry.at, entry.analyst, entry.action, entry.storyId, JSON.stringify(entry.detail)],
    );
    return { id, ...entry };
  }

  async listAudit(storyId?: string): Promise<AuditEntry[]> {
    const rows = await this.rows<{
      id: string;
      at: string;
      analyst: string;
      action: string;
      story_id: string | null;
      detail_json: string;
    }>(
      storyId
        ? 'SELECT * FROM story_audit WHERE story_id = $1 ORDER BY at, id'
        : 'SELECT * FROM story_audit ORDER BY at, id',
      storyId ? [storyId] : [],
    );
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      analyst: row.analyst,
      action: row.action as AuditEntry['action'],
      storyId: row.story_id,
      detail: JSON.parse(row.detail_json),
    }));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const tsquery = toTsQuery(query.text);
    const window = query.window ?? SEARCH_WINDOW;
    // Each filter as a SQL condition with its parameters, so that each facet can leave its own filter out.
    const filters = {
      match: tsquery ? { sql: "d.search @@ to_tsquery('triangulate_fold', ?)", params: [tsquery] } : null,
      source: query.sourceId ? { sql: 'd.source_id = ?', params: [query.sourceId] } : null,
      entity: query.entityId
        ? {
            sql: 'EXISTS (SELECT 1 FROM document_entities de WHERE de.document_id = d.id AND de.entity_id = ?)',
            params: [query.entityId],
          }
        : null,
      from: query.from ? { sql: 'd.published_value >= ?', params: [query.from] } : null,
      // Compared on the length of the bound, so that "to 2024-03-11" includes 2024-03-11T16:20.
      to: query.to ? { sql: 'substr(d.published_value, 1, length(?)) <= ?', params: [query.to, query.to] } : null,
    };
    type Filter = keyof typeof filters;
    const recent = tsquery ? this.recentBounds(window) : Promise.resolve([]);
    // The most recently stored matches (by ingested_at: this store keeps no storage order), at most `window` (+1 to
    // tell whether there are more), as the SQLite store weighs them (see search-window.ts): the planner walks the
    // ingested_at index backwards for a broad query and stops there, or sorts the few rows the GIN index finds for a
    // narrow one. Title weighted above text (A vs B). The tsvector lies in the row (migration 15), not out of line.
    const sets = new Map<string, Promise<Candidate[]>>();
    // Only the hits' own set is ranked: a facet's set is counted, not ordered by score, and ts_rank reads each
    // row's tsvector again. A facet leaving out a filter the query does not have shares the hits' set.
    const candidates = (ranked: boolean, ...names: Filter[]) => {
      const active = names.map((n) => filters[n]).filter((f) => f !== null);
      const key = names.filter((n) => filters[n]).join(',');
      const cached = sets.get(key);
      if (cached) return cached;
      const order = tsquery ? 'd.ingested_at DESC, d.id DESC' : 'd.sort_date DESC, d.id';
      const rank = tsquery !== null && ranked;
      const score = rank ? "ts_rank('{0.1, 0.2, 0.25, 1.0}', d.search, to_tsquery('triangulate_fold', ?))" : '0';
      const read = (since: string | null) => {
        const conditions = [...active, ...(since === null ? [] : [{ sql: 'd.ingested_at >= ?', params: [since] }])];
        const where = conditions.length ? `WHERE ${conditions.map((f) => f.sql).join(' AND ')}` : '';
        return this.rows<{
          id: string;
          source_id: string;
          source_name: string;
          published_value: string | null;
          sort_date: string;
          score: number;
        }>(
          numbered(`SELECT d.id, d.source_id, s.name AS source_name, d.published_value, d.sort_date, ${score} AS score
          FROM documents d JOIN sources s ON s.id = d.source_id ${where} ORDER BY ${order} LIMIT ?`),
          [...(rank ? [tsquery] : []), ...conditions.flatMap((f) => f.params), window + 1],
        ).then((rows) =>
          rows.map((r) => ({
            id: r.id,
            sourceId: r.source_id,
            sourceName: r.source_name,
            publishedValue: r.published_value,
            sortDate: r.sort_date,
            score: Number(r.score),
          })),
        );
      };
      // The newest `window` + 1 matches among the recent rows first, then among all (see recentBounds). When the
      // recent rows hold that many matches, they are the newest overall: every older row is older than the bound.
      const set = (async () => {
        for (const since of await recent) {
          const rows = await read(since);
          if (rows.length > window) return rows;
        }
        return read(null);
      })();
      sets.set(key, set);
      return set;
    };
    // Every set is asked for at once (each on its own pooled connection): a facet's set does not wait for the hits'
    // (with a date filter the day facet walks its own matches), and the page's snippets and the entity counts each
    // start as soon as the set they need is read.
    const bounded = async (set: Promise<Candidate[]>) => (await set).slice(0, window);
    const matchedSet = candidates(true, 'match', 'source', 'entity', 'from', 'to');
    const sourceSet = bounded(candidates(false, 'match', 'entity', 'from', 'to'));
    const daySet = bounded(candidates(false, 'match', 'source', 'entity'));
    const entitySet = bounded(candidates(false, 'match', 'source', 'from', 'to'));
    const offset = query.offset ?? 0;
    const page = matchedSet.then((matched) =>
      bestFirst(matched.slice(0, window)).slice(offset, offset + (query.limit ?? 20)),
    );
    // Snippets and titles for the page's rows alone.
    const columns = tsquery
      ? `ts_headline('triangulate_fold', d.text, to_tsquery('triangulate_fold', ?), ?) AS marked_snippet,
         ts_headline('triangulate_fold', d.title, to_tsquery('triangulate_fold', ?), ?) AS marked_title`
      : "substr(d.text, 1, 280) || CASE WHEN length(d.text) > 280 THEN '…' ELSE '' END AS marked_snippet, d.title AS marked_title";
    const snippetOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=40, MinWords=20, ShortWord=0, MaxFragments=2, FragmentDelimiter=" … "`;
    const titleOptions = `StartSel=${MARK_START}, StopSel=${MARK_END}, HighlightAll=true`;
    const columnParams = tsquery ? [tsquery, snippetOptions, tsquery, titleOptions] : [];
    const hits = page.then(async (page) =>
      pageHits(
        page,
        page.length
          ? await this.rows<MarkedRow>(
              numbered(`SELECT d.id, d.title, d.url, d.source_id, d.published_precision, d.published_origin,
                d.published_evidence, ${columns}
              FROM documents d WHERE d.id = ANY(?)`),
              [...columnParams, page.map((c) => c.id)],
            )
          : [],
      ),
    );
    const sample = entitySet.then((set) => entitySample(set, query.entitySample ?? ENTITY_SAMPLE));
    const entities = sample.then(async (sample) =>
      (
        await this.rows<{ id: string; name: string; type: string; count: number }>(
          `SELECT e.entity_id AS id, min(e.name) AS name, min(e.type) AS type, count(*)::int AS count
          FROM document_entities e WHERE e.document_id = ANY($1)
          GROUP BY e.entity_id ORDER BY count DESC, name LIMIT 20`,
          [sample.ids],
        )
      ).map((e) => ({ ...e, count: e.count * sample.step })),
    );
    // Every promise is awaited together: one failing must not leave the others' rejections unhandled.
    const [matched, hitList, sources, days, entityList, { step }] = await Promise.all([
      matchedSet,
      hits,
      sourceSet,
      daySet,
      entities,
      sample,
    ]);
    return {
      total: Math.min(matched.length, window),
      totalIsLowerBound: matched.length > window,
      window,
      hits: hitList,
      facets: {
        sources: sourceFacet(sources),
        days: dayFacet(days),
        entities: entityList,
        ...(step > 1 ? { entitiesSample: { step } } : {}),
      },
    };
  }

  /** The histogram `recentBounds` last read, with the row count and when. */
  private recentBoundsRead: { at: number; rows: number; bounds: string[] } | null = null;

  /**
   * Lower bounds of `ingested_at` that keep about the newest 5% and 25% of the documents, for a search to try before
   * reading all its matches: those of the planner's histogram of the column (kept by ANALYZE; rows stored since are
   * newer than every bound, so a bound keeps more, never fewer). A query matching a few per cent of a million
   * documents had the planner walk the ingestion index backwards through 120,000 rows to collect its newest 5,000
   * matches; with a bound it intersects the match index with the recent rows and reads only the matching ones.
   * Only bounds that may keep more than `window` rows; none before the first ANALYZE. Read once a minute.
   */
  private async recentBounds(window: number): Promise<string[]> {
    if (!this.recentBoundsRead || Date.now() - this.recentBoundsRead.at > 60_000) {
      const [row] = await this.rows<{ bounds: string[] | null; rows: number }>(
        `SELECT (SELECT histogram_bounds::text::text[] FROM pg_stats
                  WHERE schemaname = current_schema() AND tablename = 'documents' AND attname = 'ingested_at') AS bounds,
                (SELECT reltuples FROM pg_class WHERE oid = 'documents'::regclass)::float8 AS rows`,
      );
      this.recentBoundsRead = { at: Date.now(), rows: Math.max(0, Number(row?.rows ?? 0)), bounds: row?.bounds ?? [] };
    }
    const { rows, bounds } = this.recentBoundsRead;
    if (bounds.length < 2) return [];
    return RECENT_SHARES.filter((share) => share * rows > window).map(
      (share) => bounds[Math.round((1 - share) * (bounds.length - 1))]!,
    );
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Watch list, alerts, digest state (`watch.ts`)

  async addWatchSource(source: { url: string; name: string | null; everySeconds: number; now: string }) {
    const [row] = await this.rows<WatchRow>(
      `INSERT INTO watch_sources (url, name, every_seconds, added_at, next_due_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (url) DO UPDATE SET name = COALESCE(excluded.name, watch_sources.name), every_seconds = excluded.every_seconds
         RETURNING *`,
      [source.url, source.name, source.everySeconds, source.now],
    );
    return watchSourceFromRow(row!);
  }

  async listWatchSources(): Promise<WatchSource[]> {
    return (await this.rows<WatchRow>('SELECT * FROM watch_sources ORDER BY id')).map(watchSourceFromRow);
  }

  async dueWatchSources(now: string, limit: number): Promise<WatchSource[]> {
    const rows = await this.rows<WatchRow>(
      'SELECT * FROM watch_sources WHERE next_due_at <= $1 ORDER BY next_due_at, id LIMIT $2',
      [now, limit],
    );
    return rows.map(watchSourceFromRow);
  }

  async removeWatchSource(idOrUrl: string): Promise<boolean> {
    await this.ready;
    const byId = /^\d+$/.test(idOrUrl);
    const result = await this.pool.query(`DELETE FROM watch_sources WHERE ${byId ? 'id' : 'url'} = $1`, [
      byId ? Number(idOrUrl) : idOrUrl,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async recordPoll(id: number, outcome: PollOutcome): Promise<void> {
    await this.rows(
      `UPDATE watch_sources SET last_polled_at = $1, next_due_at = $2, last_status = $3, last_error = $4,
         failures = $5, last_new_items = $6, total_new_items = total_new_items + $6 WHERE id = $7`,
      [outcome.polledAt, outcome.nextDueAt, outcome.status, outcome.error, outcome.failures, outcome.newItems, id],
    );
  }

  async addAlertRule(rule: Omit<AlertRule, 'id'>): Promise<AlertRule> {
    const [row] = await this.rows<{ id: number }>(
      'INSERT INTO alert_rules (entity, keyword, story_id, webhook, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [rule.entity, rule.keyword, rule.storyId, rule.webhook, rule.createdAt],
    );
    return { id: row!.id, ...rule };
  }

  async listAlertRules(): Promise<AlertRule[]> {
    const rows = await this.rows<{
      id: number;
      entity: string | null;
      keyword: string | null;
      story_id: string | null;
      webhook: string | null;
      created_at: string;
    }>('SELECT * FROM alert_rules ORDER BY id');
    return rows.map((row) => ({
      id: row.id,
      entity: row.entity,
      keyword: row.keyword,
      storyId: row.story_id,
      webhook: row.webhook,
      createdAt: row.created_at,
    }));
  }

  async removeAlertRule(id: number): Promise<boolean> {
    return this.transaction(async (db) => {
      await db.query('DELETE FROM alert_matches WHERE rule_id = $1', [id]);
      return ((await db.query('DELETE FROM alert_rules WHERE id = $1', [id])).rowCount ?? 0) > 0;
    });
  }

  async putAlertMatch(match: Omit<AlertMatch, 'id' | 'title' | 'url' | 'webhookStatus' | 'webhookError'>) {
    await this.ready;
    const result = await this.pool.query(
      `INSERT INTO alert_matches (rule_id, document_id, matched_at, reasons_json) VALUES ($1, $2, $3, $4)
         ON CONFLICT (rule_id, document_id) DO NOTHING`,
      [match.ruleId, match.documentId, match.matchedAt, JSON.stringify(match.reasons)],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async recordWebhook(ruleId: number, documentId: string, status: 'sent' | 'failed', error: string | null) {
    await this.rows(
      'UPDATE alert_matches SET webhook_status = $1, webhook_error = $2 WHERE rule_id = $3 AND document_id = $4',
      [status, error, ruleId, documentId],
    );
  }

  async listAlertMatches(query: { since?: string; ruleId?: number; limit?: number } = {}): Promise<AlertMatch[]> {
    const rows = await this.rows<{
      id: number;
      rule_id: number;
      document_id: string;
      title: string;
      url: string | null;
      matched_at: string;
      reasons_json: string;
      webhook_status: string | null;
      webhook_error: string | null;
    }>(
      `SELECT m.*, d.title, d.url FROM alert_matches m JOIN documents d ON d.id = m.document_id
         WHERE m.matched_at > COALESCE($1, '') AND ($2::bigint IS NULL OR m.rule_id = $2)
         ORDER BY m.matched_at DESC, m.id DESC LIMIT $3`,
      [query.since ?? null, query.ruleId ?? null, query.limit ?? 1000],
    );
    return rows.map((row) => ({
      id: row.id,
      ruleId: row.rule_id,
      documentId: row.document_id,
      title: row.title,
      url: row.url,
      matchedAt: row.matched_at,
      reasons: JSON.parse(row.reasons_json) as string[],
      webhookStatus: row.webhook_status as AlertMatch['webhookStatus'],
      webhookError: row.webhook_error,
    }));
  }

  async documentsIngestedBetween(after: string, upTo: string): Promise<DocumentSummary[]> {
    const rows = await this.rows<DocumentRow & { chars: number }>(
      `SELECT d.id, d.title, d.url, d.source_id, s.name AS source_name, d.published_value,
          d.published_precision, d.published_origin, d.published_evidence, d.language, d.ingested_at,
          length(d.text) AS chars
        FROM documents d JOIN sources s ON s.id = d.source_id
        WHERE d.ingested_at > $1 AND d.ingested_at <= $2 ORDER BY d.ingested_at, d.id`,
      [after, upTo],
    );
    return rows.map(summaryFromRow);
  }

  async getDigestState(name: string): Promise<DigestState | null> {
    const [row] = await this.rows<{
      name: string;
      watermark: string;
      snapshot_json: string;
      last_sent_day: string | null;
      updated_at: string;
    }>('SELECT * FROM digest_state WHERE name = $1', [name]);
    return row
      ? {
          name: row.name,
          watermark: row.watermark,
          snapshot: JSON.parse(row.snapshot_json) as unknown,
          lastSentDay: row.last_sent_day,
          updatedAt: row.updated_at,
        }
      : null;
  }

  async putDigestState(state: DigestState): Promise<void> {
    await this.rows(
      `INSERT INTO digest_state (name, watermark, snapshot_json, last_sent_day, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, snapshot_json = excluded.snapshot_json,
           last_sent_day = excluded.last_sent_day, updated_at = excluded.updated_at`,
      [state.name, state.watermark, JSON.stringify(state.snapshot), state.lastSentDay, state.updatedAt],
    );
  }

  async close(): Promise<void> {
    await this.ready.catch(() => {});
    await this.pool.end();
  }
}

/**
 * Shared INTEGER columns are BIGINT here (see `forPostgres`), which the driver returns as strings by default; the
 * store hands out numbers as the SQLite store does (exact up to 2^53, beyond which a string is kept).
 */
function getTypeParser(oid: number, format?: 'text' | 'binary') {
  if (oid === pg.types.builtins.INT8 && format !== 'binary') {
    return (value: string) => {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value;
    };
  }
  return pg.types.getTypeParser(oid, format);
}

/** Rows to one array per column, for `unnest`. */
function columnsOf(rows: unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) {
    for (let i = 0; i < width; i++) columns[i]!.push(row[i]);
  }
  return columns;
}

function connectionError(url: string, err: unknown): Error {
  const code = (err as { code?: string }).code;
  // Network and authentication failures are the user's configuration, not a fault of the program.
  if (code && /^(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|28P01|28000|3D000)$/.test(code)) {
    return new UsageError(`cannot open the PostgreSQL store at ${describeServer(url)}: ${(err as Error).message}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * The SQLite store's FTS5 expression for the user's text (`toFtsQuery`: quoted phrases, `*` prefixes, `OR`) as a
 * PostgreSQL tsquery: a phrase's words follow each other (`<->`), a prefix is `:*`, juxtaposition is AND. Words are
 * letters and digits only, so quoting them is enough.
 */
export function toTsQuery(text: string): string | null {
  const fts = toFtsQuery(text);
  if (!fts) return null;
  const parts: string[] = [];
  for (const [token, words, star] of fts.matchAll(/"([^"]*)"(\*?)|OR/g)) {
    if (token === 'OR') {
      parts.push('|');
      continue;
    }
    const terms = (words ?? '').split(' ').map((w) => `'${w}'`);
    if (star) terms[terms.length - 1] += ':*';
    if (parts.length && parts.at(-1) !== '|') parts.push('&');
    parts.push(terms.length > 1 ? `(${terms.join(' <-> ')})` : terms[0]!);
  }
  return parts.join(' ');
}

/** The shares of the newest documents a search reads its matches among before reading all (see `recentBounds`). */
const RECENT_SHARES = [0.05, 0.25];
