import type { MessageDto, StreamEvent } from '@kipux/contracts';

/** What the stream tells that the stored messages do not: which tools run now, which failed, reasoning timing. */
export interface LiveTurnState {
  runningTools: Record<string, true>;
  toolErrors: Record<string, boolean>;
  /** ms since epoch of a message's first and latest reasoning delta, for "Thinking… N s" while it streams. */
  reasoningStartedAt: Record<string, number>;
  reasoningUpdatedAt: Record<string, number>;
}

export function emptyLiveTurnState(): LiveTurnState {
  return { runningTools: {}, toolErrors: {}, reasoningStartedAt: {}, reasoningUpdatedAt: {} };
}

/** A step's message before the server stored it: the fields the events fill in. */
function stepMessage(conversationId: string, turnId: string, event: Extract<StreamEvent, { type: 'message.started' }>): MessageDto {
  return {
    id: event.messageId,
    conversationId,
    parentId: event.parentId,
    turnId,
    role: 'assistant',
    content: '',
    reasoning: null,
    toolCalls: null,
    toolCallId: null,
    annotations: null,
    status: 'streaming',
    error: null,
    model: event.model,
    provider: null,
    finishReason: null,
    usage: null,
    costUsd: null,
    ttftMs: null,
    latencyMs: null,
    reasoningMs: null,
    createdAt: new Date().toISOString(),
  };
}

/** Puts `message` in place of the one with its id (keeping its siblingIds), or appends it. */
function upsert(messages: MessageDto[], message: MessageDto): void {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) messages.push(message);
  else messages[index] = { ...message, siblingIds: message.siblingIds ?? messages[index]!.siblingIds };
}

/**
 * Applies one event of turn `turnId` to the branch shown (mutating it in place, so only the touched message
 * re-renders). Deltas append; `message.started` (re)starts a step, so a replay from the first event rebuilds a
 * partially loaded answer instead of doubling it; `message.finished` replaces the turn with the stored messages.
 */
export function applyStreamEvent(messages: MessageDto[], live: LiveTurnState, turnId: string, event: StreamEvent, now = Date.now()): void {
  const find = (id: string) => messages.find((m) => m.id === id);
  switch (event.type) {
    case 'message.started': {
      const existing = find(event.messageId);
      if (!existing) {
        const conversationId = messages[0]?.conversationId ?? '';
        messages.push(stepMessage(conversationId, turnId, event));
        return;
      }
      Object.assign(existing, { content: '', reasoning: null, toolCalls: null, annotations: null, status: 'streaming', error: null, model: event.model });
      delete live.reasoningStartedAt[event.messageId];
      delete live.reasoningUpdatedAt[event.messageId];
      return;
    }
    case 'reasoning.delta': {
      const message = find(event.messageId);
      if (!message) return;
      message.reasoning = (message.reasoning ?? '') + event.text;
      message.status = 'streaming';
      live.reasoningStartedAt[event.messageId] ??= now;
      live.reasoningUpdatedAt[event.messageId] = now;
      return;
    }
    case 'content.delta': {
      const message = find(event.messageId);
      if (!message) return;
      message.content += event.text;
      message.status = 'streaming';
      return;
    }
    case 'tool_call.started': {
      const message = find(event.messageId);
      if (!message) return;
      const calls = message.toolCalls ?? [];
      if (!calls.some((call) => call.id === event.toolCall.id)) message.toolCalls = [...calls, event.toolCall];
      live.runningTools[event.toolCall.id] = true;
      return;
    }
    case 'tool_call.finished': {
      delete live.runningTools[event.toolCallId];
      live.toolErrors[event.toolCallId] = event.isError;
      if (find(event.toolMessageId)) return;
      const step = find(event.messageId);
      const toolMessage: MessageDto = {
        ...(step ?? stepMessage('', turnId, { type: 'message.started', messageId: event.toolMessageId, parentId: event.messageId, model: '' })),
        id: event.toolMessageId,
        parentId: event.messageId,
        turnId,
        role: 'tool',
        content: event.result,
        reasoning: null,
        toolCalls: null,
        toolCallId: event.toolCallId,
        annotations: null,
        status: 'complete',
        usage: null,
        siblingIds: undefined,
      };
      // Keep the results right after their step so the branch reads in order while later steps stream.
      const stepIndex = step ? messages.indexOf(step) : -1;
      let at = stepIndex === -1 ? messages.length : stepIndex + 1;
      while (at < messages.length && messages[at]!.role === 'tool') at += 1;
      messages.splice(at, 0, toolMessage);
      return;
    }
    case 'citation': {
      const message = find(event.messageId);
      if (!message) return;
      const known = message.annotations ?? [];
      if (!known.some((a) => a.url_citation.url === event.citation.url_citation.url)) message.annotations = [...known, event.citation];
      return;
    }
    case 'notice': {
      const message = find(event.messageId);
      if (!message) return;
      const { type: _type, messageId: _messageId, ...notice } = event;
      const known = message.notices ?? [];
      if (!known.some((n) => n.code === notice.code && n.message === notice.message)) message.notices = [...known, notice];
      return;
    }
    case 'usage': {
      const message = find(event.messageId);
      if (message) message.usage = event.usage;
      return;
    }
    case 'step.finished':
      upsert(messages, event.message);
      return;
    case 'error': {
      const message = find(event.messageId);
      if (message) Object.assign(message, { status: 'error', error: event.message });
      return;
    }
    case 'message.finished':
      for (const message of event.messages) upsert(messages, message);
      for (const message of event.messages) {
        for (const call of message.toolCalls ?? []) delete live.runningTools[call.id];
      }
      return;
    case 'conversation.updated':
      return;
    default:
      assertNever(event);
  }
}

/** Fails the build when a StreamEvent type is added without a case above. */
function assertNever(event: never): void {
  void event;
}
