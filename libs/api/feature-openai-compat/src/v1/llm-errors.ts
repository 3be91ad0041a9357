import { AppException } from '@kipux/api/http';
import { LlmError, LlmErrorCode } from '@kipux/api/llm';
import { OpenAiErrors } from '../openai-errors';

/** An upstream failure as the /v1 caller sees it: OpenAI's statuses, never our proxy's credentials. */
export function fromLlmError(error: LlmError, model: string): AppException {
  switch (error.code) {
    case LlmErrorCode.ModelNotFound:
      return OpenAiErrors.modelNotFound(model);
    case LlmErrorCode.RateLimited:
      return new AppException(429, 'rate_limit_exceeded', `The model provider is rate limiting requests for \`${model}\`; try again later.`, {
        retryAfterSeconds: error.retryAfterSeconds,
      });
    case LlmErrorCode.BadRequest:
      return AppException.badRequest('invalid_request', error.message);
    case LlmErrorCode.Timeout:
      return new AppException(504, 'timeout', `The model provider did not answer in time for \`${model}\`.`);
    case LlmErrorCode.NotConfigured:
      return new AppException(503, 'service_unavailable', 'No model provider is configured on this server.');
    case LlmErrorCode.Unauthorized:
      return new AppException(502, 'upstream_error', 'The model provider refused this server’s credentials.');
    default:
      // The client's own message names the proxy's address: not for API callers.
      return new AppException(
        502,
        'upstream_error',
        error.upstreamStatus
          ? `The model provider failed with ${error.upstreamStatus} for \`${model}\`.`
          : `The model provider could not be reached or broke off the answer for \`${model}\`.`,
      );
  }
}

/** Anything a relay threw, as an AppException (unknown errors stay as they are: the filter logs them as 500). */
export function toRelayException(error: unknown, model: string): unknown {
  return error instanceof LlmError ? fromLlmError(error, model) : error;
}
