import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MessageRole } from '@kipux/contracts';
import type { DataSource } from 'typeorm';
import { MARK_END, MARK_START } from './snippet';

/** Messages worth embedding and searching: what people wrote and the final answers, once finished. */
const ELIGIBLE = `m.role IN ('user', 'assistant') AND m.status IN ('complete', 'stopped') AND m.content <> ''`;
/** Candidates each ranking contributes to the fusion. */
const CANDIDATES = 50;
/** The usual reciprocal rank fusion constant: dampens the weight of the very first ranks. */
const RRF_K = 60;
/**
 * Cosine distance beyond which a vector neighbour is not counted as a match: the nearest neighbours of a
 * query about nothing the user wrote are still "nearest", and listing them would be noise (cosine
 * similarity under 0.15 is unrelated text for common embedding models).
 */
const MAX_VECTOR_DISTANCE = 0.85;
/** Where a page's highlighted snippet is looked for when no chunk of it was near the query. */
const PAGE_HEADLINE_CHARS = 20_000;
/** pgvector's HNSW index covers `vector` up to this many dimensions. */
export const HNSW_MAX_DIMENSIONS = 2000;

export interface EmbeddingTarget {
  model: string;
  dimensions: number;
}

/** What gets embedded: a message, or a web page a tool read (stored in `documents`). */
export type EmbeddedKind = 'message' | 'page';

/** A text to embed, cut into chunks; a page also names the reading of it (`content_hash`) the chunks are of. */
export interface EmbeddingSource {
  id: string;
  content: string;
  contentHash?: string;
}

export interface NewEmbedding {
  ownerId: string;
  contentHash?: string;
  chunk: number;
  content: string;
  embedding: number[];
}

/** Per kind: which rows are eligible, and where their vectors live. */
const KINDS = {
  message: {
    table: 'message_embeddings',
    owner: 'message_id',
    eligible: `SELECT m.id, m.content, NULL::text AS content_hash, m.created_at AS at FROM messages m
               JOIN conversations c ON c.id = m.conversation_id WHERE ${ELIGIBLE} AND c.deleted_at IS NULL`,
    current: `e.message_id = x.id`,
  },
  page: {
    table: 'document_embeddings',
    owner: 'document_id',
    eligible: `SELECT d.id, d.content, d.content_hash, d.fetched_at AS at FROM documents d WHERE d.content <> ''`,
    current: `e.document_id = x.id AND e.content_hash = x.content_hash`,
  },
} as const;

export interface SearchRow {
  /** The message, or for a page the assistant step whose tool read it. */
  id: string;
  conversation_id: string;
  title: string | null;
  role: MessageRole;
  content: string;
  created_at: Date;
  score: number;
  headline: string;
  page_url: string | null;
  page_title: string | null;
}

