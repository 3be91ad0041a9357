import { randomBytes } from 'node:crypto';

export type Json = Record<string, unknown>;

export interface UsageJson {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
  prompt_tokens_details?: { cached_tokens: number };
}

/** Builds the chunks of one scripted streaming answer, all sharing id, created and model like a real stream. */
export class ChunkFactory {
  readonly id = `chatcmpl-fake-${randomBytes(8).toString('hex')}`;
  readonly created = Math.floor(Date.now() / 1000);

  constructor(readonly model: string) {}

  delta(delta: Json): Json {
    return this.chunk([{ index: 0, delta, finish_reason: null }]);
  }

  finish(reason: string): Json {
    return this.chunk([{ index: 0, delta: {}, finish_reason: reason }]);
  }

  /** The usage-only final chunk sent when the request asked for `stream_options.include_usage`. */
  usage(usage: UsageJson): Json {
    return { ...this.chunk([]), usage };
  }

  private chunk(choices: Json[]): Json {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices };
  }
}

/** Text split into word-sized pieces that join back to exactly the original text. */
export function wordPieces(text: string): string[] {
  return text.split(/(?<=\S)(?=\s)/).filter((piece) => piece.length > 0);
}

/** A rough token count (words and punctuation marks), stable enough for usage figures. */
export function estimateTokens(text: string): number {
  return text.match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu)?.length ?? 0;
}

interface AssembledToolCall {
  id: string;
  type: string;
  function: { name: string; arguments: string };
}

/**
 * The non-streaming answer equivalent to a list of chunks, so scripted and recorded scenarios serve
 * `stream: false` from the very same data.
 */
export function chunksToCompletion(chunks: Json[]): Json {
  const first = chunks[0] ?? {};
  let content: string | null = null;
  const reasoning = new Map<string, string>();
  const toolCalls: AssembledToolCall[] = [];
  let finishReason: unknown = null;
  let usage: unknown;
  for (const chunk of chunks) {
    if (chunk['usage']) usage = chunk['usage'];
    const choice = (chunk['choices'] as Json[] | undefined)?.[0];
    if (!choice) continue;
    if (choice['finish_reason']) finishReason = choice['finish_reason'];
    const delta = (choice['delta'] ?? {}) as Json;
    if (typeof delta['content'] === 'string') content = (content ?? '') + delta['content'];
    for (const field of ['reasoning_content', 'reasoning']) {
      if (typeof delta[field] === 'string') reasoning.set(field, (reasoning.get(field) ?? '') + delta[field]);
    }
    for (const fragment of (delta['tool_calls'] as Json[] | undefined) ?? []) {
      const index = fragment['index'] as number;
      const fn = (fragment['function'] ?? {}) as Json;
      toolCalls[index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
      const call = toolCalls[index];
      if (typeof fragment['id'] === 'string') call.id = fragment['id'];
      if (typeof fn['name'] === 'string') call.function.name = fn['name'];
      if (typeof fn['arguments'] === 'string') call.function.arguments += fn['arguments'];
    }
  }
  const message: Json = { role: 'assistant', content, ...Object.fromEntries(reasoning) };
  if (toolCalls.length > 0) message['tool_calls'] = toolCalls;
  return {
    id: first['id'],
    object: 'chat.completion',
    created: first['created'],
    model: first['model'],
    ...(first['system_fingerprint'] ? { system_fingerprint: first['system_fingerprint'] } : {}),
    choices: [{ index: 0, message, finish_reason: finishReason }],
    ...(usage ? { usage } : {}),
  };
}
