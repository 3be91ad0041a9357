import { AppException, type ErrorFormatter } from '@kipux/api/http';
import type { ApiErrorBody } from '@kipux/contracts';

/** OpenAI's error body: what its SDKs parse into `APIError`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** OpenAI's `type` by HTTP status. */
function errorType(status: number): string {
  if (status === 401) return 'invalid_request_error';
  if (status === 429) return 'requests';
  if (status >= 500) return status === 500 ? 'server_error' : 'upstream_error';
  return 'invalid_request_error';
}

/** Where the app's own codes differ from the ones OpenAI's clients know. */
const CODE_ALIASES: Record<string, string> = {
  unauthenticated: 'invalid_api_key',
  not_found: 'not_found',
  validation_failed: 'invalid_value',
};

/** Renders the app's error body (from the global filter) in OpenAI's shape; `param` is the first field named. */
export function toOpenAiError(body: ApiErrorBody): OpenAiErrorBody {
  const param = body.fields ? (Object.keys(body.fields)[0] ?? null) : null;
  return {
    error: {
      message: body.message,
      type: errorType(body.statusCode),
      param,
      code: CODE_ALIASES[body.code] ?? body.code,
    },
  };
}

export const OPENAI_ERROR_FORMATTER: ErrorFormatter = { pathPrefix: '/v1', format: toOpenAiError };

/** A 400 naming the parameter, as OpenAI answers (`param` carries the path, e.g. `messages[0].role`). */
export function invalidParam(param: string, message: string, code = 'invalid_value'): AppException {
  return AppException.badRequest(code, message, { [param]: [message] });
}

export const OpenAiErrors = {
  invalidApiKey: () =>
    AppException.unauthorized(
      'invalid_api_key',
      'Incorrect or missing API key. Send "Authorization: Bearer <key>" with a key created under API keys in Kipux.',
    ),
  revokedApiKey: () => AppException.unauthorized('invalid_api_key', 'This API key has been revoked.'),
  accountDisabled: () => AppException.forbidden('account_disabled', 'The account that owns this API key has been disabled by an administrator.'),
  modelNotFound: (model: string) =>
    new AppException(404, 'model_not_found', `The model \`${model}\` does not exist or you do not have access to it.`, { fields: { model: ['unknown model'] } }),
  rateLimited: (scope: 'key' | 'user', limit: number, retryAfterSeconds: number) =>
    AppException.tooManyRequests(
      'rate_limit_exceeded',
      `Rate limit reached for this ${scope === 'key' ? 'API key' : 'account'}: ${limit} requests per minute. Try again in ${Math.ceil(retryAfterSeconds)}s.`,
      retryAfterSeconds,
    ),
  webSearchUnavailable: () => invalidParam('web_search_options', 'web_search_options is not available on this server: no web search engine is configured (SEARXNG_URL).', 'unsupported_parameter'),
  tooManyKeys: (max: number) => AppException.conflict('too_many_api_keys', `You can have at most ${max} active API keys; revoke one first.`),
};
