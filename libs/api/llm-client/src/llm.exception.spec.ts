import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { LlmError, LlmErrorCode, parseRetryAfter, redactSecrets, toLlmError, type LlmErrorContext } from './llm.exception';

const KEY = 'sk-secret-master-key-1234';
const context: LlmErrorContext = { origin: 'http://litellm:4000', apiKey: KEY, model: 'gpt-4o' };

function apiError(status: number, message: string, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, { error: { message, type: 'x', code: String(status) } }, undefined, new Headers(headers));
}

describe('toLlmError', () => {
  it.each([
    [401, LlmErrorCode.Unauthorized],
    [403, LlmErrorCode.Unauthorized],
    [404, LlmErrorCode.ModelNotFound],
    [400, LlmErrorCode.BadRequest],
    [422, LlmErrorCode.BadRequest],
    [429, LlmErrorCode.RateLimited],
    [500, LlmErrorCode.UpstreamError],
    [503, LlmErrorCode.UpstreamError],
  ])('maps an upstream %i to %s', (status, code) => {
    const error = toLlmError(apiError(status, 'boom'), context);
    expect(error).toBeInstanceOf(LlmError);
    expect(error.code).toBe(code);
    expect(error.upstreamStatus).toBe(status);
    expect(error.message).toContain('boom');
  });

  it('names the status of a server error', () => {
    expect(toLlmError(apiError(502, 'bad gateway'), context).message).toBe('The model provider returned 502: bad gateway');
  });

  it('names the model that was not found', () => {
    expect(toLlmError(apiError(404, 'nope'), context).message).toContain('"gpt-4o"');
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(toLlmError(apiError(429, 'slow down', { 'retry-after': '12' }), context).retryAfterSeconds).toBe(12);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('never repeats the API key or a bearer token', () => {
    const error = toLlmError(apiError(401, `Invalid proxy server token passed. Received API Key = ${KEY}, header Bearer ${KEY}`), context);
    expect(error.message).not.toContain(KEY);
    expect(error.message).toContain('[redacted]');
    expect(redactSecrets('Authorization: Bearer abc.def', undefined)).toBe('Authorization: Bearer [redacted]');
  });

  it('reports aborts as aborted, whatever else failed', () => {
    expect(toLlmError(new APIUserAbortError(), context).code).toBe(LlmErrorCode.Aborted);
    const controller = new AbortController();
    controller.abort();
    expect(toLlmError(new TypeError('terminated'), { ...context, signal: controller.signal }).code).toBe(LlmErrorCode.Aborted);
  });

  it('names the root cause of a connection failure', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    const error = toLlmError(new APIConnectionError({ cause }), context);
    expect(error.code).toBe(LlmErrorCode.ConnectionFailed);
    expect(error.message).toBe('Could not connect to the model provider at http://litellm:4000: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('calls a network error during a stream a broken-off answer', () => {
    const error = toLlmError(Object.assign(new TypeError('terminated'), { cause: new Error('other side closed') }), { ...context, streaming: true });
    expect(error.code).toBe(LlmErrorCode.ConnectionFailed);
    expect(error.message).toMatch(/broke off mid-answer: terminated: other side closed$/);
  });

  it('suggests an HTTP status for Kipux callers', () => {
    expect(new LlmError(LlmErrorCode.RateLimited, 'x').httpStatus).toBe(429);
    expect(new LlmError(LlmErrorCode.NotConfigured, 'x').httpStatus).toBe(503);
  });
});