/** All SQL of search and embeddings: tsvector full-text, pgvector `<=>`, and what still needs embedding. */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** One HNSW (cosine) index per dimension, over `embedding::vector(N)`; idempotent. */
  async ensureVectorIndex(dimensions: number): Promise<void> {
    await this.db.query(
      `CREATE INDEX IF NOT EXISTS message_embeddings_hnsw_${dimensions} ON message_embeddings
       USING hnsw ((embedding::vector(${dimensions})) vector_cosine_ops) WHERE dimensions = ${dimensions}`,
    );
  }

  /** Eligible messages or pages with no embedding of `target` (oldest first), for the sweep. */
  async unembeddedIds(kind: EmbeddedKind, target: EmbeddingTarget, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT x.id FROM (${KINDS[kind].eligible}) x
       WHERE NOT EXISTS (SELECT 1 FROM ${KINDS[kind].table} e WHERE ${KINDS[kind].current} AND e.model = $1 AND e.dimensions = $2)
       ORDER BY x.at LIMIT $3`,
      [target.model, target.dimensions, limit],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Of these, the eligible ones that still lack an embedding of `target`, with their text. */
  async toEmbed(kind: EmbeddedKind, ids: string[], target: EmbeddingTarget): Promise<EmbeddingSource[]> {
    const rows = (await this.db.query(
      `SELECT x.id, x.content, x.content_hash FROM (${KINDS[kind].eligible}) x
       WHERE x.id = ANY($1::uuid[])
         AND NOT EXISTS (SELECT 1 FROM ${KINDS[kind].table} e WHERE ${KINDS[kind].current} AND e.model = $2 AND e.dimensions = $3)`,
      [ids, target.model, target.dimensions],
    )) as Array<{ id: string; content: string; content_hash: string | null }>;
    return rows.map((row) => ({ id: row.id, content: row.content, contentHash: row.content_hash ?? undefined }));
  }

  /** The pages that these (tool) messages read. */
  async pagesReadBy(messageIds: string[]): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT (metadata ->> 'documentId')::uuid AS id FROM messages
       WHERE id = ANY($1::uuid[]) AND role = 'tool' AND metadata ? 'documentId'`,
      [messageIds],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Replaces the embeddings of these messages or pages (of any model: an older model's rows are no longer searched). */
  async replaceEmbeddings(kind: EmbeddedKind, target: EmbeddingTarget, rows: NewEmbedding[]): Promise<void> {
    if (rows.length === 0) return;
    const { table, owner } = KINDS[kind];
    const ownerIds = [...new Set(rows.map((row) => row.ownerId))];
    const [hashColumn, hashValue] = kind === 'page' ? [', content_hash', ', r.content_hash'] : ['', ''];
    await this.db.transaction(async (manager) => {
      await manager.query(`DELETE FROM ${table} WHERE ${owner} = ANY($1::uuid[])`, [ownerIds]);
      await manager.query(
        `INSERT INTO ${table} (${owner}, chunk, model, dimensions, content, embedding${hashColumn})
         SELECT r.owner_id, r.chunk, $1, $2, r.content, r.embedding::vector${hashValue}
         FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[]) AS r(owner_id, chunk, content, embedding, content_hash)`,
        [
          target.model,
          target.dimensions,
          rows.map((row) => row.ownerId),
          rows.map((row) => row.chunk),
          rows.map((row) => row.content),
          rows.map((row) => JSON.stringify(row.embedding)),
          rows.map((row) => row.contentHash ?? null),
        ],
      );
    });
  }

  /** Eligible messages or pages in total, and those embedded with `target`. */
  async embeddingProgress(kind: EmbeddedKind, target: EmbeddingTarget): Promise<{ total: number; embedded: number }> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ${KINDS[kind].table} e WHERE ${KINDS[kind].current} AND e.model = $1 AND e.dimensions = $2))::int AS embedded
       FROM (${KINDS[kind].eligible}) x`,
      [target.model, target.dimensions],
    )) as Array<{ total: number; embedded: number }>;
    return row!;
  }

  /**
   * The user's messages, and the pages read in the user's chats, ranked by reciprocal rank fusion of four
   * lists: full-text rank (English, Spanish and plain words) and, given a query vector, cosine distance, each
   * for messages and for pages. Only the user's conversations that are not deleted.
   */
  async search(params: {
    userId: string;
    q: string;
    limit: number;
    vector?: { target: EmbeddingTarget; embedding: number[] };
    excludeConversationId?: string;
    /** Also pages the user's chats read (default true). */
    pages?: boolean;
  }): Promise<SearchRow[]> {
    const { userId, q, limit, vector } = params;
    const values: unknown[] = [userId, q, CANDIDATES, limit, params.excludeConversationId ?? null, params.pages ?? true];
    const none = `SELECT NULL::uuid AS id, NULL::bigint AS rank, NULL::text AS chunk WHERE false`;
    let messageVectorHits = none;
    let pageVectorHits = none;
    if (vector) {
      const n = vector.target.dimensions;
      values.push(JSON.stringify(vector.embedding), vector.target.model);
      const distance = `e.embedding::vector(${n}) <=> $7::vector(${n})`;
      const nearest = (owner: string, candidates: string) => `
        SELECT ${owner} AS id, row_number() OVER (ORDER BY min(distance)) AS rank, (array_agg(content ORDER BY distance))[1] AS chunk
        FROM (${candidates} ORDER BY distance LIMIT $3 * 4) d
        WHERE distance < ${MAX_VECTOR_DISTANCE} GROUP BY ${owner} ORDER BY rank LIMIT $3`;
      messageVectorHits = nearest(
        'message_id',
        `SELECT e.message_id, e.content, ${distance} AS distance FROM message_embeddings e JOIN messages m ON m.id = e.message_id
         WHERE e.model = $8 AND e.dimensions = ${n} AND m.conversation_id IN (SELECT id FROM owned)`,
      );
      pageVectorHits = nearest(
        'document_id',
        `SELECT e.document_id, e.content, ${distance} AS distance FROM document_embeddings e JOIN documents d ON d.id = e.document_id AND d.content_hash = e.content_hash
         WHERE e.model = $8 AND e.dimensions = ${n} AND e.document_id IN (SELECT document_id FROM read_pages)`,
      );
    }
    const fuse = (text: string, near: string, kind: EmbeddedKind) => `
      SELECT coalesce(t.id, v.id) AS id, '${kind}' AS kind, v.chunk,
             coalesce(1.0 / (${RRF_K} + t.rank), 0) + coalesce(1.0 / (${RRF_K} + v.rank), 0) AS score
      FROM ${text} t FULL JOIN ${near} v ON v.id = t.id`;
    const headline = (text: string) =>
      `ts_headline('english', translate(${text}, '${MARK_START}${MARK_END}', ''), query.q,
        'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')`;
    return (await this.db.query(
      `WITH query AS (
         SELECT websearch_to_tsquery('english', $2) || websearch_to_tsquery('spanish', $2) || websearch_to_tsquery('simple', $2) AS q
       ),
       owned AS (
         SELECT id, title FROM conversations
         WHERE user_id = $1 AND deleted_at IS NULL AND ($5::uuid IS NULL OR id <> $5::uuid)
       ),
       -- Each page the user's chats read, with its latest reading (the tool message) there.
       read_pages AS (
         SELECT DISTINCT ON (1) (t.metadata ->> 'documentId')::uuid AS document_id, t.id AS tool_message_id, t.conversation_id, t.turn_id, t.tool_call_id, t.created_at
         FROM messages t
         WHERE $6::boolean AND t.conversation_id IN (SELECT id FROM owned) AND t.role = 'tool' AND t.metadata ? 'documentId'
         ORDER BY 1, t.created_at DESC
       ),
       message_text_hits AS (
         SELECT m.id, row_number() OVER (ORDER BY ts_rank(m.search_vector, query.q) DESC, m.created_at DESC) AS rank
         FROM messages m, query
         WHERE m.conversation_id IN (SELECT id FROM owned) AND m.search_vector @@ query.q AND m.role IN ('user', 'assistant')
         ORDER BY rank LIMIT $3
       ),
       page_text_hits AS (
         SELECT d.id, row_number() OVER (ORDER BY ts_rank(d.search_vector, query.q) DESC, d.fetched_at DESC) AS rank
         FROM documents d, query
         WHERE d.id IN (SELECT document_id FROM read_pages) AND d.search_vector @@ query.q
         ORDER BY rank LIMIT $3
       ),
       message_vector_hits AS (${messageVectorHits}),
       page_vector_hits AS (${pageVectorHits}),
       best AS (
         SELECT * FROM (${fuse('message_text_hits', 'message_vector_hits', 'message')} UNION ALL ${fuse('page_text_hits', 'page_vector_hits', 'page')}) fused
         ORDER BY score DESC LIMIT $4
       )
       SELECT m.id, m.conversation_id, o.title, m.role, m.content, m.created_at, b.score::float8 AS score,
              ${headline('m.content')} AS headline, NULL AS page_url, NULL AS page_title
       FROM best b JOIN messages m ON m.id = b.id JOIN owned o ON o.id = m.conversation_id, query
       WHERE b.kind = 'message'
       UNION ALL
       SELECT step.id, r.conversation_id, o.title, 'assistant', left(d.content, ${PAGE_HEADLINE_CHARS}), r.created_at, b.score::float8,
              ${headline(`coalesce(b.chunk, left(d.content, ${PAGE_HEADLINE_CHARS}))`)}, d.final_url, d.title
       FROM best b JOIN documents d ON d.id = b.id JOIN read_pages r ON r.document_id = d.id JOIN owned o ON o.id = r.conversation_id,
            query,
            -- The step that called the tool: what the conversation shows.
            LATERAL (SELECT a.id FROM messages a WHERE a.turn_id = r.turn_id AND a.role = 'assistant'
                     AND a.tool_calls @> jsonb_build_array(jsonb_build_object('id', r.tool_call_id)) LIMIT 1) step
       WHERE b.kind = 'page'
       ORDER BY score DESC, created_at DESC
       LIMIT $4`,
      values,
    )) as SearchRow[];
  }
}
