import type { ApiErrorBody } from '@kipux/contracts';

/** Every failed API call throws this, carrying the server's error body (or a synthesized one). */
export class ApiError extends Error {
  constructor(
    readonly body: ApiErrorBody,
    /** Seconds from a 429's Retry-After header, when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.body.statusCode;
  }

  get code(): string {
    return this.body.code;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Status 0 marks failures that never reached the server (offline, DNS, aborted). */
export const NETWORK_ERROR_CODE = 'network_error';
