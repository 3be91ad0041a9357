import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { json, urlencoded, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { fromBodyParserError, HttpExceptionFilter } from './http-exception.filter';
import { createValidationPipe } from './validation';

export const JSON_BODY_LIMIT = '1mb';

/** Middleware, validation and error mapping shared by the real app and every HTTP test. */
export function configureHttpApp(app: INestApplication, options: { trustProxy?: string } = {}): void {
  const express = app as NestExpressApplication;
  if (options.trustProxy) express.set('trust proxy', options.trustProxy);
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // SweetAlert2 and Bootstrap set inline styles.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.use(cookieParser());
  app.use(json({ limit: JSON_BODY_LIMIT }));
  app.use(urlencoded({ extended: false, limit: JSON_BODY_LIMIT }));
  app.use((error: unknown, _request: Request, _response: Response, next: NextFunction) => next(fromBodyParserError(error) ?? error));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
}
