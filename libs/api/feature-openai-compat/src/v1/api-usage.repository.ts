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

  async insertMany(records: ApiUsageRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.rows.insert(
      records.map(({ usage, ...record }) => ({
        ...record,
        promptTokens: usage?.promptTokens ?? 0,
        completionTokens: usage?.completionTokens ?? 0,
        reasoningTokens: usage?.reasoningTokens ?? 0,
        cachedTokens: usage?.cachedTokens ?? 0,
        totalTokens: usage?.totalTokens ?? 0,
      })),
    );
  }
}
