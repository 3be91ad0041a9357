import { Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@kipux/api/http';
import type { Usage } from '@kipux/contracts';
import type { ApiCallStatus, ApiEndpoint } from '../entities/api-usage.entity';
import { ModelDirectory } from '../ports/model-directory';
import { ApiUsageRepository } from './api-usage.repository';

export interface MeteredCall {
  endpoint: ApiEndpoint;
  model: string;
  stream: boolean;
  status: ApiCallStatus;
  usage: Usage | null;
}

/** Records usage and cost per key after the answer is sent, so accounting never delays a response. */
@Injectable()
export class UsageMeter {
  private readonly logger = new Logger('ApiUsage');

  constructor(
    private readonly repository: ApiUsageRepository,
    private readonly models: ModelDirectory,
  ) {}

  record(user: AuthUser, call: MeteredCall): void {
    if (!user.apiKeyId) return;
    const apiKeyId = user.apiKeyId;
    this.save(user.id, apiKeyId, call).catch((error: unknown) =>
      this.logger.error(`Could not record usage of API key ${apiKeyId}`, error instanceof Error ? error.stack : String(error)),
    );
  }

  private async save(userId: string, apiKeyId: string, call: MeteredCall): Promise<void> {
    const costUsd = call.usage ? await this.models.costOf(call.model, call.usage) : null;
    await this.repository.record({ ...call, userId, apiKeyId, costUsd });
  }
}
