import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import type {
  AdminModelDto,
  AdminModelListQuery,
  AdminUpdateModelRequest,
  ModelDto,
  ModelPrices,
  ModelSyncResultDto,
  ModelSyncStatusDto,
  Usage,
} from '@kipux/contracts';
import { toCatalogEntries } from './catalog-deployment';
import { CatalogSourceError, CatalogSourceReader } from './catalog-source';
import { toSyncResultDto } from './entities/model-sync-run.entity';
import { toAdminModelDto, toModelDto, type ModelEntity } from './entities/model.entity';
import { ModelCatalogErrors } from './model-catalog.exception';
import { CHAT_MODES, ModelCatalogRepository, type SyncCounts } from './model-catalog.repository';
import { computeCost } from './model-cost';
import { SyncLock } from './sync-lock';

/** Longer than any sync takes; only matters if an instance dies while holding the lock. */
const SYNC_LOCK_TTL_MS = 5 * 60_000;

@Injectable()
export class ModelCatalogService {
  private readonly logger = new Logger('ModelCatalog');
  private running: Promise<ModelSyncResultDto> | null = null;

  constructor(
    private readonly repository: ModelCatalogRepository,
    private readonly sourceReader: CatalogSourceReader,
    private readonly lock: SyncLock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Reads the catalog source and upserts it. Calls made while a sync runs in this process share it;
   * while another instance syncs, throws `model_sync_running`. A failing source leaves the catalog as it
   * was and answers `ok: false` with the reason.
   */
  sync(): Promise<ModelSyncResultDto> {
    this.running ??= this.runSync().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when no sync of this process is running (used at shutdown). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async runSync(): Promise<ModelSyncResultDto> {
    const release = await this.lock.acquire(SYNC_LOCK_TTL_MS);
    if (!release) throw ModelCatalogErrors.syncRunning();
    const startedAt = new Date();
    const source = this.sourceReader.source;
    let counts: SyncCounts = { added: 0, updated: 0, markedUnavailable: 0 };
    let total = 0;
    let error: string | null = null;
    try {
      const snapshot = await this.sourceReader.read();
      const entries = toCatalogEntries(snapshot.deployments);
      total = entries.length;
      counts = await this.repository.applySync(entries, snapshot.source, new Date());
    } catch (caught) {
      if (!(caught instanceof CatalogSourceError)) {
        await release();
        throw caught;
      }
      error = caught.message;
    }
    try {
      const run = await this.repository.recordRun({ source, ok: error === null, ...counts, total, error, startedAt, finishedAt: new Date() });
      const result = toSyncResultDto(run);
      if (error) this.logger.warn(`Model catalog sync from ${source} failed: ${error}`);
      else this.logger.log(`Model catalog synced from ${source}: ${total} models (${counts.added} new, ${counts.markedUnavailable} now unavailable)`);
      return result;
    } finally {
      await release();
    }
  }

  async syncStatus(): Promise<ModelSyncStatusDto> {
    const [last, lastSuccess, held] = await Promise.all([this.repository.lastRun(), this.repository.lastSuccessfulRun(), this.lock.isHeld()]);
    return {
      running: this.running !== null || held,
      lastResult: last ? toSyncResultDto(last) : null,
      lastSuccessAt: lastSuccess?.finishedAt.toISOString() ?? null,
      intervalMinutes: this.config.env.MODEL_SYNC_INTERVAL_MINUTES,
    };
  }

  /**
   * The models people can chat with: enabled, available, chat mode. The default comes first: the
   * admin's choice, or else the first by name, so there is always one while any model is pickable.
   */
  async listForUser(): Promise<ModelDto[]> {
    const models = await this.repository.listPickable();
    return models.map((model, index) => toModelDto(model, index === 0));
  }

  async defaultChatModel(): Promise<ModelDto | null> {
    return (await this.listForUser())[0] ?? null;
  }

  /** The model by LiteLLM name if a person may chat with it now, else null. */
  async resolveChatModel(name: string): Promise<ModelDto | null> {
    return (await this.listForUser()).find((model) => model.name === name) ?? null;
  }

  /** The prices of the model with this LiteLLM name; null for unknown models. */
  async pricesOf(modelName: string): Promise<ModelPrices | null> {
    return (await this.repository.findByName(modelName))?.prices ?? null;
  }

  /** USD cost of a request to `modelName` with this usage; null for unknown models or models without prices. */
  async costOf(modelName: string, usage: Usage): Promise<number | null> {
    const prices = await this.pricesOf(modelName);
    return prices ? computeCost(prices, usage) : null;
  }

  async listForAdmin(query: AdminModelListQuery): Promise<AdminModelDto[]> {
    return (await this.repository.list(query)).map(toAdminModelDto);
  }

  async get(id: string): Promise<AdminModelDto> {
    return toAdminModelDto(await this.findOrThrow(id));
  }

  async update(id: string, request: AdminUpdateModelRequest): Promise<AdminModelDto> {
    const model = await this.findOrThrow(id);
    const enabled = request.enabled ?? model.enabled;
    if (request.isDefault === true && !(enabled && model.available && CHAT_MODES.includes(model.mode))) throw ModelCatalogErrors.defaultMustBeChat();
    // A disabled model cannot stay the default.
    const isDefault = request.isDefault ?? (request.enabled === false && model.isDefault ? false : undefined);
    await this.repository.update(
      id,
      {
        ...(request.enabled === undefined ? {} : { enabled: request.enabled }),
        ...(request.displayName === undefined ? {} : { displayName: blankToNull(request.displayName) }),
        ...(request.description === undefined ? {} : { description: blankToNull(request.description) }),
      },
      isDefault,
    );
    return this.get(id);
  }

  private async findOrThrow(id: string): Promise<ModelEntity> {
    const model = await this.repository.findById(id);
    if (!model) throw ModelCatalogErrors.notFound();
    return model;
  }
}

function blankToNull(text: string | null): string | null {
  return text?.trim() ? text.trim() : null;
}
