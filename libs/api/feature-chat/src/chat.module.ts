import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@kipux/api/auth';
import { AppConfig } from '@kipux/api/config';
import { LlmModule } from '@kipux/api/llm';
import { ModelCatalogModule, ModelCatalogService } from '@kipux/api/model-catalog';
import { RedisService } from '@kipux/api/redis';
import { ChatHooks } from './chat-hooks';
import { ChatRepository } from './chat.repository';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { ConversationEntity } from './entities/conversation.entity';
import { MessageEntity } from './entities/message.entity';
import { ChatEventBus } from './events/chat-event-bus';
import { MemoryChatEventBus } from './events/memory-event-bus';
import { RedisChatEventBus } from './events/redis-event-bus';
import { ChatModelCatalog, UNKNOWN_MODEL_FACTS } from './generation/chat-model-catalog';
import { GenerationRegistry } from './generation/generation.registry';
import { GenerationRunner } from './generation/generation.runner';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { ToolRegistry } from './tools/tool-registry';

/**
 * Conversations, messages and their generations. Other modules import it to add tools the model may call
 * (`ToolRegistry`) or to hear about stored messages (`ChatHooks`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, MessageEntity]), LlmModule, AuthModule, ModelCatalogModule],
  controllers: [ConversationsController, MessagesController],
  providers: [
    ChatRepository,
    ConversationsService,
    MessagesService,
    GenerationRunner,
    GenerationRegistry,
    ToolRegistry,
    ChatHooks,
    {
      provide: ChatModelCatalog,
      inject: [ModelCatalogService],
      useFactory: (catalog: ModelCatalogService): ChatModelCatalog => ({
        costOf: (model, usage) => catalog.costOf(model, usage),
        defaultModel: async () => (await catalog.defaultChatModel())?.name ?? null,
        factsOf: async (model) => {
          const known = await catalog.resolveChatModel(model);
          return known ? { provider: known.provider, supportsTools: known.capabilities.functionCalling, contextWindow: known.maxInputTokens } : UNKNOWN_MODEL_FACTS;
        },
      }),
    },
    {
      provide: ChatEventBus,
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService): ChatEventBus => (config.redisEnabled ? new RedisChatEventBus(redis) : new MemoryChatEventBus()),
    },
  ],
  exports: [ToolRegistry, ChatHooks],
})
export class ChatModule {}
