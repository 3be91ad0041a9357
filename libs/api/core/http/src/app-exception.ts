import type { ApiErrorBody } from '@kipux/contracts';

/**
 * The one error type features throw. `code` is a stable string clients can switch on; `message`
 * is shown to people and names the field or problem. Mapped to HTTP by `HttpExceptionFilter`.
 */
export class AppException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extras: Pick<ApiErrorBody, 'fields'> & { retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppException';
  }

  static badRequest(code: string, message: string, fields?: Record<string, string[]>): AppException {
    return new AppException(400, code, message, { fields });
  }

  static unauthorized(code = 'unauthenticated', message = 'You need to sign in.'): AppException {
    return new AppException(401, code, message);
  }

  static forbidden(code = 'forbidden', message = 'You are not allowed to do this.'): AppException {
    return new AppException(403, code, message);
  }

  /** Also used for other users' resources, so their existence is not revealed. */
  static notFound(what: string): AppException {
    return new AppException(404, 'not_found', `${what} not found.`);
  }

  static conflict(code: string, message: string, fields?: Record<string, string[]>): AppException {
    return new AppException(409, code, message, { fields });
  }

  static tooManyRequests(code: string, message: string, retryAfterSeconds: number): AppException {
    return new AppException(429, code, message, { retryAfterSeconds });
  }
}
