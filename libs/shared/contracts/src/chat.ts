export type MessageRole = 'system' | 'user' | 'assistant' | 'tool';
/**
 * `pending` until the first token, `streaming` while it comes; then one of the final ones:
 * `complete`, `stopped` (the user pressed Stop; partial text kept), `error` (see `error`),
 * `interrupted` (the process running it went away).
 */
export type MessageStatus = 'pending' | 'streaming' | 'complete' | 'stopped' | 'error' | 'interrupted';

export const FINAL_MESSAGE_STATUSES: readonly MessageStatus[] = ['complete', 'stopped', 'error', 'interrupted'];

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
  /** Null until the user names it or the automatic title (after the first answer) is set. */
  title: string | null;
  model: string | null;
  systemPrompt: string | null;
  pinned: boolean;
  archived: boolean;
  /** The last message of the branch shown by default (`GET .../messages` without `leafId`). */
  currentLeafId: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Something the user should know about an answer that does not fail it. `message` is English; clients show
 * their own translation of `code` with `params` when they know the code.
 */
export type ChatNotice =
  | { code: 'memory.recalled'; params: { count: number }; message: string }
  | { code: 'context.trimmed'; params: { count: number; model: string }; message: string }
  | { code: 'web.searchUnavailable'; params: { reason: string }; message: string }
  | { code: 'web.readingUnavailable'; params: { reason: string }; message: string };

export interface MessageDto {
  id: string;
  conversationId: string;
  parentId: string | null;
  /**
   * The generation this message belongs to: the id of the assistant message that `POST .../messages` or
   * `regenerate` created. Its SSE stream carries every step (assistant messages with tool calls, `tool`
   * results, the final answer). Null for user messages.
   */
  turnId: string | null;
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
  /** From sending the request upstream to the first token (reasoning, content or tool call). */
  ttftMs: number | null;
  /** From sending the request upstream to the end of this message. */
  latencyMs: number | null;
  /** From the first to the last reasoning token. */
  reasoningMs: number | null;
  /** Of an assistant step: what the user was told about it while it was written (`notice` events); absent when nothing. */
  notices?: ChatNotice[];
  /** In `GET .../messages` only: ids of this message's siblings (same parent, same role) incl. itself, oldest first. */
  siblingIds?: string[];
  createdAt: string;
}

/** Answer of `GET /api/conversations/:id/messages`: one branch, root first, each message with its `siblingIds`. */
export interface ConversationMessagesDto {
  conversationId: string;
  /** The last message of the branch shown (null for an empty conversation). */
  leafId: string | null;
  messages: MessageDto[];
}

/** `tools` of a request: which toolkits the model may use (`GET /api/chat/tools` lists them). */
export interface ToolSelection {
  webSearch?: boolean;
  [toolkit: string]: boolean | undefined;
}

export interface CreateConversationRequest {
  title?: string;
  model?: string | null;
  systemPrompt?: string | null;
}

export interface UpdateConversationRequest {
  title?: string;
  model?: string | null;
  systemPrompt?: string | null;
  pinned?: boolean;
  archived?: boolean;
  /** Switch the branch shown by default: any message of the conversation (its newest descendant path is used). */
  currentLeafId?: string;
}

export interface ListConversationsQuery {
  /** Case-insensitive title filter. */
  q?: string;
  /** `true`: only archived; `false` (default): only not archived. */
  archived?: boolean;
  limit?: number;
  offset?: number;
}

export interface SendMessageRequest {
  content: string;
  /**
   * The message to answer after. Omitted: the conversation's current leaf. `null`: a new root (editing the
   * first message). Editing a user message = sending the new text with the edited message's `parentId`.
   */
  parentId?: string | null;
  /** Overrides (and becomes) the conversation's model. */
  model?: string;
  tools?: ToolSelection;
}

export interface RegenerateRequest {
  model?: string;
  tools?: ToolSelection;
}

/** Answer of `POST .../messages`: both stored messages; follow `assistantMessage.id`'s events. */
export interface SendMessageResponse {
  userMessage: MessageDto;
  assistantMessage: MessageDto;
  conversation: ConversationDto;
}

export interface ToolkitDto {
  toolkit: string;
  tools: Array<{ name: string; description: string }>;
}

/**
 * Events of one generation (turn), streamed over SSE by `GET /api/messages/:id/events`: the SSE `event` is the
 * `type`, `data` the JSON of the whole event, `id` its sequence number (1, 2, ...). A turn has one or more
 * steps: each starts with `message.started` naming the assistant message that the following deltas build.
 * The stream ends after `message.finished`, whose `messages` are authoritative (replace local state with them).
 */
export type StreamEvent =
  | { type: 'message.started'; messageId: string; parentId: string | null; model: string }
  | { type: 'reasoning.delta'; messageId: string; text: string }
  | { type: 'content.delta'; messageId: string; text: string }
  /** The model asked for a tool call (arguments complete); it is running. */
  | { type: 'tool_call.started'; messageId: string; toolCall: ToolCall }
  | { type: 'tool_call.finished'; messageId: string; toolCallId: string; toolMessageId: string; name: string; result: string; isError: boolean }
  | { type: 'citation'; messageId: string; citation: UrlCitation }
  /** Something the user should know that is not an error of the answer (e.g. web search is unavailable, so the model answers without it). */
  | ({ type: 'notice'; messageId: string } & ChatNotice)
  | { type: 'usage'; messageId: string; usage: Usage }
  /** A step that called tools ended; the next step's `message.started` follows. */
  | { type: 'step.finished'; message: MessageDto }
  | { type: 'conversation.updated'; conversation: ConversationDto }
  | { type: 'error'; messageId: string; message: string }
  | {
      type: 'message.finished';
      /** The turn's final assistant message. */
      messageId: string;
      status: MessageStatus;
      finishReason: string | null;
      message: MessageDto;
      /** Every message of the turn in order (assistant steps and tool results), the last being `message`. */
      messages: MessageDto[];
    };

export type StreamEventType = StreamEvent['type'];
