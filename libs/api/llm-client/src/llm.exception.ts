import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export enum LlmErrorCode {
  Unauthorized = 'unauthorized',
  ModelNotFound = 'model_not_found',
  RateLimited = 'rate_limited',
  BadRequest = 'bad_request',
  UpstreamError = 'upstream_error',
  ConnectionFailed = 'connection_failed',
  Timeout = 'timeout',
  Aborted = 'aborted',
  NotConfigured = 'not_configured',
}

/** The HTTP status Kipux answers its own callers with when an upstream call fails this way. */
const HTTP_STATUS: Record<LlmErrorCode, number> = {
  [LlmErrorCode.Unauthorized]: 502,
  [LlmErrorCode.ModelNotFound]: 404,
  [LlmErrorCode.RateLimited]: 429,
  [LlmErrorCode.BadRequest]: 400,
  [LlmErrorCode.UpstreamError]: 502,
  [LlmErrorCode.ConnectionFailed]: 502,
  [LlmErrorCode.Timeout]: 504,
  [LlmErrorCode.Aborted]: 499,
  [LlmErrorCode.NotConfigured]: 503,
};

/** Every failure of a call to the model provider. The message is readable and never holds the API key. */
export class LlmError extends Error {
  constructor(
    readonly code: LlmErrorCode,
    message: string,
    /** The upstream's HTTP status, when it answered with one. */
    readonly upstreamStatus?: number,
    /** From the upstream's Retry-After, for `rate_limited`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

/** What the mapping needs to know about the call that failed. */
export interface LlmErrorContext {
  /** Scheme, host and port of the upstream, to name it in connection errors. */
  origin: string;
  apiKey: string | undefined;
  model?: string;
  /** The caller's signal: once aborted, any failure is reported as `aborted`. */
  signal?: AbortSignal;
  /** Whether the response had started; a network failure then means the stream broke off. */
  streaming?: boolean;
  /** Set when one of our deadlines aborted the call. */
  timeoutMessage?: string | null;
}

const MAX_DETAIL = 500;

/** Removes the configured key (and any bearer token) from text that came from elsewhere. */
export function redactSecrets(text: string, apiKey: string | undefined): string {
  let clean = text.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]');
  if (apiKey && apiKey.length >= 4) clean = clean.split(apiKey).join('[redacted]');
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
}

export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The chain of cause messages: `fetch failed` → `connect ECONNREFUSED 127.0.0.1:1`. */
function rootCause(error: unknown): string {
  // Duck-typed: errors from Node internals may come from another realm (and fail `instanceof Error`).
  let current = error as { message?: unknown; cause?: unknown } | null | undefined;
  const messages: string[] = [];
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    if (typeof current.message === 'string') messages.push(current.message);
    current = current.cause as typeof current;
  }
  const meaningful = messages.filter((m) => m && m !== 'Connection error.' && m !== 'fetch failed');
  return meaningful.length > 0 ? meaningful.join(': ') : (messages[0] ?? String(error));
}

/** An error answer (`{error: {message}}`) or an in-stream error event, by the upstream's status. */
export function llmErrorFromStatus(
  status: number | undefined,
  detailText: string,
  context: LlmErrorContext,
  retryAfterHeader?: string | null,
): LlmError {
  const detail = redactSecrets(detailText, context.apiKey);
  if (status === undefined) return new LlmError(LlmErrorCode.UpstreamError, `The model provider reported an error mid-answer: ${detail}`);
  if (status === 401 || status === 403) {
    return new LlmError(LlmErrorCode.Unauthorized, `The model provider refused our credentials (${status}); check LITELLM_API_KEY: ${detail}`, status);
  }
  if (status === 404) {
    const model = context.model ? ` "${context.model}"` : '';
    return new LlmError(LlmErrorCode.ModelNotFound, `The model provider does not know the model${model} (404): ${detail}`, status);
  }
  if (status === 429) {
    const retryAfter = parseRetryAfter(retryAfterHeader);
    const when = retryAfter === undefined ? '' : `; retry after ${retryAfter}s`;
    return new LlmError(LlmErrorCode.RateLimited, `The model provider is rate limiting requests (429${when}): ${detail}`, status, retryAfter);
  }
  if (status === 408) return new LlmError(LlmErrorCode.Timeout, `The model provider timed out (408): ${detail}`, status);
  if (status >= 500) return new LlmError(LlmErrorCode.UpstreamError, `The model provider returned ${status}: ${detail}`, status);
  return new LlmError(LlmErrorCode.BadRequest, `The model provider rejected the request (${status}): ${detail}`, status);
}

/** Maps whatever a call to the provider threw (SDK errors, fetch and stream errors) to an `LlmError`. */
export function toLlmError(error: unknown, context: LlmErrorContext): LlmError {
  const cancelled = new LlmError(LlmErrorCode.Aborted, 'The request to the model provider was cancelled.');
  if (context.signal?.aborted) return cancelled;
  // Our deadlines abort through the same signal the SDK reports as a user abort.
  if (context.timeoutMessage) return new LlmError(LlmErrorCode.Timeout, context.timeoutMessage);
  if (error instanceof APIUserAbortError) return cancelled;
  if (error instanceof LlmError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmError(LlmErrorCode.Timeout, `The model provider at ${context.origin} did not answer in time.`);
  }
  if (error instanceof APIConnectionError) {
    const detail = redactSecrets(rootCause(error), context.apiKey);
    return new LlmError(LlmErrorCode.ConnectionFailed, `Could not connect to the model provider at ${context.origin}: ${detail}`);
  }
  if (error instanceof APIError) {
    const body = error.error as { message?: unknown } | undefined;
    const detail = typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s+/, '');
    return llmErrorFromStatus(error.status, detail, context, error.headers?.get('retry-after'));
  }
  const detail = redactSecrets(rootCause(error), context.apiKey);
  if (context.streaming) {
    return new LlmError(LlmErrorCode.ConnectionFailed, `The connection to the model provider at ${context.origin} broke off mid-answer: ${detail}`);
  }
  return new LlmError(LlmErrorCode.ConnectionFailed, `The call to the model provider at ${context.origin} failed: ${detail}`);
}
