import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError } from '@kipux/api/config';
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
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
