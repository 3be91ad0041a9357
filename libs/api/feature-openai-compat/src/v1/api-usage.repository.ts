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

  async record(record: ApiUsageRecord): Promise<void> {
    const usage = record.usage;
    await this.rows.insert({
      apiKeyId: record.apiKeyId,
      userId: record.userId,
      endpoint: record.endpoint,
      model: record.model,
      stream: record.stream,
      status: record.status,
      promptTokens: usage?.promptTokens ?? 0,
      completionTokens: usage?.completionTokens ?? 0,
      reasoningTokens: usage?.reasoningTokens ?? 0,
      cachedTokens: usage?.cachedTokens ?? 0,
      totalTokens: usage?.totalTokens ?? 0,
      costUsd: record.costUsd,
    });
  }

  listForKey(apiKeyId: string): Promise<ApiUsageEntity[]> {
    return this.rows.find({ where: { apiKeyId }, order: { createdAt: 'ASC' } });
  }
}
