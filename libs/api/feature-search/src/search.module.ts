import { Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { AuthModule } from '@kipux/api/auth';
import { ChatHooks, ChatModule, ToolRegistry } from '@kipux/api/chat';
import { AppConfig } from '@kipux/api/config';
import { LlmModule } from '@kipux/api/llm';
import { RedisService } from '@kipux/api/redis';
import { BullmqEmbeddingQueue, EmbeddingQueue, MemoryEmbeddingQueue } from './embedding/embedding.queue';
import { EmbeddingProcessor } from './embedding/embedding.processor';
import { EmbeddingProducer } from './embedding/embedding.producer';
import { EmbeddingService } from './embedding/embedding.service';
import { AdminEmbeddingsController, SearchController } from './search.controller';
import { HNSW_MAX_DIMENSIONS, SearchRepository } from './search.repository';
import { MemoryService } from './memory.service';
import { SearchService } from './search.service';

/** How often workers look in the database for messages still lacking an embedding. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Hybrid search over a user's messages, and the embedding jobs behind it (BullMQ with Redis, in-process
 * without). Workers run where `PROCESS_ROLE` allows; the database decides what still needs embedding.
 */
@Module({
  imports: [ChatModule, LlmModule, AuthModule],
  controllers: [SearchController, AdminEmbeddingsController],
  providers: [
    SearchRepository,
    EmbeddingService,
    EmbeddingProducer,
    EmbeddingProcessor,
    SearchService,
    MemoryService,
    {
      provide: EmbeddingQueue,
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService): EmbeddingQueue => (config.redisEnabled ? new BullmqEmbeddingQueue(redis) : new MemoryEmbeddingQueue()),
    },
  ],
  exports: [SearchService, EmbeddingProducer],
})
export class SearchModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SearchModule');
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly hooks: ChatHooks,
    private readonly queue: EmbeddingQueue,
    private readonly producer: EmbeddingProducer,
    private readonly processor: EmbeddingProcessor,
    private readonly embeddings: EmbeddingService,
    private readonly repository: SearchRepository,
    private readonly registry: ToolRegistry,
    private readonly memory: MemoryService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.registry.extendTurns({ beforeTurn: (turn) => this.memory.recall(turn) });
    const target = this.embeddings.target;
    if (!target) {
      this.logger.log('No EMBEDDING_MODEL: search is full-text only');
      return;
    }
    if (target.dimensions <= HNSW_MAX_DIMENSIONS) {
      // Another instance booting at the same moment may win the race to create it.
      await this.repository.ensureVectorIndex(target.dimensions).catch((error: unknown) => this.logger.warn(`Vector index: ${(error as Error).message}`));
    } else {
      this.logger.warn(`EMBEDDING_DIMENSIONS ${target.dimensions} > ${HNSW_MAX_DIMENSIONS}: vector search runs without an HNSW index`);
    }
    this.hooks.onMessageStored((message) => {
      // A tool message may carry a page it read (fetch_url): its job embeds that page.
      if (message.role !== 'system') this.producer.messageStored(message.id);
    });
    if (!this.config.runsWorkers) return;
    this.queue.work((name, payload) => this.processor.process(name, payload));
    const sweep = () => this.producer.sweep().catch((error: unknown) => this.logger.warn(`Sweep failed: ${(error as Error).message}`));
    await sweep();
    this.sweepTimer = setInterval(sweep, SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.queue.close();
  }
}
