export type MessageRole = 'system' | 'user' | 'assistant' | 'tool';
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'error' | 'interrupted';

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface UrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title: string; start_index: number; end_index: number };
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
  cachedTokens?: number;
}

export interface ConversationDto {
  id: string;
  title: string;
  model: string | null;
  systemPrompt: string | null;
  pinned: boolean;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface MessageDto {
  id: string;
  conversationId: string;
  parentId: string | null;
  role: MessageRole;
  content: string;
  reasoning: string | null;
  toolCalls: ToolCall[] | null;
  toolCallId: string | null;
  annotations: UrlCitation[] | null;
  status: MessageStatus;
  error: string | null;
  model: string | null;
  provider: string | null;
  finishReason: string | null;
  usage: Usage | null;
  costUsd: number | null;
  ttftMs: number | null;
  latencyMs: number | null;
  reasoningMs: number | null;
  /** Ids of this message's siblings (same parent, same role), oldest first, for branch switching. */
  siblingIds?: string[];
  createdAt: string;
}

/** Events of one assistant message, streamed over SSE and replayable by sequence number (the SSE id). */
export type StreamEvent =
  | { type: 'message.started'; messageId: string; model: string }
  | { type: 'reasoning.delta'; text: string }
  | { type: 'content.delta'; text: string }
  | { type: 'tool_call.started'; toolCall: ToolCall }
  | { type: 'tool_call.finished'; toolCallId: string; name: string; result: string; isError: boolean }
  | { type: 'citation'; citation: UrlCitation }
  | { type: 'notice'; message: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'message.finished'; status: MessageStatus; finishReason: string | null; message: MessageDto }
  | { type: 'error'; message: string };

export type StreamEventType = StreamEvent['type'];
