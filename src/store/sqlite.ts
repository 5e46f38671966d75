/**
 * The embedded default store: one SQLite file through better-sqlite3, in WAL mode, one transaction per document, so
 * that an ingest killed half-way leaves every stored document whole and a rerun completes the rest.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { ArchivedStories } from '../cluster/assign.ts';
import type { Relation } from '../cluster/relations.ts';
import type { ClusterChanges, ClusterSnapshot, StoryView } from '../cluster/stories.ts';
import type { Analysis, Document, DocumentVersion, Observation, Source } from '../model.ts';
import { DOCUMENT_ENTITIES, MIGRATIONS, statementsFor } from './migrations.ts';
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

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Writes through this connection (other connections' show in PRAGMA data_version): the age of cached counts. */

  constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)',
    );
    const applied = new Set(
      this.prepare('SELECT version FROM schema_migrations')
        .all()
        .map((r) => (r as { version: number }).version),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      this.db.transaction(() => {
        for (const statement of statementsFor(migration, 'sqlite')) this.db.exec(statement);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, new Date().toISOString());
      })();
    }
    // See DOCUMENT_ENTITIES: a database that recorded migration 2 before the entity table was part of it.
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'document_entities'").get()) {
      this.db.transaction(() => {
        for (const statement of [...DOCUMENT_ENTITIES.create, ...DOCUMENT_ENTITIES.backfillSqlite]) {
          this.db.exec(statement);
        }
      })();
    }
  }

  async putDocument(document: Document): Promise<PutResult> {
    return this.db.transaction((): PutResult => {
      if (this.prepare('SELECT 1 FROM documents WHERE id = ?').get(document.id)) {
        return { status: 'unchanged', id: document.id };
      }
      this.upsertSource(document.source);
      const row = documentToRow(document);
      const columns = Object.keys(row);
      this.prepare(
        `INSERT INTO documents (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      ).run(row);
      if (!document.url) return { status: 'added', id: document.id };
      const previous = this.prepare(
        'SELECT version, document_id FROM document_versions WHERE url = ? ORDER BY version DESC LIMIT 1',
      ).get(document.url) as { version: number; document_id: string } | undefined;
      const version = (previous?.version ?? 0) + 1;
      this.prepare('INSERT INTO document_versions (url, version, document_id, seen_at) VALUES (?, ?, ?, ?)').run(
        document.url,
        version,
        document.id,
        document.ingestedAt,
      );
      return previous
        ? { status: 'new-version', id: document.id, version, previousId: previous.document_id }
        : { status: 'added', id: document.id, version };
    })();
  }

  private upsertSource(source: Source): void {
    this.prepare(
      `INSERT INTO sources (id, name, kind, url) VALUES (@id, @name, @kind, @url)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = COALESCE(excluded.url, sources.url)`,
    ).run(source);
  }

  async getDocument(id: string): Promise<Document | null> {
    const row = this.prepare(
      'SELECT d.*, s.name AS source_name, s.kind AS source_kind, s.url AS source_url FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id = ?',
    ).get(id) as DocumentRow | undefined;
    return row ? documentFromRow(row) : null;
  }

  async documentIdsWithPrefix(prefix: string, limit: number): Promise<string[]> {
    if (!/^[0-9a-f]+$/i.test(prefix)) return [];
    return this.prepare("SELECT id FROM documents WHERE id LIKE ? || '%' ORDER BY id LIMIT ?")
      .all(prefix.toLowerCase(), limit)
      .map((r) => (r as { id: string }).id);
  }

  async findByRaw(location: string, rawSha256: string): Promise<string | null> {
    const row = this.prepare('SELECT id FROM documents WHERE raw_location = ? AND raw_sha256 = ? LIMIT 1').get(
      location,
      rawSha256,
    ) as { id: string } | undefined;
    return row?.id ?? null;
  }

  async listDocuments(query: DocumentQuery = {}): Promise<DocumentSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.sourceId) {
      where.push('d.source_id = ?');
      params.push(query.sourceId);
    }
    if (query.since) {
      where.push('d.sort_date >= ?');
      params.push(query.since);
    }
    if (query.ids) {
      where.push('d.id IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(query.ids));
    }
    const sql = `SELECT d.id, d.title, d.url, d.source_id, s.name AS source_name, d.published_value,
        d.published_precision, d.published_origin, d.published_evidence, d.language, d.ingested_at,
        length(d.text) AS chars
      FROM documents d JOIN sources s ON s.id = d.source_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${query.oldestFirst ? 'd.sort_date, d.id' : 'd.sort_date DESC, d.id'} LIMIT ? OFFSET ?`;
    params.push(query.limit ?? 1000, query.offset ?? 0);
    return this.prepare(sql)
      .all(...params)
      .map((row) => summaryFromRow(row as DocumentRow & { chars: number }));
  }

  async countDocuments(): Promise<number> {
    return (this.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const match = toFtsQuery(query.text);
    const window = query.window ?? SEARCH_WINDOW;
    // Each filter as a SQL condition with its parameters, so that each facet can leave its own filter out.
    const filters = {
      match: match ? { sql: 'documents_fts MATCH ?', params: [match] } : null,
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
    // Sources' names, read once per source (a few dozen) rather than joined to thousands of matches.
    const sourceNames = new Map<string, string>();
    const sourceName = (id: string) => {
      let name = sourceNames.get(id);
      if (name === undefined) {
        name =
          (this.prepare('SELECT name FROM sources WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? id;
        sourceNames.set(id, name);
      }
      return name;
    };
    // The most recently stored matches, at most `window` (+1 to tell whether there are more): FTS5 walks its doclists
    // backwards by rowid (= storage order) and stops there. Matches are read through `documents_fts_rows` (migration
    // 9: id, source, dates by FTS rowid), never the FTS table's stored rows; listing without a query reads documents
    // newest first through their sort_date index. Ranked (BM25, title weighted above text) as they are read.
    const sets = new Map<string, (Candidate & { ftsRowid: number | null })[]>();
    const candidates = (...names: Filter[]) => {
      const active = names.map((n) => filters[n]).filter((f) => f !== null);
      const key = names.filter((n) => filters[n]).join(',');
      const cached = sets.get(key);
      if (cached) return cached;
      const where = active.length ? `WHERE ${active.map((f) => f.sql).join(' AND ')}` : '';
      const rows = this.prepare(
        match
          ? `SELECT f.rowid AS fts_rowid, d.id, d.source_id, d.published_value, d.sort_date,
               -bm25(documents_fts, 0.0, 4.0, 1.0) AS score
             FROM documents_fts f JOIN documents_fts_rows d ON d.fts_rowid = f.rowid
             ${where} ORDER BY f.rowid DESC LIMIT ?`
          : `SELECT NULL AS fts_rowid, d.id, d.source_id, d.published_value, d.sort_date, 0 AS score
             FROM documents d INDEXED BY documents_recent ${where} ORDER BY d.sort_date DESC, d.id LIMIT ?`,
      )
        .raw()
        .all(...active.flatMap((f) => f.params), window + 1) as [
        number | null,
        string,
        string,
        string | null,
        string,
        number,
      ][];
      const set = rows.map(([ftsRowid, id, sourceId, publishedValue, sortDate, score]) => ({
        ftsRowid,
        id,
        sourceId,
        sourceName: sourceName(sourceId),
        publishedValue,
        sortDate,
        score,
      }));
      sets.set(key, set);
      return set;
    };
    const matched = candidates('match', 'source', 'entity', 'from', 'to');
    const totalIsLowerBound = matched.length > window;
    const offset = query.offset ?? 0;
    const page = bestFirst(matched.slice(0, window)).slice(offset, offset + (query.limit ?? 20));
    // Snippets and titles for the page's rows alone, each found by its FTS rowid: CROSS JOIN keeps the page's rowids
    // the outer loop (else SQLite walks every match of the query and looks each up in the page).
    const pageRows = (
      match
        ? this.prepare(
            `SELECT d.id, d.title, d.url, d.published_precision, d.published_origin, d.published_evidence,
               snippet(documents_fts, 2, ?, ?, '…', 40) AS marked_snippet, highlight(documents_fts, 1, ?, ?) AS marked_title
             FROM json_each(?) j CROSS JOIN documents_fts ON documents_fts.rowid = j.value
               JOIN documents d ON d.id = documents_fts.document_id
             WHERE documents_fts MATCH ?`,
          ).all(MARK_START, MARK_END, MARK_START, MARK_END, JSON.stringify(page.map((c) => c.ftsRowid)), match)
        : this.prepare(
            `SELECT d.id, d.title, d.url, d.published_precision, d.published_origin, d.published_evidence,
               d.title AS marked_title,
               substr(d.text, 1, 280) || CASE WHEN length(d.text) > 280 THEN '…' ELSE '' END AS marked_snippet
             FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))`,
          ).all(JSON.stringify(page.map((c) => c.id)))
    ) as MarkedRow[];
    const hits = pageHits(page, pageRows);
    // Each facet leaves its own filter out, and is counted among at most `window` matches as well.
    const bounded = (set: Candidate[]) => set.slice(0, window);
    const sample = entitySample(
      bounded(candidates('match', 'source', 'from', 'to')),
      query.entitySample ?? ENTITY_SAMPLE,
    );
    // Counted on the (document, entity) key alone; each entity's name and type are read once, after grouping.
    const entities = (
      this.prepare(
        `SELECT x.id, e.name, e.type, x.count
        FROM (SELECT de.entity_id AS id, count(*) AS count, min(de.document_id) AS first
              FROM json_each(?) j JOIN document_entities de ON de.document_id = j.value GROUP BY de.entity_id) x
        JOIN document_entities e ON e.document_id = x.first AND e.entity_id = x.id
        ORDER BY x.count DESC, e.name LIMIT ?`,
      ).all(JSON.stringify(sample.ids), 20) as { id: string; name: string; type: string; count: number }[]
    ).map((e) => ({ ...e, count: e.count * sample.step }));
    return {
      total: Math.min(matched.length, window),
      totalIsLowerBound,
      window,
      hits,
      facets: {
        sources: sourceFacet(bounded(candidates('match', 'entity', 'from', 'to'))),
        days: dayFacet(bounded(candidates('match', 'source', 'entity'))),
        entities,
        ...(sample.step > 1 ? { entitiesSample: { step: sample.step } } : {}),
      },
    };
  }

  async versionsOf(url: string): Promise<DocumentVersion[]> {
    return this.prepare(
      'SELECT url, version, document_id, seen_at FROM document_versions WHERE url = ? ORDER BY version',
    )
      .all(url)
      .map((r) => {
        const row = r as { url: string; version: number; document_id: string; seen_at: string };
        return { url: row.url, version: row.version, documentId: row.document_id, seenAt: row.seen_at };
      });
  }

  async getSource(id: string): Promise<Source | null> {
    return (this.prepare('SELECT id, name, kind, url FROM sources WHERE id = ?').get(id) as Source | undefined) ?? null;
  }

  async paragraphsBySource(sourceId: string, limit = 200): Promise<{ location: string; lines: string[] }[]> {
    return this.prepare(
      'SELECT raw_location, removed_json, text FROM documents WHERE source_id = ? ORDER BY ingested_at DESC LIMIT ?',
    )
      .all(sourceId, limit)
      .map((r) => {
        const row = r as { raw_location: string; removed_json: string; text: string };
        // Recurring lines are learned from everything the document had, removed lines included.
        const removed = (JSON.parse(row.removed_json) as { text: string }[]).map((x) => x.text);
        return { location: row.raw_location, lines: [...row.text.split('\n\n'), ...removed] };
      });
  }

  async putAnalysis(documentId: string, analysis: Analysis): Promise<void> {
    this.db.transaction(() => {
      this.prepare(
        `INSERT INTO analyses (document_id, analysis_json, analysed_at) VALUES (?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET analysis_json = excluded.analysis_json, analysed_at = excluded.analysed_at`,
      ).run(documentId, JSON.stringify(analysis), new Date().toISOString());
      // The entities of each document, kept apart for the search facet and filter.
      this.prepare('DELETE FROM document_entities WHERE document_id = ?').run(documentId);
      const insert = this.prepare(
        'INSERT OR IGNORE INTO document_entities (document_id, entity_id, name, type, mentions) VALUES (?, ?, ?, ?, ?)',
      );
      for (const entity of analysis.entities ?? []) {
        insert.run(documentId, entity.id, entity.name, entity.type, entity.mentions.length);
      }
    })();
  }

  async getAnalysis(documentId: string): Promise<Analysis | null> {
    const row = this.prepare('SELECT analysis_json FROM analyses WHERE document_id = ?').get(documentId) as
      | { analysis_json: string }
      | undefined;
    return row ? (JSON.parse(row.analysis_json) as Analysis) : null;
  }

  async putObservation(observation: Observation): Promise<PutResult> {
    const result = this.prepare(
      'INSERT INTO observations (id, story_id, observation_json, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    ).run(observation.id, observation.storyId ?? null, JSON.stringify(observation), observation.createdAt);
    return result.changes ? { status: 'added', id: observation.id } : { status: 'unchanged', id: observation.id };
  }

  async getObservation(id: string): Promise<Observation | null> {
    const row = this.prepare('SELECT observation_json FROM observations WHERE id = ?').get(id) as
      | { observation_json: string }
      | undefined;
    return row ? (JSON.parse(row.observation_json) as Observation) : null;
  }

  async listObservations(): Promise<Observation[]> {
    return this.prepare('SELECT observation_json FROM observations ORDER BY created_at, id')
      .all()
      .map((r) => JSON.parse((r as { observation_json: string }).observation_json) as Observation);
  }

  async linkObservation(id: string, storyId: string): Promise<void> {
    const observation = await this.getObservation(id);
    if (!observation) return;
    this.prepare('UPDATE observations SET story_id = ?, observation_json = ? WHERE id = ?').run(
      storyId,
      JSON.stringify({ ...observation, storyId }),
      id,
    );
  }

  async getFetchState(url: string): Promise<FetchState | null> {
    const row = this.prepare('SELECT url, etag, last_modified, fetched_at FROM fetch_state WHERE url = ?').get(url) as
      | { url: string; etag: string | null; last_modified: string | null; fetched_at: string }
      | undefined;
    return row ? { url: row.url, etag: row.etag, lastModified: row.last_modified, fetchedAt: row.fetched_at } : null;
  }

  async putFetchState(state: FetchState): Promise<void> {
    this.prepare(
      `INSERT INTO fetch_state (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at`,
    ).run(state.url, state.etag, state.lastModified, state.fetchedAt);
  }

  async loadClusterSnapshot(options: { all?: boolean } = {}): Promise<ClusterSnapshot | null> {
    return this.db.transaction(() => {
      const state = new Map(
        this.prepare('SELECT key, value_json FROM cluster_state')
          .all()
          .map((r) => [(r as { key: string }).key, JSON.parse((r as { value_json: string }).value_json)]),
      );
      if (!state.has('params')) return null;
      // The active window only (every document with `all`); relations with at least one end in it.
      const docs = this.prepare(
        `SELECT story_id, fingerprint_json, membership_json FROM cluster_docs ${options.all ? '' : 'WHERE active = 1'}
          ORDER BY arrival`,
      ).all() as Array<{ story_id: string; fingerprint_json: string; membership_json: string }>;
      const relations = this.prepare(
        `SELECT r.relation_json FROM cluster_docs c JOIN cluster_relations r ON r.a = c.document_id
          WHERE c.active = 1
         UNION SELECT r.relation_json FROM cluster_docs c JOIN cluster_relations r ON r.b = c.document_id
          WHERE c.active = 1`,
      ).all() as Array<{ relation_json: string }>;
      const counts = this.prepare('SELECT key, n FROM cluster_df').all() as Array<{ key: string; n: number }>;
      return clusterSnapshotFrom(state, docs, relations, counts);
    })();
  }

  async loadArchivedStories(bands: number[], exactKeys: string[], storyIds: string[] = []): Promise<ArchivedStories> {
    if (bands.length === 0 && exactKeys.length === 0 && storyIds.length === 0) return { docs: [], relations: [] };
    return this.db.transaction(() => {
      // Two steps, each in a forced join order (the keys, then the band index, then the document): left to itself
      // the planner walked every archived document and scanned the band table for each, quadratic in the stream.
      const wanted = this.prepare(
        `SELECT c.story_id AS id FROM json_each(?) j
           CROSS JOIN cluster_bands b ON b.band = j.value
           CROSS JOIN cluster_docs c ON c.document_id = b.document_id
          WHERE +c.active = 0
         UNION SELECT c.story_id FROM json_each(?) j CROSS JOIN cluster_docs c ON c.exact_key = j.value
          WHERE +c.active = 0
         UNION SELECT value FROM json_each(?)`,
      )
        .all(JSON.stringify(bands), JSON.stringify(exactKeys), JSON.stringify(storyIds))
        .map((r) => (r as { id: string }).id);
      if (wanted.length === 0) return { docs: [], relations: [] };
      const docs = (
        this.prepare(
          `SELECT document_id, story_id, fingerprint_json, membership_json, arrival FROM cluster_docs
            WHERE story_id IN (SELECT value FROM json_each(?)) AND +active = 0`,
        ).all(JSON.stringify(wanted)) as Array<{
          document_id: string;
          story_id: string;
          fingerprint_json: string;
          membership_json: string;
          arrival: number;
        }>
      ).sort((x, y) => x.arrival - y.arrival);
      if (docs.length === 0) return { docs: [], relations: [] };
      const ids = JSON.stringify(docs.map((d) => d.document_id));
      const relations = this.prepare(
        `SELECT relation_json FROM cluster_relations WHERE a IN (SELECT value FROM json_each(?))
         UNION SELECT relation_json FROM cluster_relations WHERE b IN (SELECT value FROM json_each(?))`,
      )
        .all(ids, ids)
        .map((r) => JSON.parse((r as { relation_json: string }).relation_json) as Relation);
      return { docs: clusterDocsFrom(docs), relations };
    })();
  }

  async saveClusterSnapshot(
    snapshot: ClusterSnapshot,
    stories: StoryView[],
    changed?: ClusterChanges,
    options: ClusterSaveOptions = {},
  ) {
    const now = new Date().toISOString();
    const w = clusterWrites(snapshot, stories, changed);
    // IMMEDIATE: the write lock is taken before the revision is read, so no other process saves in between.
    this.db
      .transaction(() => {
        if (options.expectRevision !== undefined) {
          const found = this.clusterRevisionNow();
          if (found !== options.expectRevision) throw new ClusterStateChanged(options.expectRevision, found);
        }
        if (w.full)
          for (const table of ['cluster_docs', 'cluster_relations', 'cluster_bands', 'cluster_df', 'stories'])
            this.prepare(`DELETE FROM ${table}`).run();
        const putDoc = this.prepare(
          `INSERT INTO cluster_docs (document_id, arrival, story_id, fingerprint_json, membership_json, active, exact_key)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET arrival = excluded.arrival, story_id = excluded.story_id,
           fingerprint_json = excluded.fingerprint_json, membership_json = excluded.membership_json,
           active = excluded.active, exact_key = excluded.exact_key`,
        );
        for (const row of w.docs) putDoc.run(...row);
        const activate = this.prepare('UPDATE cluster_docs SET active = 1 WHERE document_id = ?');
        for (const id of w.activate) activate.run(id);
        // The exact key is written with the row; rows from before it (NULL) get it here. Setting it in every
        // deactivation moved its entry in the (random-order) exact-key index: two more pages written per document.
        const deactivate = this.prepare('UPDATE cluster_docs SET active = 0 WHERE document_id = ?');
        const keyed = this.prepare('UPDATE cluster_docs SET exact_key = ? WHERE document_id = ? AND exact_key IS NULL');
        for (const [id, exact] of w.deactivate) {
          deactivate.run(id);
          keyed.run(exact, id);
        }
        const putBand = this.prepare(
          'INSERT INTO cluster_bands (band, document_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
        );
        for (const row of w.bands) putBand.run(...row);
        const putRelation = this.prepare(
          'INSERT INTO cluster_relations (a, b, type, relation_json) VALUES (?, ?, ?, ?) ON CONFLICT (a, b, type) DO NOTHING',
        );
        for (const row of w.relations) putRelation.run(...row);
        const putState = this.prepare(
          'INSERT INTO cluster_state (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
        );
        for (const row of w.state) putState.run(...row);
        const putCount = this.prepare(
          'INSERT INTO cluster_df (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = excluded.n',
        );
        for (const row of w.frequencies) putCount.run(...row);
        const dropCount = this.prepare('DELETE FROM cluster_df WHERE key = ?');
        for (const key of w.dropFrequencies) dropCount.run(key);
        // Every save bumps the state's revision (`Store.clusterRevision`).
        this.prepare(
          `INSERT INTO cluster_state (key, value_json) VALUES ('revision', '1')
         ON CONFLICT (key) DO UPDATE SET value_json = CAST(CAST(value_json AS INTEGER) + 1 AS TEXT)`,
        ).run();
        const deleteStory = this.prepare('DELETE FROM stories WHERE id = ?');
        for (const id of w.deleteStories) deleteStory.run(id);
        const putStory = this.prepare(
          `INSERT INTO stories (id, title, title_doc_id, first_seen, last_seen, size, sources_json, doc_ids_json, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, title_doc_id = excluded.title_doc_id,
           first_seen = excluded.first_seen, last_seen = excluded.last_seen, size = excluded.size,
           sources_json = excluded.sources_json, doc_ids_json = excluded.doc_ids_json, updated_at = excluded.updated_at`,
        );
        for (const story of w.stories) putStory.run(...storyRowValues(story, now));
      })
      .immediate();
  }

  async relationsAmong(documentIds: string[]): Promise<Relation[]> {
    const ids = JSON.stringify(documentIds);
    // `+b`: the key is walked by `a` alone and `b` checked in the list (a Bloom filter), not looked up for every
    // (a, b) pair — n² probes on a story of hundreds of documents (11 ms instead of 1 ms at 238).
    return this.prepare(
      `SELECT relation_json FROM cluster_relations
        WHERE a IN (SELECT value FROM json_each(?)) AND +b IN (SELECT value FROM json_each(?)) ORDER BY a, b, type`,
    )
      .all(ids, ids)
      .map((r) => JSON.parse((r as { relation_json: string }).relation_json) as Relation);
  }

  async countRelationsAmong(documentIds: string[]): Promise<Record<string, number>> {
    const ids = JSON.stringify(documentIds);
    const rows = this.prepare(
      `SELECT type, count(*) AS n FROM cluster_relations
        WHERE a IN (SELECT value FROM json_each(?)) AND +b IN (SELECT value FROM json_each(?)) GROUP BY type ORDER BY type`,
    ).all(ids, ids) as { type: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  async clusterRevision(): Promise<number> {
    return this.clusterRevisionNow();
  }

  private clusterRevisionNow(): number {
    const row = this.prepare("SELECT value_json FROM cluster_state WHERE key = 'revision'").get() as
      | { value_json: string }
      | undefined;
    return row ? Number(row.value_json) : 0;
  }

  async unclusteredDocumentIds(among?: string[]): Promise<string[]> {
    if (among) {
      const placed = this.prepare('SELECT 1 FROM cluster_docs WHERE document_id = ?');
      const stored = this.prepare('SELECT 1 FROM documents WHERE id = ?');
      return among.filter((id) => stored.get(id) && !placed.get(id));
    }
    return this.prepare(
      'SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM cluster_docs c WHERE c.document_id = d.id) ORDER BY sort_date, id',
    )
      .all()
      .map((r) => (r as { id: string }).id);
  }

  async listStories(query: StoryQuery = {}): Promise<StoryView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.since) {
      where.push('COALESCE(last_seen, updated_at) >= ?');
      params.push(query.since);
    }
    if (query.until) {
      where.push('substr(COALESCE(first_seen, updated_at), 1, length(?)) <= ?');
      params.push(query.until, query.until);
    }
    if (query.sourceId) {
      where.push('EXISTS (SELECT 1 FROM json_each(stories.sources_json) WHERE value = ?)');
      params.push(query.sourceId);
    }
    if (query.entityId) {
      where.push(`id IN (SELECT c.story_id FROM document_entities de JOIN cluster_docs c ON c.document_id = de.document_id
        WHERE de.entity_id = ?)`);
      params.push(query.entityId);
    }
    return this.prepare(
      `SELECT * FROM stories ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY COALESCE(last_seen, updated_at) DESC, size DESC, id LIMIT ? OFFSET ?`,
    )
      .all(...params, Math.min(query.limit ?? 1000, Number.MAX_SAFE_INTEGER), query.offset ?? 0)
      .map((r) => storyFromRow(r as StoryRow));
  }

  async getStoryBrief(storyId: string): Promise<StoryBrief | null> {
    const row = this.prepare('SELECT * FROM story_briefs WHERE story_id = ?').get(storyId) as StoryBriefRow | undefined;
    return row ? storyBriefFromRow(row) : null;
  }

  async putStoryBrief(brief: StoryBrief): Promise<void> {
    this.prepare(
      `INSERT INTO story_briefs (story_id, signature, brief_json, summary_json, computed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (story_id) DO UPDATE SET signature = excluded.signature, brief_json = excluded.brief_json,
           summary_json = excluded.summary_json, computed_at = excluded.computed_at`,
    ).run(brief.storyId, brief.signature, JSON.stringify(brief.brief), JSON.stringify(brief.summary), brief.computedAt);
  }

  async storyBriefSummaries(storyIds: string[]) {
    const rows = this.prepare(
      'SELECT story_id, signature, summary_json FROM story_briefs WHERE story_id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(storyIds)) as Omit<StoryBriefRow, 'brief_json' | 'computed_at'>[];
    return new Map(
      rows.map((r) => [
        r.story_id,
        { signature: r.signature, summary: JSON.parse(r.summary_json) as StoryBriefSummary },
      ]),
    );
  }

  async getStory(id: string): Promise<StoryView | null> {
    const row = this.prepare('SELECT * FROM stories WHERE id = ?').get(id) as StoryRow | undefined;
    return row ? storyFromRow(row) : null;
  }

  async addAuditEntry(entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
    const id = randomUUID();
    this.prepare(
      'INSERT INTO story_audit (id, at, analyst, action, story_id, detail_json) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(id, entry.at, entry.analyst, entry.action, entry.storyId, JSON.stringify(entry.detail));
    return { id, ...entry };
  }

  async listAudit(storyId?: string): Promise<AuditEntry[]> {
    const rows = storyId
      ? this.prepare('SELECT * FROM story_audit WHERE story_id = ? ORDER BY at, id').all(storyId)
      : this.prepare('SELECT * FROM story_audit ORDER BY at, id').all();
    return rows.map((r) => {
      const row = r as {
        id: string;
        at: string;
        analyst: string;
        action: string;
        story_id: string | null;
        detail_json: string;
      };
      return {
        id: row.id,
        at: row.at,
        analyst: row.analyst,
        action: row.action as AuditEntry['action'],
        storyId: row.story_id,
        detail: JSON.parse(row.detail_json),
      };
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Watch list, alerts, digest state (`watch.ts`)

  async addWatchSource(source: { url: string; name: string | null; everySeconds: number; now: string }) {
    this.prepare(
      `INSERT INTO watch_sources (url, name, every_seconds, added_at, next_due_at) VALUES (@url, @name, @everySeconds, @now, @now)
         ON CONFLICT (url) DO UPDATE SET name = COALESCE(excluded.name, watch_sources.name), every_seconds = excluded.every_seconds`,
    ).run(source);
    return watchSourceFromRow(this.prepare('SELECT * FROM watch_sources WHERE url = ?').get(source.url) as WatchRow);
  }

  async listWatchSources(): Promise<WatchSource[]> {
    return this.prepare('SELECT * FROM watch_sources ORDER BY id')
      .all()
      .map((r) => watchSourceFromRow(r as WatchRow));
  }

  async dueWatchSources(now: string, limit: number): Promise<WatchSource[]> {
    return this.prepare('SELECT * FROM watch_sources WHERE next_due_at <= ? ORDER BY next_due_at, id LIMIT ?')
      .all(now, limit)
      .map((r) => watchSourceFromRow(r as WatchRow));
  }

  async removeWatchSource(idOrUrl: string): Promise<boolean> {
    const byId = /^\d+$/.test(idOrUrl);
    return (
      this.prepare(`DELETE FROM watch_sources WHERE ${byId ? 'id' : 'url'} = ?`).run(byId ? Number(idOrUrl) : idOrUrl)
        .changes > 0
    );
  }

  async recordPoll(id: number, outcome: PollOutcome): Promise<void> {
    this.prepare(
      `UPDATE watch_sources SET last_polled_at = @polledAt, next_due_at = @nextDueAt, last_status = @status,
         last_error = @error, failures = @failures, last_new_items = @newItems,
         total_new_items = total_new_items + @newItems WHERE id = @id`,
    ).run({ ...outcome, id });
  }

  async addAlertRule(rule: Omit<AlertRule, 'id'>): Promise<AlertRule> {
    const { lastInsertRowid } = this.prepare(
      'INSERT INTO alert_rules (entity, keyword, story_id, webhook, created_at) VALUES (@entity, @keyword, @storyId, @webhook, @createdAt)',
    ).run(rule);
    return { id: Number(lastInsertRowid), ...rule };
  }

  async listAlertRules(): Promise<AlertRule[]> {
    return this.prepare('SELECT * FROM alert_rules ORDER BY id')
      .all()
      .map((r) => {
        const row = r as {
          id: number;
          entity: string | null;
          keyword: string | null;
          story_id: string | null;
          webhook: string | null;
          created_at: string;
        };
        return {
          id: row.id,
          entity: row.entity,
          keyword: row.keyword,
          storyId: row.story_id,
          webhook: row.webhook,
          createdAt: row.created_at,
        };
      });
  }

  async removeAlertRule(id: number): Promise<boolean> {
    return this.db.transaction(() => {
      this.prepare('DELETE FROM alert_matches WHERE rule_id = ?').run(id);
      return this.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
    })();
  }

  async putAlertMatch(match: Omit<AlertMatch, 'id' | 'title' | 'url' | 'webhookStatus' | 'webhookError'>) {
    return (
      this.prepare(
        `INSERT INTO alert_matches (rule_id, document_id, matched_at, reasons_json) VALUES (?, ?, ?, ?)
           ON CONFLICT (rule_id, document_id) DO NOTHING`,
      ).run(match.ruleId, match.documentId, match.matchedAt, JSON.stringify(match.reasons)).changes > 0
    );
  }

  async recordWebhook(ruleId: number, documentId: string, status: 'sent' | 'failed', error: string | null) {
    this.prepare(
      'UPDATE alert_matches SET webhook_status = ?, webhook_error = ? WHERE rule_id = ? AND document_id = ?',
    ).run(status, error, ruleId, documentId);
  }

  async listAlertMatches(query: { since?: string; ruleId?: number; limit?: number } = {}): Promise<AlertMatch[]> {
    return this.prepare(
      `SELECT m.*, d.title, d.url FROM alert_matches m JOIN documents d ON d.id = m.document_id
         WHERE m.matched_at > COALESCE(@since, '') AND (@ruleId IS NULL OR m.rule_id = @ruleId)
         ORDER BY m.matched_at DESC, m.id DESC LIMIT @limit`,
    )
      .all({ since: query.since ?? null, ruleId: query.ruleId ?? null, limit: query.limit ?? 1000 })
      .map((r) => {
        const row = r as {
          id: number;
          rule_id: number;
          document_id: string;
          title: string;
          url: string | null;
          matched_at: string;
          reasons_json: string;
          webhook_status: string | null;
          webhook_error: string | null;
        };
        return {
          id: row.id,
          ruleId: row.rule_id,
          documentId: row.document_id,
          title: row.title,
          url: row.url,
          matchedAt: row.matched_at,
          reasons: JSON.parse(row.reasons_json) as string[],
          webhookStatus: row.webhook_status as AlertMatch['webhookStatus'],
          webhookError: row.webhook_error,
        };
      });
  }

  async storyOfDocument(documentId: string): Promise<{ id: string; title: string } | null> {
    return (
      (this.prepare(
        `SELECT c.story_id AS id, COALESCE(s.title, c.story_id) AS title
           FROM cluster_docs c LEFT JOIN stories s ON s.id = c.story_id WHERE c.document_id = ?`,
      ).get(documentId) as { id: string; title: string } | undefined) ?? null
    );
  }

  async documentsIngestedBetween(after: string, upTo: string): Promise<DocumentSummary[]> {
    return this.prepare(
      `SELECT d.id, d.title, d.url, d.source_id, s.name AS source_name, d.published_value,
          d.published_precision, d.published_origin, d.published_evidence, d.language, d.ingested_at,
          length(d.text) AS chars
        FROM documents d JOIN sources s ON s.id = d.source_id
        WHERE d.ingested_at > ? AND d.ingested_at <= ? ORDER BY d.ingested_at, d.id`,
    )
      .all(after, upTo)
      .map((row) => summaryFromRow(row as DocumentRow & { chars: number }));
  }

  async getDigestState(name: string): Promise<DigestState | null> {
    const row = this.prepare('SELECT * FROM digest_state WHERE name = ?').get(name) as
      | { name: string; watermark: string; snapshot_json: string; last_sent_day: string | null; updated_at: string }
      | undefined;
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
    this.prepare(
      `INSERT INTO digest_state (name, watermark, snapshot_json, last_sent_day, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET watermark = excluded.watermark, snapshot_json = excluded.snapshot_json,
           last_sent_day = excluded.last_sent_day, updated_at = excluded.updated_at`,
    ).run(state.name, state.watermark, JSON.stringify(state.snapshot), state.lastSentDay, state.updatedAt);
  }

  /** Prepared statements are cached: preparing costs more than running most of these queries. */
  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
