import type { ChatMessageParam } from '@kipux/api/llm';

/**
 * Characters per token assumed when measuring a request. Real tokenizers give about 4 for English prose and
 * fewer for code and other languages; 3 errs on the safe side, so a trimmed request fits.
 */
const CHARS_PER_TOKEN = 3;
/** Per-message overhead of the chat format (role, separators). */
const MESSAGE_OVERHEAD_TOKENS = 4;
/** Kept free for the answer: this many tokens, or a quarter of a small window. */
const ANSWER_RESERVE_TOKENS = 4096;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function messageTokens(message: ChatMessageParam): number {
  const content = typeof message.content === 'string' ? message.content : JSON.stringify(message.content ?? '');
  const calls = 'tool_calls' in message && message.tool_calls ? JSON.stringify(message.tool_calls) : '';
  return MESSAGE_OVERHEAD_TOKENS + estimateTokens(content) + estimateTokens(calls);
}

/** Tokens a request may spend on its messages in a window of `contextWindow`, after the answer and the tools. */
export function messageBudget(contextWindow: number, toolsJson = ''): number {
  return contextWindow - Math.min(ANSWER_RESERVE_TOKENS, Math.floor(contextWindow / 4)) - estimateTokens(toolsJson);
}

/**
 * Leaves out the oldest exchanges until `messages` fit `budget` tokens, in place; answers how many messages
 * went. Never touched: the leading system prompt, and everything from the last user message on (with the
 * context extensions put just before it). Whole exchanges go, starting at a user message, so an assistant's
 * tool calls never lose their results and what remains still starts with the user speaking. When even the
 * protected part does not fit, it is sent as it is and the provider says so.
 */
export function fitToContext(messages: ChatMessageParam[], budget: number): number {
  let total = messages.reduce((sum, message) => sum + messageTokens(message), 0);
  if (total <= budget) return 0;
  const first = messages[0]?.role === 'system' ? 1 : 0;
  let protectedFrom = messages.map((message) => message.role).lastIndexOf('user');
  while (protectedFrom > first && messages[protectedFrom - 1]!.role === 'system') protectedFrom -= 1;
  let end = first;
  let dropped = 0;
  while (total > budget && end < protectedFrom) {
    // One exchange: this message and everything up to the next user message.
    do {
      total -= messageTokens(messages[end]!);
      end += 1;
    } while (end < protectedFrom && messages[end]!.role !== 'user');
    dropped = end - first;
  }
  messages.splice(first, dropped);
  return dropped;
}
