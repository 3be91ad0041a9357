import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ApiKeyEntity, type ApiKeyTotals } from '../entities/api-key.entity';

/** What the /v1 guard needs to know about the key a request carries. */
export interface ApiKeyOwner {
  keyId: string;
  revoked: boolean;
  userId: string;
  email: string;
  role: 'user' | 'admin';
  userDisabled: boolean;
}

/** All api_keys SQL. Every query that lists or changes keys is scoped to their owner. */
@Injectable()
export class ApiKeysRepository {
  constructor(
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  create(key: Pick<ApiKeyEntity, 'userId' | 'name' | 'prefix' | 'hash'>): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create({ ...key, lastUsedAt: null, revokedAt: null }));
  }

  listForUser(userId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Usage totals per key of these keys (keys without usage are absent). */
  async totals(keyIds: string[]): Promise<Map<string, ApiKeyTotals>> {
    if (keyIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT api_key_id, count(*)::int AS requests, coalesce(sum(total_tokens), 0)::bigint AS total_tokens, coalesce(sum(cost_usd), 0) AS cost_usd
         FROM api_usage WHERE api_key_id = ANY($1::uuid[]) GROUP BY api_key_id`,
      [keyIds],
    )) as Array<{ api_key_id: string; requests: number; total_tokens: string; cost_usd: string }>;
    return new Map(rows.map((row) => [row.api_key_id, { requests: row.requests, totalTokens: Number(row.total_tokens), costUsd: Number(row.cost_usd) }]));
  }

  /** Sets revoked_at once (revoking twice keeps the first time); null when the user has no such key. */
  async revoke(userId: string, id: string): Promise<ApiKeyEntity | null> {
    await this.keys.update({ id, userId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return this.keys.findOneBy({ id, userId });
  }

  async findOwnerByHash(hash: string): Promise<ApiKeyOwner | null> {
    const rows = (await this.dataSource.query(
      `SELECT k.id AS key_id, k.revoked_at IS NOT NULL AS revoked, u.id AS user_id, u.email, u.role, u.disabled
         FROM api_keys k JOIN users u ON u.id = k.user_id
        WHERE k.hash = $1`,
      [hash],
    )) as Array<{ key_id: string; revoked: boolean; user_id: string; email: string; role: 'user' | 'admin'; disabled: boolean }>;
    const row = rows[0];
    return row ? { keyId: row.key_id, revoked: row.revoked, userId: row.user_id, email: row.email, role: row.role, userDisabled: row.disabled } : null;
  }

  /** At most one write a minute per key, whichever instance serves it. */
  async touch(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
