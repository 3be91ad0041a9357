import type { ToolCall, Usage } from '@kipux/contracts';
import type { ChatCompletionChunk, ToolCallDelta, UsageJson } from './llm.types';

/** What one chunk added to the message, in the order it came. */
export type StreamDelta =
  | { type: 'reasoning'; text: string }
  | { type: 'content'; text: string }
  /** The first fragment of a tool call: id and name as known so far, arguments still empty. */
  | { type: 'tool_call.started'; index: number; toolCall: ToolCall }
  | { type: 'tool_call.arguments'; index: number; id: string; fragment: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; finishReason: string };

export interface AccumulatedMessage {
  /** The provider's completion id (`chatcmpl-...`). */
  id: string | null;
  model: string | null;
  provider: string | null;
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: Usage | null;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Provider usage in the contracts' shape. `total_tokens` is kept as reported (xAI counts reasoning on top). */
export function toUsage(raw: UsageJson): Usage {
  const promptTokens = count(raw.prompt_tokens) ?? 0;
  const completionTokens = count(raw.completion_tokens) ?? 0;
  const usage: Usage = { promptTokens, completionTokens, totalTokens: count(raw.total_tokens) ?? promptTokens + completionTokens };
  const reasoningTokens = count(raw.completion_tokens_details?.reasoning_tokens);
  if (reasoningTokens !== undefined) usage.reasoningTokens = reasoningTokens;
  const cachedTokens = count(raw.prompt_tokens_details?.cached_tokens);
  if (cachedTokens !== undefined) usage.cachedTokens = cachedTokens;
  return usage;
}

function sameUsage(a: Usage | null, b: Usage): boolean {
  return (
    a !== null &&
    a.promptTokens === b.promptTokens &&
    a.completionTokens === b.completionTokens &&
    a.totalTokens === b.totalTokens &&
    a.reasoningTokens === b.reasoningTokens &&
    a.cachedTokens === b.cachedTokens
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Builds one assistant message from streamed chunks. Pure: feed it chunks with `push`, which returns the
 * deltas each chunk produced (for live events), and read the message so far from its fields or `snapshot()`.
 */
export class StreamAccumulator {
  id: string | null = null;
  model: string | null = null;
  provider: string | null = null;
  content = '';
  reasoning = '';
  finishReason: string | null = null;
  usage: Usage | null = null;

  private readonly calls = new Map<number, ToolCall>();
  private usageFromTopLevel = false;

  /** Tool calls ordered by their stream `index`. */
  get toolCalls(): ToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => ({ ...call, function: { ...call.function } }));
  }

  push(chunk: ChatCompletionChunk): StreamDelta[] {
    const deltas: StreamDelta[] = [];
    if (typeof chunk.id === 'string' && chunk.id && this.id === null) this.id = chunk.id;
    if (typeof chunk.model === 'string' && chunk.model) this.model = chunk.model;
    if (typeof chunk.provider === 'string' && chunk.provider) this.provider = chunk.provider;

    // Kipux asks for one choice (n = 1); others, if a provider sends them, are not this message.
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    if (choice) {
      const delta = choice.delta ?? {};
      // Some routers send the same text under both names; reasoning_content wins so it is not counted twice.
      const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') {
        this.reasoning += reasoning;
        deltas.push({ type: 'reasoning', text: reasoning });
      }
      if (typeof delta.content === 'string' && delta.content !== '') {
        this.content += delta.content;
        deltas.push({ type: 'content', text: delta.content });
      }
      for (const fragment of delta.tool_calls ?? []) this.pushToolCall(fragment, deltas);
      if (typeof choice.finish_reason === 'string' && choice.finish_reason) {
        this.finishReason = choice.finish_reason;
        deltas.push({ type: 'finish', finishReason: choice.finish_reason });
      }
    }

    // The standard `usage` (finish chunk or usage-only final chunk) wins over provider extras like x_groq.usage.
    if (isObject(chunk.usage)) {
      this.usageFromTopLevel = true;
      this.setUsage(toUsage(chunk.usage), deltas);
    } else if (!this.usageFromTopLevel && isObject(chunk.x_groq?.usage)) {
      this.setUsage(toUsage(chunk.x_groq.usage), deltas);
    }
    return deltas;
  }

  snapshot(): AccumulatedMessage {
    return {
      id: this.id,
      model: this.model,
      provider: this.provider,
      content: this.content,
      reasoning: this.reasoning,
      toolCalls: this.toolCalls,
      finishReason: this.finishReason,
      usage: this.usage ? { ...this.usage } : null,
    };
  }

  private pushToolCall(fragment: ToolCallDelta, deltas: StreamDelta[]): void {
    const index = this.toolCallIndex(fragment);
    let call = this.calls.get(index);
    if (!call) {
      call = { id: fragment.id ?? '', type: 'function', function: { name: fragment.function?.name ?? '', arguments: '' } };
      this.calls.set(index, call);
      deltas.push({ type: 'tool_call.started', index, toolCall: { ...call, function: { ...call.function } } });
    } else {
      // Some providers repeat id and name on every fragment; the first ones stand.
      if (!call.id && fragment.id) call.id = fragment.id;
      if (!call.function.name && fragment.function?.name) call.function.name = fragment.function.name;
    }
    const fragmentText = fragment.function?.arguments;
    if (typeof fragmentText === 'string' && fragmentText !== '') {
      call.function.arguments += fragmentText;
      deltas.push({ type: 'tool_call.arguments', index, id: call.id, fragment: fragmentText });
    }
  }

  /** Fragments carry `index`; a provider that omits it is followed by id, else the latest call continues. */
  private toolCallIndex(fragment: ToolCallDelta): number {
    if (typeof fragment.index === 'number') return fragment.index;
    const indexes = [...this.calls.keys()];
    if (fragment.id) {
      const known = [...this.calls.entries()].find(([, call]) => call.id === fragment.id);
      return known ? known[0] : indexes.length === 0 ? 0 : Math.max(...indexes) + 1;
    }
    return indexes.length === 0 ? 0 : Math.max(...indexes);
  }

  private setUsage(usage: Usage, deltas: StreamDelta[]): void {
    if (sameUsage(this.usage, usage)) return;
    this.usage = usage;
    deltas.push({ type: 'usage', usage: { ...usage } });
  }
}
