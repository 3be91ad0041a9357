import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Longest part of a page that full-text search indexes (a tsvector holds at most 1 MB). */
const PAGE_INDEXED_CHARS = 100_000;

export class PageEmbeddings1763960000000 implements MigrationInterface {
  name = 'PageEmbeddings1763960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Pages are searched like messages: English and Spanish stems plus the bare words, the title weighing most.
    await queryRunner.query(`
      ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, left(content, ${PAGE_INDEXED_CHARS})), 'B')
        || setweight(to_tsvector('spanish'::regconfig, left(content, ${PAGE_INDEXED_CHARS})), 'C')
        || to_tsvector('simple'::regconfig, title || ' ' || left(content, ${PAGE_INDEXED_CHARS}))
      ) STORED`);
    await queryRunner.query(`CREATE INDEX documents_search_vector_idx ON documents USING gin (search_vector)`);
    // Chunks of a page's markdown with their vectors; content_hash says which reading of the page they are
    // of (a re-read page with new content needs new vectors). Like message_embeddings, no fixed dimension.
    await queryRunner.query(`
      CREATE TABLE document_embeddings (
        document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        content_hash text NOT NULL,
        chunk integer NOT NULL,
        model text NOT NULL,
        dimensions integer NOT NULL,
        content text NOT NULL,
        embedding vector NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (document_id, model, dimensions, chunk)
      )`);
    await queryRunner.query(`CREATE INDEX document_embeddings_model_idx ON document_embeddings (model, dimensions)`);
    // Which conversations read which page: the fetch_url tool message carries the document's id.
    await queryRunner.query(`CREATE INDEX messages_document_idx ON messages (((metadata ->> 'documentId')::uuid)) WHERE role = 'tool' AND metadata ? 'documentId'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX messages_document_idx`);
    await queryRunner.query(`DROP TABLE document_embeddings`);
    await queryRunner.query(`ALTER TABLE documents DROP COLUMN search_vector`);
  }
}
