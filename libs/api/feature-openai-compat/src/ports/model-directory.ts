import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { ModelCatalogService } from '@kipux/api/model-catalog';
import type { Usage } from '@kipux/contracts';

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
  /** USD, or null when the model has no prices. */
  abstract costOf(name: string, usage: Usage): Promise<number | null>;
}

/** The model catalog's view: what an admin enabled for chat; embeddings use the configured EMBEDDING_MODEL. */
@Injectable()
export class CatalogModelDirectory extends ModelDirectory {
  constructor(
    private readonly catalog: ModelCatalogService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async listChatModels(): Promise<ListedModel[]> {
    return (await this.catalog.listForUser()).map((model) => ({ id: model.name, ownedBy: model.provider ?? 'kipux' }));
  }

  async isChatModelAvailable(name: string): Promise<boolean> {
    return (await this.catalog.resolveChatModel(name)) !== null;
  }

  async isEmbeddingModelAvailable(name: string): Promise<boolean> {
    return name === this.config.env.EMBEDDING_MODEL;
  }

  costOf(name: string, usage: Usage): Promise<number | null> {
    return this.catalog.costOf(name, usage);
  }
}
