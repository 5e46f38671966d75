/**
 * The OpenAPI 3.1 description of the API, served at /api/openapi.json. Written by hand next to the route table;
 * `openapi.test.ts` fails when a route is missing here or a path here has no route.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Error${s}` }]));
const query = (name: string, description: string, schema: object = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'document id (16 hex digits; a unique prefix is enough)',
  schema: { type: 'string', pattern: '^[0-9a-fA-F]{1,16}$' },
};
const storyParam = { name: 'id', in: 'path', required: true, description: 'story id', schema: { type: 'string' } };
const isoDate = { type: 'string', description: 'ISO 8601 date or date-time, e.g. 2024-03-11' };
const paging = (max: number, fallback: number) => [
  query('limit', `at most this many (1..${max}, default ${fallback})`, { type: 'integer', minimum: 1, maximum: max }),
  query('offset', 'skip this many', { type: 'integer', minimum: 0 }),
];

const span = {
  type: 'object',
  required: ['start', 'end'],
  properties: { start: { type: 'integer' }, end: { type: 'integer' } },
};
const publishedAt = {
  type: 'object',
  required: ['value', 'precision', 'origin'],
  properties: {
    value: { type: ['string', 'null'], description: 'ISO 8601 truncated to the precision' },
    precision: { type: ['string', 'null'], enum: ['year', 'month', 'week', 'day', 'hour', 'minute', 'second', null] },
    origin: { type: 'string', enum: ['stated', 'metadata', 'inferred', 'unknown'] },
    evidence: { type: 'string' },
  },
};
const sourceRef = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'string' }, name: { type: 'string' } },
};

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Triangulate API',
    version: '0.1.0',
    description:
      'Documents, full-text search, observations and ingest of one Triangulate database. Errors are always ' +
      '`{"error": {"code", "message"}}`. Requests that change something need `Content-Type: application/json` and ' +
      'must not be cross-site. When the server runs with a token, every request needs `Authorization: Bearer TOKEN`.',
  },
  components: {
    securitySchemes: { token: { type: 'http', scheme: 'bearer', description: 'only when the server has a token' } },
    responses: Object.fromEntries(
      [
        [400, 'bad input (a parameter or the body)'],
        [401, 'a token is required or wrong'],
        [403, 'cross-site request, or a non-loopback Host without a token'],
        [404, 'not found'],
        [413, 'the body is too large'],
        [415, 'the body is not application/json'],
      ].map(([status, description]) => [`Error${status}`, json(ref('Error'), String(description))]),
    ),
    schemas: {
      PlaceFact: {
        type: 'object',
        properties: { id: { type: 'string' }, statement: { type: 'string' }, status: { type: 'string' } },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: {
                type: 'string',
                enum: [
                  'bad-request',
                  'unauthorized',
                  'forbidden',
                  'not-found',
                  'method-not-allowed',
                  'payload-too-large',
                  'unsupported-media-type',
                  'internal',
                ],
              },
              message: { type: 'string' },
            },
          },
        },
      },
      Span: span,
      PublishedAt: publishedAt,
      DocumentSummary: {
        type: 'object',
        required: ['id', 'title', 'url', 'source', 'publishedAt', 'language', 'ingestedAt', 'chars'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          url: { type: ['string', 'null'] },
          source: sourceRef,
          publishedAt: ref('PublishedAt'),
          language: { type: 'string' },
          ingestedAt: { type: 'string' },
          chars: { type: 'integer' },
        },
      },
      Document: {
        type: 'object',
        description: 'The document model (src/model.ts): clean text, paragraphs as spans, removed boilerplate.',
        required: ['id', 'title', 'source', 'publishedAt', 'text', 'paragraphs', 'removed', 'raw'],
        properties: {
          id: { type: 'string' },
          url: { type: ['string', 'null'] },
          source: {
            type: 'object',
            properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
          },
          title: { type: 'string' },
          byline: { type: ['string', 'null'] },
          publishedAt: ref('PublishedAt'),
          language: { type: 'string' },
          text: { type: 'string' },
          paragraphs: { type: 'array', items: ref('Span') },
          removed: {
            type: 'array',
            items: {
              type: 'object',
              required: ['text', 'reason', 'rule'],
              properties: { text: { type: 'string' }, reason: { type: 'string' }, rule: { type: 'string' } },
            },
          },
          raw: {
            type: 'object',
            properties: {
              location: { type: 'string' },
              format: { type: 'string' },
              mediaType: { type: ['string', 'null'] },
              content: { type: 'string', description: 'only with ?raw=1' },
            },
          },
          ingestedAt: { type: 'string' },
        },
      },
      Version: {
        type: 'object',
        required: ['url', 'documentId', 'version', 'seenAt'],
        properties: {
          url: { type: 'string' },
          documentId: { type: 'string' },
          version: { type: 'integer' },
          seenAt: { type: 'string' },
        },
      },
      Analysis: {
        type: 'object',
        description: 'Sentences, entities, dates, quantities and claims as spans of the clean text (src/model.ts).',
        properties: {
          sentences: { type: 'array', items: ref('Span') },
          entities: { type: 'array', items: { type: 'object' } },
          dates: { type: 'array', items: { type: 'object' } },
          quantities: { type: 'array', items: { type: 'object' } },
          claims: { type: 'array', items: { type: 'object' } },
        },
      },
      SearchResult: {
        type: 'object',
        required: ['total', 'totalIsLowerBound', 'window', 'hits', 'facets'],
        description:
          'A query is weighed among at most `window` matches, the most recently stored: the hits are the best of ' +
          'those and the facets count those (each facet leaving its own filter out). A query matching more says so ' +
          'with `totalIsLowerBound`; a narrower query or a date range weighs the rest.',
        properties: {
          total: { type: 'integer', description: 'matching documents; at least this many when totalIsLowerBound' },
          totalIsLowerBound: {
            type: 'boolean',
            description: 'true when more than `window` documents match (total is then `window`)',
          },
          window: { type: 'integer', description: 'the most matches a query weighs (5,000)' },
          hits: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'documentId',
                'title',
                'source',
                'publishedAt',
                'snippet',
                'highlights',
                'titleHighlights',
                'score',
              ],
              properties: {
                documentId: { type: 'string' },
                title: { type: 'string' },
                url: { type: ['string', 'null'] },
                source: sourceRef,
                publishedAt: ref('PublishedAt'),
                snippet: { type: 'string', description: 'plain text, never markup; … where cut' },
                highlights: { type: 'array', items: ref('Span'), description: 'matched words, offsets into snippet' },
                titleHighlights: { type: 'array', items: ref('Span'), description: 'offsets into title' },
                score: { type: 'number', description: 'higher is better (negated BM25); 0 without a query' },
              },
            },
          },
          facets: {
            type: 'object',
            properties: {
              sources: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: { type: 'string' }, name: { type: 'string' }, count: { type: 'integer' } },
                },
              },
              days: {
                type: 'array',
                items: { type: 'object', properties: { date: { type: 'string' }, count: { type: 'integer' } } },
              },
              entities: {
                type: 'array',
                description: 'the 20 entities most matching documents name',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    name: { type: 'string' },
                    type: { type: 'string', enum: ['person', 'organisation', 'place', 'other'] },
                    count: { type: 'integer' },
                  },
                },
              },
              entitiesSample: {
                type: 'object',
                description:
                  'present when a broad query had its entities counted on about one weighed match in `step` and ' +
                  'scaled by `step` (their counts are estimates); sources and days count every weighed match',
                properties: { step: { type: 'integer', minimum: 2 } },
              },
            },
          },
        },
      },
      Observation: {
        type: 'object',
        required: ['id', 'place', 'description', 'analyst', 'createdAt'],
        properties: {
          id: { type: 'string' },
          place: { type: 'string' },
          lat: { type: 'number', minimum: -90, maximum: 90 },
          lon: { type: 'number', minimum: -180, maximum: 180 },
          observedAt: isoDate,
          observedFrom: isoDate,
          observedTo: isoDate,
          description: { type: 'string' },
          imageRef: { type: 'string' },
          imageSha256: { type: 'string' },
          analyst: { type: 'string' },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
          storyId: { type: 'string' },
          createdAt: { type: 'string' },
        },
      },
      NewObservation: {
        type: 'object',
        description: 'An observation without id and createdAt; give observedAt, or observedFrom and observedTo.',
        required: ['place', 'description', 'analyst'],
        properties: {
          place: { type: 'string' },
          lat: { type: 'number' },
          lon: { type: 'number' },
          observedAt: isoDate,
          observedFrom: isoDate,
          observedTo: isoDate,
          description: { type: 'string' },
          analyst: { type: 'string' },
          confidence: { type: 'number' },
          imageRef: { type: 'string' },
          storyId: { type: 'string' },
        },
      },
      StorySummary: {
        type: 'object',
        required: ['id', 'title', 'size', 'firstSeen', 'lastSeen', 'sources'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string', description: 'headline of the member closest to the story centroid' },
          size: { type: 'integer', description: 'number of documents' },
          firstSeen: { type: ['string', 'null'] },
          lastSeen: { type: ['string', 'null'] },
          sources: { type: 'array', items: { type: 'string' } },
        },
      },
      Story: {
        description: 'A story with its documents, the relations between them and the analyst actions on it.',
        allOf: [
          ref('StorySummary'),
          {
            type: 'object',
            properties: {
              documents: {
                type: 'array',
                description:
                  'GET /api/stories/{id}: one page of the story documents, oldest first (see documentsPage); ' +
                  'merge and split: all of them',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    title: { type: 'string' },
                    source: { type: 'string' },
                    publishedAt: ref('PublishedAt'),
                    url: { type: ['string', 'null'] },
                  },
                },
              },
              documentsPage: {
                type: 'object',
                description: 'GET /api/stories/{id} only: which page of the documents this is',
                required: ['offset', 'limit', 'total', 'nextOffset'],
                properties: {
                  offset: { type: 'integer' },
                  limit: { type: 'integer' },
                  total: { type: 'integer', description: 'documents in the story' },
                  nextOffset: { type: ['integer', 'null'], description: 'offset of the next page; null on the last' },
                },
              },
              relationCounts: {
                type: 'object',
                description:
                  'GET /api/stories/{id} only: how many relations of each type (duplicate, near-duplicate, rewrite, ' +
                  'same-story) join two documents of the whole story',
                additionalProperties: { type: 'integer' },
              },
              relations: {
                type: 'array',
                description:
                  'GET /api/stories/{id}: the relations among the documents of the page; merge and split: all',
                items: {
                  type: 'object',
                  description: 'a (later) is a duplicate / near-duplicate / rewrite / same-story of b',
                  properties: {
                    type: { type: 'string' },
                    a: { type: 'string' },
                    b: { type: 'string' },
                    score: { type: 'number' },
                  },
                },
              },
              audit: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'string' },
                    at: { type: 'string' },
                    analyst: { type: 'string' },
                    action: { type: 'string', enum: ['merge', 'split', 'recluster'] },
                    storyId: { type: ['string', 'null'] },
                    detail: { type: 'object' },
                  },
                },
              },
            },
          },
        ],
      },
      IngestReport: {
        type: 'object',
        required: ['items', 'counts'],
        properties: {
          items: {
            type: 'array',
            items: {
              type: 'object',
              required: ['input', 'kind', 'status'],
              properties: {
                input: { type: 'string' },
                kind: { type: 'string', enum: ['document', 'observation'] },
                status: { type: 'string', enum: ['added', 'unchanged', 'new-version', 'failed'] },
                id: { type: 'string' },
                title: { type: 'string' },
                version: { type: 'integer' },
                previousId: { type: 'string' },
                error: { type: 'string' },
              },
            },
          },
          counts: {
            type: 'object',
            properties: {
              added: { type: 'integer' },
              unchanged: { type: 'integer' },
              'new-version': { type: 'integer' },
              failed: { type: 'integer' },
            },
          },
        },
      },
    },
  },
  security: [{}, { token: [] }],
  paths: {
    '/api/openapi.json': {
      get: { summary: 'This document', responses: { 200: json({ type: 'object' }, 'the OpenAPI document') } },
    },
    '/api/status': {
      get: {
        summary: 'Counts of what the database holds',
        responses: {
          200: json(
            { type: 'object', properties: { documents: { type: 'integer' }, observations: { type: 'integer' } } },
            'counts',
          ),
        },
      },
    },
    '/api/documents': {
      get: {
        summary: 'Documents, newest first',
        parameters: [
          query('source', 'only this source id'),
          query('since', 'published (or, when undated, ingested) on or after this date', isoDate),
          ...paging(1000, 50),
        ],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                total: { type: 'integer', description: 'all stored documents' },
                documents: { type: 'array', items: ref('DocumentSummary') },
              },
            },
            'a page of documents',
          ),
          ...errors(400),
        },
      },
    },
    '/api/documents/{id}': {
      get: {
        summary: 'One document with its analysis (null until analysed) and the versions at its URL',
        parameters: [idParam, query('raw', '1 to include the raw input verbatim', { type: 'string', enum: ['1'] })],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                document: ref('Document'),
                analysis: { oneOf: [ref('Analysis'), { type: 'null' }] },
                versions: { type: 'array', items: ref('Version') },
              },
            },
            'the document',
          ),
          ...errors(400, 404),
        },
      },
    },
    '/api/documents/{id}/versions': {
      get: {
        summary: 'Every version of the content seen at the document URL, oldest first',
        parameters: [idParam],
        responses: {
          200: json({ type: 'object', properties: { versions: { type: 'array', items: ref('Version') } } }, 'versions'),
          ...errors(400, 404),
        },
      },
    },
    '/api/search': {
      get: {
        summary: 'Full-text search over titles and texts, best first, with facets',
        description:
          'Words must all match; "quoted phrases" match in order; OR between words; word* for a prefix. Diacritics ' +
          'are ignored. Anything else is taken as plain words, never as an error. Without q, lists newest first. ' +
          'Hits past the window (offset + limit beyond `window`) are not served: narrow the query.',
        parameters: [
          query('q', 'the query'),
          query('source', 'only this source id'),
          query('entity', 'only documents naming this entity id (from the analysis), e.g. place:port-orlan'),
          query('from', 'published on or after', isoDate),
          query('to', 'published on or before (inclusive)', isoDate),
          ...paging(200, 20),
        ],
        responses: { 200: json(ref('SearchResult'), 'hits and facets'), ...errors(400) },
      },
    },
    '/api/observations': {
      get: {
        summary: "The analysts' observations",
        responses: {
          200: json(
            { type: 'object', properties: { observations: { type: 'array', items: ref('Observation') } } },
            'observations',
          ),
        },
      },
      post: {
        summary: 'Add an observation (the same one twice is stored once)',
        requestBody: { required: true, content: { 'application/json': { schema: ref('NewObservation') } } },
        responses: {
          201: json(
            {
              type: 'object',
              properties: { status: { const: 'added' }, observation: ref('Observation') },
            },
            'added',
          ),
          200: json(
            {
              type: 'object',
              properties: { status: { const: 'unchanged' }, observation: ref('Observation') },
            },
            'already stored',
          ),
          ...errors(400, 403, 413, 415),
        },
      },
    },
    '/api/ingest': {
      post: {
        summary: 'Ingest a URL (page or feed) or pasted text through the ingest pipeline',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  {
                    type: 'object',
                    required: ['url'],
                    properties: { url: { type: 'string', format: 'uri' }, source: { type: 'string' } },
                  },
                  {
                    type: 'object',
                    required: ['text'],
                    properties: {
                      text: { type: 'string', description: 'first line is the title; front matter allowed' },
                      name: { type: 'string', description: 'file name it stands for (format hint), pasted.txt' },
                      source: { type: 'string', description: 'outlet name when the text does not say' },
                    },
                  },
                ],
              },
            },
          },
        },
        responses: {
          200: json(
            { type: 'object', properties: { report: ref('IngestReport') } },
            'what was stored; a failed item names the input and the problem',
          ),
          ...errors(400, 403, 413, 415),
        },
      },
    },
    '/api/stories': {
      get: {
        summary: 'Stories, most recently active first, a page at a time',
        parameters: [
          query('since', 'only stories with a document on or after this date', isoDate),
          query('until', 'only stories that began on or before this date (inclusive)', isoDate),
          query('source', 'only stories with a document from this source id'),
          query('entity', 'only stories with a document naming this entity id, e.g. country:KEN'),
          ...paging(500, 50),
        ],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                stories: {
                  type: 'array',
                  items: {
                    allOf: [
                      ref('StorySummary'),
                      {
                        type: 'object',
                        properties: {
                          sourceNames: { type: 'array', items: { type: 'string' }, description: 'names of sources' },
                          counts: {
                            type: ['object', 'null'],
                            description:
                              'from the story brief the server keeps (null until it has fused the story as it is now)',
                            properties: Object.fromEntries(
                              [
                                'origins',
                                'outlets',
                                'corroborated',
                                'singleOrigin',
                                'disputed',
                                'contradicted',
                                'openQuestions',
                              ].map((k) => [k, { type: 'integer' }]),
                            ),
                          },
                        },
                      },
                    ],
                  },
                },
                nextOffset: { type: ['integer', 'null'], description: 'offset of the next page; null on the last' },
              },
            },
            'stories',
          ),
          ...errors(400),
        },
      },
    },
    '/api/stories/{id}': {
      get: {
        summary:
          'One story: a page of its documents, their relations, analyst actions, and the observations linked to it',
        parameters: [storyParam, ...paging(500, 50)],
        responses: {
          200: json(
            {
              type: 'object',
              properties: { story: ref('Story'), observations: { type: 'array', items: ref('Observation') } },
            },
            'the story',
          ),
          ...errors(404),
        },
      },
    },
    '/api/stories/{id}/places': {
      get: {
        summary:
          'The places a story names, located from offline data, and the observations bearing on it (for the map)',
        description:
          'Countries are placed at their representative point (world-countries); other places at the coordinates an ' +
          'analyst gave for an observation there; places neither locates have null lat/lon. Each place and ' +
          'observation lists the facts it bears on (a place: named in a sentence the fact was read from).',
        parameters: [storyParam],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                briefState: {
                  type: 'string',
                  enum: ['current', 'stale', 'pending'],
                  description: 'the brief the facts come from (see the brief; pending: no facts yet)',
                },
                places: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      id: { type: 'string' },
                      name: { type: 'string' },
                      lat: { type: ['number', 'null'] },
                      lon: { type: ['number', 'null'] },
                      basis: { type: ['string', 'null'], enum: ['country', 'observation', null] },
                      mentions: { type: 'integer' },
                      documents: { type: 'integer' },
                      facts: { type: 'array', items: ref('PlaceFact') },
                    },
                  },
                },
                observations: {
                  type: 'array',
                  items: {
                    allOf: [
                      ref('Observation'),
                      {
                        type: 'object',
                        properties: {
                          stance: { type: ['string', 'null'], enum: ['observes', 'contradicts', null] },
                          facts: { type: 'array', items: ref('PlaceFact') },
                        },
                      },
                    ],
                  },
                },
              },
            },
            'places and observations',
          ),
          ...errors(404),
        },
      },
    },
    '/api/stories/{id}/brief': {
      get: {
        summary:
          'The story brief: lead, timeline, facts by status with their sources (as `triangulate brief ID --json`)',
        parameters: [storyParam],
        description:
          'The brief is kept per state of the story and refreshed in the background. A stale brief of a story of ' +
          'up to 40 documents is fused on the request; a larger story is never fused on the request: its kept ' +
          'brief comes back marked `stale` (or none, `pending`) while the server fuses it next — ask again.',
        responses: {
          200: json(
            {
              type: 'object',
              required: ['brief', 'state', 'computedAt'],
              properties: {
                state: {
                  type: 'string',
                  enum: ['current', 'stale', 'pending'],
                  description:
                    'current: of the story as it is now; stale: of an earlier state (being refreshed); pending: none yet',
                },
                computedAt: { type: ['string', 'null'], description: 'when the brief was fused' },
                brief: {
                  type: ['object', 'null'],
                  description:
                    'title, lead, timeline[], corroborated[], singleOrigin[], disputed[], contradicted[], ' +
                    'openQuestions[] (each: factId, statement, status, reason, date, origins, outlets, supportedBy, ' +
                    'deniedBy, variants, sources[] with documentId, outlet, origin, stance, sentence span, text), ' +
                    'origins[], outlets[], inferredDates[], observations[], documents[]',
                },
              },
            },
            'the brief',
          ),
          ...errors(404),
        },
      },
    },
    '/api/stories/merge': {
      post: {
        summary: 'Merge two stories (kept through reclustering; logged with the analyst name)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['a', 'b', 'analyst'],
                properties: { a: { type: 'string' }, b: { type: 'string' }, analyst: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          200: json({ type: 'object', properties: { story: ref('Story') } }, 'the merged story'),
          ...errors(400, 403, 404, 415),
        },
      },
    },
    '/api/stories/{id}/split': {
      post: {
        summary: 'Move documents out of a story into a new one (kept through reclustering; logged)',
        parameters: [storyParam],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['documents', 'analyst'],
                properties: {
                  documents: { type: 'array', items: { type: 'string' }, minItems: 1 },
                  analyst: { type: 'string' },
                },
              },
            },
          },
        },
        responses: {
          200: json({ type: 'object', properties: { story: ref('Story') } }, 'the new story'),
          ...errors(400, 403, 404, 415),
        },
      },
    },
  },
} as const;
