import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1763940000000 implements MigrationInterface {
  name = 'Documents1763940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Pages the model's tools read, as markdown: reused while fresh, and later cut into chunks and embedded.
    // Public web content, so one row per URL for everyone (who read it stays in the tool messages).
    await queryRunner.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url text NOT NULL,
        final_url text NOT NULL,
        title text NOT NULL,
        content text NOT NULL,
        content_hash text NOT NULL,
        truncated boolean NOT NULL DEFAULT false,
        fetched_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX documents_url_key ON documents (url)`);
    await queryRunner.query(`CREATE INDEX documents_content_hash_idx ON documents (content_hash)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE documents`);
  }
}
