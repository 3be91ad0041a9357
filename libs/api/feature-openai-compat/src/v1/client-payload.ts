import type { ChatCompletionChunk } from '@kipux/api/llm';

/**
 * What the client gets of one upstream stream event: the payload as the upstream sent it, without the usage
 * the client did not ask for (`stream_options.include_usage`); null when nothing is left of it (the
 * usage-only final chunk). `chunk` is the parsed payload when it may carry usage, else null.
 */
export function clientPayload(data: string, chunk: ChatCompletionChunk | null, includeUsage: boolean): string | null {
  if (includeUsage || !chunk?.usage) return data;
  if (!chunk.choices?.length) return null;
  const { usage: _usage, ...withoutUsage } = chunk;
  return JSON.stringify(withoutUsage);
}
