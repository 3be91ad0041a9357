import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Search1763950000000 implements MigrationInterface {
  name = 'Search1763950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // English and Spanish stems (a chat may be in either) plus the bare words ('simple') for names and codes.
    await queryRunner.query(`
      ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, content), 'A')
        || setweight(to_tsvector('spanish'::regconfig, content), 'B')
        || to_tsvector('simple'::regconfig, content)
      ) STORED`);
    await queryRunner.query(`CREATE INDEX messages_search_vector_idx ON messages USING gin (search_vector)`);
    // No fixed dimension: rows of several models/dimensions coexist while a re-embed runs. The HNSW index
    // needs one, so it is an expression index per dimension (`embedding::vector(N)`), created at boot.
    await queryRunner.query(`
      CREATE TABLE message_embeddings (
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        chunk integer NOT NULL,
        model text NOT NULL,
        dimensions integer NOT NULL,
        content text NOT NULL,
        embedding vector NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, model, dimensions, chunk)
      )`);
    await queryRunner.query(`CREATE INDEX message_embeddings_model_idx ON message_embeddings (model, dimensions)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE message_embeddings`);
    await queryRunner.query(`ALTER TABLE messages DROP COLUMN search_vector`);
  }
}
