import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { registerErrorFormatter } from '@kipux/api/http';
import { LlmModule } from '@kipux/api/llm';
import { ModelCatalogModule } from '@kipux/api/model-catalog';
import { WebToolsModule } from '@kipux/api/web-tools';
import { ApiKeyGuard } from './api-keys/api-key.guard';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ApiUsageEntity } from './entities/api-usage.entity';
import { OPENAI_ERROR_FORMATTER } from './openai-errors';
import { CatalogModelDirectory, ModelDirectory } from './ports/model-directory';
import { WebSearch, WebToolsSearch } from './ports/web-search';
import { ApiRateLimitGuard } from './v1/api-rate-limit.guard';
import { ApiUsageRepository } from './v1/api-usage.repository';
import { ChatCompletionsService } from './v1/chat-completions.service';
import { EmbeddingsService } from './v1/embeddings.service';
import { UsageMeter } from './v1/usage-meter';
import { V1Controller } from './v1/v1.controller';

/** API keys (managed from the SPA) and the OpenAI-compatible API under /v1 that they open. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, ApiUsageEntity]), LlmModule, ModelCatalogModule, WebToolsModule],
  controllers: [ApiKeysController, V1Controller],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    ApiKeyGuard,
    ApiRateLimitGuard,
    ApiUsageRepository,
    UsageMeter,
    ChatCompletionsService,
    EmbeddingsService,
    { provide: ModelDirectory, useClass: CatalogModelDirectory },
    { provide: WebSearch, useClass: WebToolsSearch },
  ],
})
export class OpenAiCompatModule implements OnModuleInit {
  onModuleInit(): void {
    // /v1 answers errors in OpenAI's shape; the rest of the app keeps its own.
    registerErrorFormatter(OPENAI_ERROR_FORMATTER);
  }
}
