import type OpenAI from 'openai';
import type { ToolCall } from '@kipux/contracts';

/**
 * A chat completion request as sent upstream. Fields the SDK does not know (`enable_thinking`, `metadata`,
 * provider extras) pass through as they are. `stream` is set by the client method used.
 */
export type ChatRequest = Omit<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, 'stream'> & { [field: string]: unknown };

export type ChatMessageParam = OpenAI.Chat.ChatCompletionMessageParam;
export type ChatToolParam = OpenAI.Chat.ChatCompletionTool;

/** Usage as providers report it; only the fields Kipux reads are typed, the rest pass through. */
export interface UsageJson {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null; [field: string]: unknown } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null; [field: string]: unknown } | null;
  [field: string]: unknown;
}

export interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

export interface ChunkDelta {
  role?: string;
  content?: string | null;
  /** DeepSeek, xAI, LiteLLM. */
  reasoning_content?: string | null;
  /** OpenRouter, vLLM, Ollama. */
  reasoning?: string | null;
  tool_calls?: ToolCallDelta[] | null;
  [field: string]: unknown;
}

export interface ChunkChoice {
  index?: number;
  delta?: ChunkDelta;
  finish_reason?: string | null;
  [field: string]: unknown;
}

/** One `chat.completion.chunk` exactly as the provider sent it (unknown fields kept). */
export interface ChatCompletionChunk {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  /** Empty in the usage-only final chunk. */
  choices?: ChunkChoice[];
  usage?: UsageJson | null;
  /** Which upstream served it, when the router says (OpenRouter). */
  provider?: string;
  x_groq?: { id?: string; usage?: UsageJson | null; [field: string]: unknown } | null;
  [field: string]: unknown;
}

export interface CompletionMessage {
  role: string;
  content: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: ToolCall[] | null;
  [field: string]: unknown;
}

/** A non-streaming `chat.completion` exactly as the provider sent it. */
export interface ChatCompletion {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; message: CompletionMessage; finish_reason: string | null; [field: string]: unknown }>;
  usage?: UsageJson | null;
  [field: string]: unknown;
}

export interface EmbeddingResult {
  model: string;
  /** One vector per input, in input order. */
  vectors: number[][];
  usage: { promptTokens: number; totalTokens: number };
}
