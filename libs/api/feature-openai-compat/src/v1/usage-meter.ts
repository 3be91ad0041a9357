import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AuthUser } from '@kipux/api/http';
import { computeCost } from '@kipux/api/model-catalog';
import type { ModelPrices, Usage } from '@kipux/contracts';
import type { ApiCallStatus, ApiEndpoint } from '../entities/api-usage.entity';
import { ModelDirectory } from '../ports/model-directory';
import { ApiUsageRepository, type ApiUsageRecord } from './api-usage.repository';

export interface MeteredCall {
  endpoint: ApiEndpoint;
  model: string;
  stream: boolean;
  status: ApiCallStatus;
  usage: Usage | null;
}

/** Rows wait at most this long; a burst of calls becomes one price lookup per model and one INSERT. */
const FLUSH_AFTER_MS = 250;
const MAX_BATCH = 200;

/**
 * Records usage and cost per key after the answer is sent, so accounting never delays a response, and
 * in batches, so hundreds of concurrent streams do not each cost queries (PGlite runs them one at a time
 * on the event loop the streams are relayed from).
 */
@Injectable()
export class UsageMeter implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ApiUsage');
  private pending: Array<Omit<ApiUsageRecord, 'costUsd'>> = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: ApiUsageRepository,
    private readonly models: ModelDirectory,
  ) {}

  record(user: AuthUser, call: MeteredCall): void {
    if (!user.apiKeyId) return;
    this.pending.push({ ...call, userId: user.id, apiKeyId: user.apiKeyId });
    if (this.pending.length >= MAX_BATCH) this.flushSoon(0);
    else this.flushSoon(FLUSH_AFTER_MS);
  }

  /** Writes whatever is waiting (also called at shutdown). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.flushing = this.flushing.then(() =>
        this.write(batch).catch((error: unknown) =>
          this.logger.error(`Could not record ${batch.length} API calls`, error instanceof Error ? error.stack : String(error)),
        ),
      );
    }
    return this.flushing;
  }

  /** Before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
    this.timer.unref();
  }

  private async write(batch: Array<Omit<ApiUsageRecord, 'costUsd'>>): Promise<void> {
    const prices = new Map<string, ModelPrices | null>();
    for (const model of new Set(batch.filter((call) => call.usage).map((call) => call.model))) prices.set(model, await this.models.pricesOf(model));
    await this.repository.insertMany(
      batch.map((call) => {
        const modelPrices = prices.get(call.model);
        return { ...call, costUsd: call.usage && modelPrices ? computeCost(modelPrices, call.usage) : null };
      }),
    );
  }
}
