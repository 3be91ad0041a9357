import type { ChatMessageParam } from '@kipux/api/llm';
import { estimateTokens, fitToContext, messageBudget } from './context-window';

const words = (n: number, word = 'lorem') => Array.from({ length: n }, () => word).join(' ');
const user = (content: string): ChatMessageParam => ({ role: 'user', content });
const assistant = (content: string): ChatMessageParam => ({ role: 'assistant', content });
const system = (content: string): ChatMessageParam => ({ role: 'system', content });
const tokensOf = (messages: ChatMessageParam[]) => messages.reduce((sum, m) => sum + 4 + estimateTokens(typeof m.content === 'string' ? m.content : ''), 0);

describe('fitToContext', () => {
  it('leaves a request that fits as it is', () => {
    const messages = [system('Be brief.'), user('Hi'), assistant('Hello'), user('How are you?')];
    const before = structuredClone(messages);
    expect(fitToContext(messages, 1000)).toBe(0);
    expect(messages).toEqual(before);
  });

  it('drops the oldest exchanges first, keeping the system prompt, the memory context and the question', () => {
    const history = Array.from({ length: 10 }, (_, i) => [user(`question ${i} ${words(100)}`), assistant(`answer ${i} ${words(100)}`)]).flat();
    const question = user('And now?');
    const memory = system('Recalled from past chats: …');
    const messages = [system('You are Kipux.'), ...history, memory, question];
    const budget = 1000;

    const dropped = fitToContext(messages, budget);

    expect(dropped % 2).toBe(0);
    expect(dropped).toBeGreaterThan(0);
    expect(tokensOf(messages)).toBeLessThanOrEqual(budget);
    expect(messages[0]).toEqual(system('You are Kipux.'));
    expect(messages.slice(-2)).toEqual([memory, question]);
    // What is kept is the most recent part of the history, starting with the user speaking.
    expect(messages[1]).toEqual(history[dropped]);
    expect(messages.slice(1, -2)).toEqual(history.slice(dropped));
  });

  it('never separates tool calls from their results', () => {
    const call = { id: 'call_1', type: 'function' as const, function: { name: 'fetch_url', arguments: '{"url":"https://example.com"}' } };
    const messages: ChatMessageParam[] = [
      user(`read it ${words(50)}`),
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_1', content: words(400) },
      assistant(`summary ${words(50)}`),
      user('thanks, and the next one?'),
    ];
    expect(fitToContext(messages, 100)).toBe(4);
    expect(messages).toEqual([user('thanks, and the next one?')]);
  });

  it('sends the protected part as it is when even that does not fit', () => {
    const messages = [system('prompt'), user(words(2000))];
    expect(fitToContext(messages, 10)).toBe(0);
    expect(messages).toHaveLength(2);
  });

  it('keeps room for the answer and the tool definitions', () => {
    expect(messageBudget(128_000)).toBe(128_000 - 4096);
    expect(messageBudget(1000)).toBe(750);
    expect(messageBudget(1000, 'x'.repeat(300))).toBe(650);
  });
});
