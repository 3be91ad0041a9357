import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@kipux/api/config';
import { configureHttpApp } from '@kipux/api/http';
import { SESSION_COOKIE } from '@kipux/contracts';
import { AppModule } from './app.module';
import { serveSpa } from './spa';
import { APP_VERSION } from './version';

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function logLevels(config: AppConfig): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(config.env.LOG_LEVEL) + 1);
}

/** The whole HTTP app: REST under /api, OpenAPI at /api/docs, the SPA at /. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    abortOnError: false,
    logger: logLevels(config),
  });
  configureHttpApp(app, { trustProxy: config.env.TRUST_PROXY });
  app.setGlobalPrefix('api', { exclude: ['v1/{*path}'] });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kipux AI')
      .setDescription('REST API of the Kipux AI chat app (`/api`) and its OpenAI-compatible API (`/v1`).')
      .setVersion(APP_VERSION)
      .addCookieAuth(SESSION_COOKIE)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });

  const spaRoot = serveSpa(app, config.env.WEB_DIST_DIR);
  if (!spaRoot) new Logger('Spa').warn('No built SPA found (run `npm run build:web`); serving the API only');
  return app;
}
