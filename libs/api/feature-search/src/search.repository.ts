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
/** pgvector's HNSW index covers `vector` up to this many dimensions. */
export const HNSW_MAX_DIMENSIONS = 2000;

export interface EmbeddingTarget {
  model: string;
  dimensions: number;
}

export interface NewEmbedding {
  messageId: string;
  chunk: number;
  content: string;
  embedding: number[];
}

export interface SearchRow {
  id: string;
  conversation_id: string;
  title: string | null;
  role: MessageRole;
  content: string;
  created_at: Date;
  score: number;
  headline: string;
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

  /** Eligible messages with no embedding of `target` (oldest first), for the sweep. */
  async unembeddedIds(target: EmbeddingTarget, limit: number): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE ${ELIGIBLE} AND c.deleted_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM message_embeddings e WHERE e.message_id = m.id AND e.model = $1 AND e.dimensions = $2)
       ORDER BY m.created_at LIMIT $3`,
      [target.model, target.dimensions, limit],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Of these messages, the eligible ones that still lack an embedding of `target`, with their text. */
  async toEmbed(ids: string[], target: EmbeddingTarget): Promise<Array<{ id: string; content: string }>> {
    return (await this.db.query(
      `SELECT m.id, m.content FROM messages m
       WHERE m.id = ANY($1::uuid[]) AND ${ELIGIBLE}
         AND NOT EXISTS (SELECT 1 FROM message_embeddings e WHERE e.message_id = m.id AND e.model = $2 AND e.dimensions = $3)`,
      [ids, target.model, target.dimensions],
    )) as Array<{ id: string; content: string }>;
  }

  /** Replaces the messages' embeddings (of any model: an older model's rows are no longer searched). */
  async replaceEmbeddings(target: EmbeddingTarget, rows: NewEmbedding[]): Promise<void> {
    if (rows.length === 0) return;
    const messageIds = [...new Set(rows.map((row) => row.messageId))];
    await this.db.transaction(async (manager) => {
      await manager.query(`DELETE FROM message_embeddings WHERE message_id = ANY($1::uuid[])`, [messageIds]);
      await manager.query(
        `INSERT INTO message_embeddings (message_id, chunk, model, dimensions, content, embedding)
         SELECT r.message_id, r.chunk, $1, $2, r.content, r.embedding::vector
         FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[]) AS r(message_id, chunk, content, embedding)`,
        [
          target.model,
          target.dimensions,
          rows.map((row) => row.messageId),
          rows.map((row) => row.chunk),
          rows.map((row) => row.content),
          rows.map((row) => JSON.stringify(row.embedding)),
        ],
      );
    });
  }

  /** Eligible messages in total, and those embedded with `target`. */
  async embeddingProgress(target: EmbeddingTarget): Promise<{ total: number; embedded: number }> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM message_embeddings e WHERE e.message_id = m.id AND e.model = $1 AND e.dimensions = $2))::int AS embedded
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE ${ELIGIBLE} AND c.deleted_at IS NULL`,
      [target.model, target.dimensions],
    )) as Array<{ total: number; embedded: number }>;
    return row!;
  }

  /**
   * The user's messages ranked by reciprocal rank fusion of full-text rank (English, Spanish and plain words)
   * and, given a query vector, cosine distance. Only the user's conversations that are not deleted.
   */
  async search(params: {
    userId: string;
    q: string;
    limit: number;
    vector?: { target: EmbeddingTarget; embedding: number[] };
    excludeConversationId?: string;
  }): Promise<SearchRow[]> {
    const { userId, q, limit, vector } = params;
    const values: unknown[] = [userId, q, CANDIDATES, limit, params.excludeConversationId ?? null];
    let vectorHits = `SELECT NULL::uuid AS id, NULL::bigint AS rank WHERE false`;
    if (vector) {
      const n = vector.target.dimensions;
      values.push(JSON.stringify(vector.embedding), vector.target.model);
      vectorHits = `
        SELECT message_id AS id, row_number() OVER (ORDER BY min(distance)) AS rank
        FROM (
          SELECT e.message_id, e.embedding::vector(${n}) <=> $6::vector(${n}) AS distance
          FROM message_embeddings e JOIN messages m ON m.id = e.message_id
          WHERE e.model = $7 AND e.dimensions = ${n} AND m.conversation_id IN (SELECT id FROM owned)
          ORDER BY distance LIMIT $3 * 2
        ) d WHERE distance < ${MAX_VECTOR_DISTANCE} GROUP BY message_id ORDER BY rank LIMIT $3`;
    }
    return (await this.db.query(
      `WITH query AS (
         SELECT websearch_to_tsquery('english', $2) || websearch_to_tsquery('spanish', $2) || websearch_to_tsquery('simple', $2) AS q
       ),
       owned AS (
         SELECT id, title FROM conversations
         WHERE user_id = $1 AND deleted_at IS NULL AND ($5::uuid IS NULL OR id <> $5::uuid)
       ),
       text_hits AS (
         SELECT m.id, row_number() OVER (ORDER BY ts_rank(m.search_vector, query.q) DESC, m.created_at DESC) AS rank
         FROM messages m, query
         WHERE m.conversation_id IN (SELECT id FROM owned) AND m.search_vector @@ query.q AND m.role IN ('user', 'assistant')
         ORDER BY rank LIMIT $3
       ),
       vector_hits AS (${vectorHits}),
       fused AS (
         SELECT coalesce(t.id, v.id) AS id,
                coalesce(1.0 / (${RRF_K} + t.rank), 0) + coalesce(1.0 / (${RRF_K} + v.rank), 0) AS score
         FROM text_hits t FULL JOIN vector_hits v ON v.id = t.id
       )
       SELECT m.id, m.conversation_id, o.title, m.role, m.content, m.created_at, f.score::float8 AS score,
              ts_headline('english', translate(m.content, '${MARK_START}${MARK_END}', ''), query.q,
                'StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') AS headline
       FROM fused f JOIN messages m ON m.id = f.id JOIN owned o ON o.id = m.conversation_id, query
       ORDER BY f.score DESC, m.created_at DESC
       LIMIT $4`,
      values,
    )) as SearchRow[];
  }
}
