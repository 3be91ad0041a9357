import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, ConfigModule } from '@kipux/api/config';
import { DatabaseModule } from '@kipux/api/database';
import { configureHttpApp } from '@kipux/api/http';
import { RedisModule } from '@kipux/api/redis';
import { prepareTarget, type TestTarget } from './test-targets';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * A Nest app made of the core modules (config, database with real migrations, Redis or in-process
 * adapters) plus the given feature modules, on a fresh database of the target. For medium tests.
 */
export async function createTestApp(target: TestTarget, metadata: ModuleMetadata, extraEnv: Record<string, string> = {}): Promise<TestApp> {
  const prepared = await prepareTarget(target, extraEnv);
  const config = AppConfig.fromEnv(prepared.env);
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(), RedisModule, ...(metadata.imports ?? [])],
  }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  configureHttpApp(app);
  app.setGlobalPrefix('api');
  await app.init();
  return {
    app,
    config,
    close: async () => {
      await app.close();
      await prepared.cleanup();
    },
  };
}
