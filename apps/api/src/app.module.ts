import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from '@kipux/api/auth';
import { ChatModule } from '@kipux/api/chat';
import { AppConfig, ConfigModule } from '@kipux/api/config';
import { DatabaseModule } from '@kipux/api/database';
import { ModelCatalogModule } from '@kipux/api/model-catalog';
import { OpenAiCompatModule } from '@kipux/api/openai-compat';
import { RedisModule } from '@kipux/api/redis';
import { SearchModule } from '@kipux/api/search';
import { WebToolsModule } from '@kipux/api/web-tools';
import { HealthController } from './health/health.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), RedisModule, AuthModule, ModelCatalogModule, ChatModule, OpenAiCompatModule, WebToolsModule, SearchModule],
      controllers: [HealthController],
    };
  }
}
