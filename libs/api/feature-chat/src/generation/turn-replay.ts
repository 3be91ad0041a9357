import type { MessageDto, StreamEvent } from '@kipux/contracts';

/** The `message.finished` event of a turn whose messages (in order) are all stored. */
export function finishedEvent(turn: MessageDto[]): Extract<StreamEvent, { type: 'message.finished' }> {
  const answers = turn.filter((m) => m.role === 'assistant');
  const last = answers[answers.length - 1];
  if (!last) throw new Error('A turn has at least one assistant message');
  return { type: 'message.finished', messageId: last.id, status: last.status, finishReason: last.finishReason, message: last, messages: turn };
}

/**
 * The events a finished turn would have streamed, rebuilt from its stored messages (replay of a finished
 * message, without its deltas split up): per step started, notices, reasoning, content, usage, error, its tool
 * calls and their results, citations, then `message.finished`.
 */
export function replayTurn(turn: MessageDto[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const answers = turn.filter((m) => m.role === 'assistant');
  const lastAnswer = answers[answers.length - 1];
  for (const step of answers) {
    events.push({ type: 'message.started', messageId: step.id, parentId: step.parentId, model: step.model ?? '' });
    for (const notice of step.notices ?? []) events.push({ type: 'notice', messageId: step.id, ...notice });
    if (step.reasoning) events.push({ type: 'reasoning.delta', messageId: step.id, text: step.reasoning });
    if (step.content) events.push({ type: 'content.delta', messageId: step.id, text: step.content });
    if (step.usage) events.push({ type: 'usage', messageId: step.id, usage: step.usage });
    if (step.status === 'error' && step.error) events.push({ type: 'error', messageId: step.id, message: step.error });
    if (step === lastAnswer) break;
    const calls = step.toolCalls ?? [];
    for (const toolCall of calls) events.push({ type: 'tool_call.started', messageId: step.id, toolCall });
    for (const result of turn.filter((m) => m.role === 'tool' && calls.some((c) => c.id === m.toolCallId))) {
      const call = calls.find((c) => c.id === result.toolCallId);
      events.push({
        type: 'tool_call.finished',
        messageId: step.id,
        toolCallId: result.toolCallId as string,
        toolMessageId: result.id,
        name: call?.function.name ?? '',
        result: result.content,
        isError: result.status === 'error',
      });
    }
    for (const citation of step.annotations ?? []) events.push({ type: 'citation', messageId: step.id, citation });
    events.push({ type: 'step.finished', message: step });
  }
  events.push(finishedEvent(turn));
  return events;
}
