import type { ChatMessageParam } from '@kipux/api/llm';
import type { MessageRole, ToolCall } from '@kipux/contracts';

export interface HistoryMessage {
  role: MessageRole;
  content: string;
  toolCalls: ToolCall[] | null;
  toolCallId: string | null;
}

/**
 * The upstream `messages` for a branch path (root first, ending with what the model answers next).
 * Providers reject an assistant tool call without its result, so calls whose `tool` message is missing
 * (a turn cut off mid-tools) are dropped, and so are assistant messages left with nothing to say.
 */
export function buildHistory(path: HistoryMessage[], systemPrompt: string | null | undefined): ChatMessageParam[] {
  const answered = new Set(path.filter((m) => m.role === 'tool' && m.toolCallId).map((m) => m.toolCallId as string));
  const messages: ChatMessageParam[] = [];
  if (systemPrompt?.trim()) messages.push({ role: 'system', content: systemPrompt });
  const offered = new Set<string>();
  for (const message of path) {
    switch (message.role) {
      case 'system':
      case 'user':
        messages.push({ role: message.role, content: message.content });
        break;
      case 'assistant': {
        const calls = (message.toolCalls ?? []).filter((call) => answered.has(call.id));
        if (calls.length === 0 && message.content === '') break;
        calls.forEach((call) => offered.add(call.id));
        messages.push(
          calls.length > 0
            ? { role: 'assistant', content: message.content || null, tool_calls: calls }
            : { role: 'assistant', content: message.content },
        );
        break;
      }
      case 'tool':
        if (message.toolCallId && offered.has(message.toolCallId)) {
          messages.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
        }
        break;
    }
  }
  return messages;
}
