import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { ModelCatalogService } from '@kipux/api/model-catalog';
import type { ModelDto, ModelPrices } from '@kipux/contracts';
import { SharedLookup } from '../shared-lookup';

export interface ListedModel {
  id: string;
  ownedBy: string;
}

/** Which models API callers may use and what they cost: the only thing /v1 needs from the catalog. */
export abstract class ModelDirectory {
  /** Enabled, available chat models, in the catalog's order. */
  abstract listChatModels(): Promise<ListedModel[]>;
  abstract isChatModelAvailable(name: string): Promise<boolean>;
  abstract isEmbeddingModelAvailable(name: string): Promise<boolean>;
  /** The model's prices (for `computeCost`), or null when the catalog does not know it. */
  abstract pricesOf(name: string): Promise<ModelPrices | null>;
}

/** The model catalog's view: what an admin enabled for chat; embeddings use the configured EMBEDDING_MODEL. */
@Injectable()
export class CatalogModelDirectory extends ModelDirectory {
  private readonly chatModels: SharedLookup<ModelDto[]>;
  private readonly prices: SharedLookup<ModelPrices | null>;

  constructor(
    private readonly catalog: ModelCatalogService,
    private readonly config: AppConfig,
  ) {
    super();
    const ttlMs = config.env.API_LOOKUP_CACHE_SECONDS * 1000;
    this.chatModels = new SharedLookup(ttlMs);
    this.prices = new SharedLookup(ttlMs);
  }

  async listChatModels(): Promise<ListedModel[]> {
    return (await this.pickable()).map((model) => ({ id: model.name, ownedBy: model.provider ?? 'kipux' }));
  }

  async isChatModelAvailable(name: string): Promise<boolean> {
    return (await this.pickable()).some((model) => model.name === name);
  }

  async isEmbeddingModelAvailable(name: string): Promise<boolean> {
    return name === this.config.env.EMBEDDING_MODEL;
  }

  pricesOf(name: string): Promise<ModelPrices | null> {
    return this.prices.get(name, () => this.catalog.pricesOf(name));
  }

  private pickable(): Promise<ModelDto[]> {
    return this.chatModels.get('chat', () => this.catalog.listForUser());
  }
}
