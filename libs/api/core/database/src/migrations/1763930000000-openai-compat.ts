import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenAiCompat1763930000000 implements MigrationInterface {
  name = 'OpenAiCompat1763930000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Only the SHA-256 of the secret is kept: the secret is shown once, at creation.
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        prefix text NOT NULL,
        hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (hash)`);
    await queryRunner.query(`CREATE INDEX api_keys_user_id_idx ON api_keys (user_id, created_at DESC)`);
    // One row per /v1 call that reached the model provider, for per-key usage and cost.
    await queryRunner.query(`
      CREATE TABLE api_usage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        api_key_id uuid NOT NULL REFERENCES api_keys(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        endpoint text NOT NULL CHECK (endpoint IN ('chat.completions', 'embeddings')),
        model text NOT NULL,
        stream boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('ok', 'error', 'aborted')),
        prompt_tokens integer NOT NULL DEFAULT 0,
        completion_tokens integer NOT NULL DEFAULT 0,
        reasoning_tokens integer NOT NULL DEFAULT 0,
        cached_tokens integer NOT NULL DEFAULT 0,
        total_tokens integer NOT NULL DEFAULT 0,
        cost_usd numeric(20, 12),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX api_usage_api_key_id_idx ON api_usage (api_key_id, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX api_usage_user_id_idx ON api_usage (user_id, created_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_usage`);
    await queryRunner.query(`DROP TABLE api_keys`);
  }
}
