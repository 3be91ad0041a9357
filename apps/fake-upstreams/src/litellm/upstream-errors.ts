import { openAiError, type OpenAiErrorBody } from '../http.util';

const ERROR_KINDS: Record<number, { type: string; name: string }> = {
  400: { type: 'invalid_request_error', name: 'BadRequestError' },
  401: { type: 'auth_error', name: 'AuthenticationError' },
  403: { type: 'permission_error', name: 'PermissionDeniedError' },
  404: { type: 'not_found_error', name: 'NotFoundError' },
  408: { type: 'timeout_error', name: 'Timeout' },
  422: { type: 'invalid_request_error', name: 'UnprocessableEntityError' },
  429: { type: 'rate_limit_error', name: 'RateLimitError' },
  503: { type: 'service_unavailable_error', name: 'ServiceUnavailableError' },
};

/** An error body worded like LiteLLM's (`litellm.RateLimitError: ...`). */
export function upstreamError(status: number, detail: string): OpenAiErrorBody {
  const kind = ERROR_KINDS[status] ?? (status >= 500 ? { type: 'internal_server_error', name: 'InternalServerError' } : { type: 'invalid_request_error', name: 'APIError' });
  return openAiError(status, `litellm.${kind.name}: ${detail}`, kind.type);
}

export function invalidApiKeyError(received: string | undefined): OpenAiErrorBody {
  // Real LiteLLM versions echo the received key in this message; clients must not pass it on.
  return openAiError(401, `Authentication Error, Invalid proxy server token passed. Received API Key = ${received ?? '(none)'}`, 'auth_error', 'None');
}

export function unknownModelError(model: string): OpenAiErrorBody {
  return openAiError(404, `litellm.NotFoundError: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key.`, 'not_found_error', 'model');
}
