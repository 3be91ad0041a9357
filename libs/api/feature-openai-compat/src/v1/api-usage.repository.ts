import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Usage } from '@kipux/contracts';
import { Repository } from 'typeorm';
import { ApiUsageEntity, type ApiCallStatus, type ApiEndpoint } from '../entities/api-usage.entity';

export interface ApiUsageRecord {
  apiKeyId: string;
  userId: string;
  endpoint: ApiEndpoint;
  model: string;
  stream: boolean;
  status: ApiCallStatus;
  usage: Usage | null;
  costUsd: number | null;
}

@Injectable()
export class ApiUsageRepository {
  constructor(@InjectRepository(ApiUsageEntity) private readonly rows: Repository<ApiUsageEntity>) {}

  /**
   * One statement with one array per column: a batch of hundreds costs no per-row parameters to build and
   * returns nothing (PGlite runs it on the event loop that relays the streams).
   */
  async insertMany(records: ApiUsageRecord[]): Promise<void> {
    if (records.length === 0) return;
    const tokens = (pick: (usage: Usage) => number) => records.map(({ usage }) => (usage ? pick(usage) : 0));
    await this.rows.query(
      `INSERT INTO api_usage (api_key_id, user_id, endpoint, model, stream, status,
         prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, total_tokens, cost_usd)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::text[],
         $7::integer[], $8::integer[], $9::integer[], $10::integer[], $11::integer[], $12::numeric[])`,
      [
        records.map((record) => record.apiKeyId),
        records.map((record) => record.userId),
        records.map((record) => record.endpoint),
        records.map((record) => record.model),
        records.map((record) => record.stream),
        records.map((record) => record.status),
        tokens((usage) => usage.promptTokens),
        tokens((usage) => usage.completionTokens),
        tokens((usage) => usage.reasoningTokens ?? 0),
        tokens((usage) => usage.cachedTokens ?? 0),
        tokens((usage) => usage.totalTokens),
        records.map((record) => record.costUsd),
      ],
    );
  }
}
