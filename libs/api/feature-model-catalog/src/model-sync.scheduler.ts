import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { AppException } from '@kipux/api/http';
import { ModelCatalogService } from './model-catalog.service';

/**
 * Syncs the catalog at boot (in the background: a slow LiteLLM must not delay startup) and then every
 * MODEL_SYNC_INTERVAL_MINUTES. With several instances the sync lock lets one of them do it.
 */
@Injectable()
export class ModelSyncScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ModelCatalog');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly catalog: ModelCatalogService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.trigger('boot');
    const minutes = this.config.env.MODEL_SYNC_INTERVAL_MINUTES;
    if (minutes > 0) {
      this.timer = setInterval(() => this.trigger('periodic'), minutes * 60_000);
      this.timer.unref();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.catalog.settled();
  }

  private trigger(reason: string): void {
    this.catalog.sync().catch((error: unknown) => {
      if (error instanceof AppException && error.code === 'model_sync_running') this.logger.debug(`Skipped ${reason} sync: another instance is syncing`);
      else this.logger.error(`The ${reason} model catalog sync failed`, error instanceof Error ? error.stack : String(error));
    });
  }
}
