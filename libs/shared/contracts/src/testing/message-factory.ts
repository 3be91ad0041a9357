import type { MessageDto } from '../chat';

/**
 * A stored, complete user message with every optional field empty, for tests: `fields` set what a test is
 * about. Test code only (imported through `@kipux/contracts/testing`, which no build bundles).
 */
export function buildMessage(fields: Partial<MessageDto> = {}): MessageDto {
  return {
    id: 'm1',
    conversationId: 'c1',
    parentId: null,
    turnId: null,
    role: 'user',
    content: '',
    reasoning: null,
    toolCalls: null,
    toolCallId: null,
    annotations: null,
    status: 'complete',
    error: null,
    model: null,
    provider: null,
    finishReason: null,
    usage: null,
    costUsd: null,
    ttftMs: null,
    latencyMs: null,
    reasoningMs: null,
    createdAt: '2026-11-23T09:00:00.000Z',
    ...fields,
  };
}
