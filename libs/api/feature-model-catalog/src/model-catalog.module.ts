import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@kipux/api/config';
import { RedisService } from '@kipux/api/redis';
import { CatalogSourceReader } from './catalog-source';
import { ModelSyncRunEntity } from './entities/model-sync-run.entity';
import { ModelEntity } from './entities/model.entity';
import { ModelCatalogRepository } from './model-catalog.repository';
import { ModelCatalogService } from './model-catalog.service';
import { ModelSyncScheduler } from './model-sync.scheduler';
import { AdminModelsController, ModelsController } from './models.controller';
import { LocalSyncLock, RedisSyncLock, SyncLock } from './sync-lock';
import { UsageController } from './usage.controller';
import { UsageRepository } from './usage.repository';
import { UsageService } from './usage.service';

@Module({
  imports: [TypeOrmModule.forFeature([ModelEntity, ModelSyncRunEntity])],
  controllers: [ModelsController, AdminModelsController, UsageController],
  providers: [
    ModelCatalogRepository,
    ModelCatalogService,
    CatalogSourceReader,
    ModelSyncScheduler,
    UsageRepository,
    UsageService,
    {
      provide: SyncLock,
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService) => (config.redisEnabled ? new RedisSyncLock(redis) : new LocalSyncLock()),
    },
  ],
  exports: [ModelCatalogService],
})
export class ModelCatalogModule {}
