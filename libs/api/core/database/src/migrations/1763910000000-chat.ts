import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Chat1763910000000 implements MigrationInterface {
  name = 'Chat1763910000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        title text,
        model text,
        system_prompt text,
        pinned boolean NOT NULL DEFAULT false,
        archived boolean NOT NULL DEFAULT false,
        current_leaf_id uuid,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX conversations_user_updated_idx ON conversations (user_id, updated_at DESC) WHERE deleted_at IS NULL`);
    // clock_timestamp(), not now(): rows inserted in one transaction (user + assistant) must keep their order.
    await queryRunner.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        parent_id uuid REFERENCES messages (id) ON DELETE CASCADE,
        turn_id uuid,
        role text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
        content text NOT NULL DEFAULT '',
        reasoning text,
        tool_calls jsonb,
        tool_call_id text,
        annotations jsonb,
        status text NOT NULL CHECK (status IN ('pending', 'streaming', 'complete', 'stopped', 'error', 'interrupted')),
        error text,
        model text,
        provider text,
        finish_reason text,
        usage jsonb,
        cost_usd numeric(20, 10),
        ttft_ms integer,
        latency_ms integer,
        reasoning_ms integer,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        owner_id text,
        heartbeat_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at)`);
    await queryRunner.query(`CREATE INDEX messages_parent_idx ON messages (parent_id)`);
    await queryRunner.query(`CREATE INDEX messages_turn_idx ON messages (turn_id, created_at) WHERE turn_id IS NOT NULL`);
    // The orphan sweep only ever looks at unfinished generations.
    await queryRunner.query(`CREATE INDEX messages_unfinished_idx ON messages (heartbeat_at) WHERE status IN ('pending', 'streaming')`);
    await queryRunner.query(
      `ALTER TABLE conversations ADD CONSTRAINT conversations_current_leaf_fkey FOREIGN KEY (current_leaf_id) REFERENCES messages (id) ON DELETE SET NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE conversations DROP CONSTRAINT conversations_current_leaf_fkey`);
    await queryRunner.query(`DROP TABLE messages`);
    await queryRunner.query(`DROP TABLE conversations`);
  }
}
