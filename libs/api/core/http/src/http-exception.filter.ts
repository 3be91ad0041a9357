import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody } from '@kipux/contracts';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { AppException } from './app-exception';

/** body-parser errors carry a `type` and a status; they are the client's fault, not ours. */
const BODY_PARSER_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.too.large': { code: 'payload_too_large', message: 'The request body is too large.' },
  'entity.parse.failed': { code: 'invalid_json', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': { code: 'unsupported_encoding', message: 'The request body encoding is not supported.' },
  'charset.unsupported': { code: 'unsupported_charset', message: 'The request body charset is not supported.' },
};

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

export interface ErrorResponse {
  status: number;
  body: ApiErrorBody;
  retryAfterSeconds?: number;
}

/** Turns anything thrown into the public error shape. Unknown errors become a 500 with a correlation id. */
export function toErrorResponse(error: unknown, logger: Logger): ErrorResponse {
  if (error instanceof AppException) {
    const { fields, retryAfterSeconds } = error.extras;
    return {
      status: error.status,
      body: { statusCode: error.status, code: error.code, message: error.message, ...(fields ? { fields } : {}) },
      retryAfterSeconds,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : String((response as { message?: unknown }).message ?? error.message);
      return { status, body: { statusCode: status, code: HTTP_CODES[status] ?? 'error', message } };
    }
  }
  const requestId = randomUUID();
  logger.error(`Unhandled error ${requestId}`, error instanceof Error ? error.stack : String(error));
  return {
    status: 500,
    body: { statusCode: 500, code: 'internal_error', message: 'Something went wrong on our side.', requestId },
  };
}

/** body-parser errors as AppExceptions (Nest would otherwise turn some into a bare 400 and others into a 500). */
export function fromBodyParserError(error: unknown): AppException | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' ? BODY_PARSER_ERRORS[type] : undefined;
  if (!known) return undefined;
  return new AppException(Number((error as { status?: unknown }).status) || 400, known.code, known.message);
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const { status, body, retryAfterSeconds } = toErrorResponse(error, this.logger);
    if (response.headersSent) {
      // An SSE stream or similar already started: all we can do is end it.
      response.end();
      return;
    }
    if (retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
    const formatter = errorFormatters.find((f) => request.path.startsWith(f.pathPrefix));
    response.status(status).json(formatter ? formatter.format(body) : body);
  }
}

/** Lets an API surface with its own error shape (the OpenAI-compatible `/v1`) reuse the same mapping. */
export interface ErrorFormatter {
  pathPrefix: string;
  format(body: ApiErrorBody): unknown;
}

const errorFormatters: ErrorFormatter[] = [];

export function registerErrorFormatter(formatter: ErrorFormatter): void {
  if (!errorFormatters.some((f) => f.pathPrefix === formatter.pathPrefix)) errorFormatters.push(formatter);
}
