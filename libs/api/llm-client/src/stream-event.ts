import { LlmError, LlmErrorCode, llmErrorFromStatus, type LlmErrorContext } from './llm.exception';
import type { ChatCompletionChunk } from './llm.types';

/**
 * Whether a `data:` payload may carry usage (`usage`, `x_groq`), a finish reason or an error, i.e. one of
 * those keys with a value other than null. Keys only: inside JSON strings their quotes are escaped.
 */
const ACCOUNTING_KEY = /"(?:usage|x_groq|finish_reason|error)"\s*:\s*(?!\s|null\b)/;

export function mayCarryAccounting(data: string): boolean {
  return ACCOUNTING_KEY.test(data);
}

/** One `data:` payload: a chunk, or an error the provider reports in the middle of the stream (thrown). */
export function parseStreamEvent(data: string, context: LlmErrorContext): ChatCompletionChunk {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new LlmError(LlmErrorCode.UpstreamError, `The model provider sent a stream event that is not JSON: ${data.slice(0, 100)}`);
  }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new LlmError(LlmErrorCode.UpstreamError, `The model provider sent a stream event that is not an object: ${data.slice(0, 100)}`);
  }
  const error = (parsed as { error?: unknown }).error;
  if (error) {
    const { message, code } = (typeof error === 'object' ? error : { message: String(error) }) as { message?: unknown; code?: unknown };
    const status = /^\d{3}$/.test(String(code)) ? Number(code) : undefined;
    const detail = typeof message === 'string' ? message : JSON.stringify(error);
    // A 4xx status names the kind of failure (e.g. rate limited); anything else is the provider failing mid-answer.
    throw llmErrorFromStatus(status !== undefined && status < 500 ? status : undefined, detail, context);
  }
  return parsed as ChatCompletionChunk;
}
