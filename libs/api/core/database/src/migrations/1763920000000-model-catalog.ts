import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ModelCatalog1763920000000 implements MigrationInterface {
  name = 'ModelCatalog1763920000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Filled from LiteLLM's /model/info by the model catalog's sync; credentials are never stored.
    await queryRunner.query(`
      CREATE TABLE models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        litellm_model_id text,
        provider text,
        mode text NOT NULL DEFAULT 'chat',
        display_name text,
        description text,
        upstream_description text,
        capabilities jsonb NOT NULL DEFAULT '{}'::jsonb,
        prices jsonb NOT NULL DEFAULT '{}'::jsonb,
        max_input_tokens integer,
        max_output_tokens integer,
        supported_openai_params jsonb NOT NULL DEFAULT '[]'::jsonb,
        credential_name text,
        api_base text,
        enabled boolean NOT NULL DEFAULT false,
        is_default boolean NOT NULL DEFAULT false,
        available boolean NOT NULL DEFAULT true,
        source text NOT NULL CHECK (source IN ('litellm', 'file', 'bundled')),
        enriched_from_bundle boolean NOT NULL DEFAULT false,
        raw jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_synced_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX models_name_key ON models (name)`);
    // At most one default model.
    await queryRunner.query(`CREATE UNIQUE INDEX models_single_default ON models ((true)) WHERE is_default`);
    await queryRunner.query(`
      CREATE TABLE model_sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL,
        ok boolean NOT NULL,
        added integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        marked_unavailable integer NOT NULL DEFAULT 0,
        total integer NOT NULL DEFAULT 0,
        error text,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX model_sync_runs_finished_at_idx ON model_sync_runs (finished_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE model_sync_runs`);
    await queryRunner.query(`DROP TABLE models`);
  }
}
