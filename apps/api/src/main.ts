import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError } from '@kipux/api/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { createApp, logLevels } from './create-app';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  if (!config.runsHttp) {
    // Worker-only process: the same modules (queues, sweeps, schedulers), no HTTP server.
    const worker = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: logLevels(config) });
    worker.enableShutdownHooks();
    await worker.init();
    new Logger('Kipux').log('Running background workers only (PROCESS_ROLE=worker)');
    return;
  }
  const app = await createApp(config);
  await app.listen(config.env.PORT, config.env.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.env.PORT;
  new Logger('Kipux').log(`Listening on http://${config.env.HOST}:${port} (${config.embeddedDatabase ? 'embedded' : 'full'} mode)`);
}

bootstrap().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
