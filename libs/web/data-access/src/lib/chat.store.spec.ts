import type { ConversationDto, MessageDto, StreamEvent } from '@kipux/contracts';
import { buildMessage } from '@kipux/contracts/testing';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../testing/fake-event-source';
import { createFakeFetch } from '../testing/fake-fetch';
import { useChatStore } from './chat.store';
import { useConversationsStore } from './conversations.store';

const conversation = (overrides: Partial<ConversationDto> = {}): ConversationDto => ({
  id: 'c1',
  title: null,
  model: 'fake/reasoning',
  systemPrompt: null,
  pinned: false,
  archived: false,
  currentLeafId: null,
  createdAt: '2026-11-23T09:00:00.000Z',
  updatedAt: '2026-11-23T09:00:00.000Z',
  ...overrides,
});

const message = (id: string, overrides: Partial<MessageDto> = {}): MessageDto => buildMessage({ id, ...overrides });

const question = message('u1', { content: 'Hi there' });
const pending = message('a1', { role: 'assistant', parentId: 'u1', turnId: 'a1', status: 'pending', model: 'fake/reasoning' });

function setup(routes: Parameters<typeof createFakeFetch>[0]) {
  const fake = createFakeFetch(routes);
  vi.stubGlobal('fetch', fake.fetch);
  const store = useChatStore();
  store.setEventSourceFactory((url) => new FakeEventSource(url));
  return { fake, store, source: () => FakeEventSource.instances.at(-1)! };
}

function play(source: FakeEventSource, events: StreamEvent[], from = 1): void {
  events.forEach((event, index) => source.emit(event, from + index));
}

describe('useChatStore', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    FakeEventSource.instances = [];
  });

  it('a first message creates the conversation, sends it and follows the answer as it streams', async () => {
    const { fake, store, source } = setup({
      'POST /api/conversations': { status: 201, body: conversation() },
      'POST /api/conversations/c1/messages': { status: 201, body: { userMessage: question, assistantMessage: pending, conversation: conversation() } },
    });

    await store.send('Hi there', { model: 'fake/reasoning', tools: { webSearch: true } });

    expect(fake.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', '/api/conversations', { model: 'fake/reasoning' }],
      ['POST', '/api/conversations/c1/messages', { content: 'Hi there', model: 'fake/reasoning', tools: { webSearch: true } }],
    ]);
    expect(source().url).toBe('/api/messages/a1/events');
    expect(store.generating).toBe(true);
    expect(useConversationsStore().items.map((c) => c.id)).toEqual(['c1']);

    source().open();
    play(source(), [
      { type: 'message.started', messageId: 'a1', parentId: 'u1', model: 'fake/reasoning' },
      { type: 'reasoning.delta', messageId: 'a1', text: 'The user ' },
      { type: 'reasoning.delta', messageId: 'a1', text: 'greets.' },
      { type: 'content.delta', messageId: 'a1', text: 'Hi ' },
      { type: 'content.delta', messageId: 'a1', text: 'there' },
      { type: 'usage', messageId: 'a1', usage: { promptTokens: 5, completionTokens: 2, totalTokens: 7 } },
    ]);
    const answer = store.messages[1]!;
    expect([answer.reasoning, answer.content, answer.status, answer.usage?.totalTokens]).toEqual(['The user greets.', 'Hi there', 'streaming', 7]);
    expect(store.live.reasoningStartedAt.a1).toBeTypeOf('number');

    const final = { ...pending, content: 'Hi there', reasoning: 'The user greets.', status: 'complete' as const, latencyMs: 900, ttftMs: 100 };
    source().emit({ type: 'conversation.updated', conversation: conversation({ title: 'Greetings' }) }, 7);
    source().emit({ type: 'message.finished', messageId: 'a1', status: 'complete', finishReason: 'stop', message: final, messages: [final] }, 8);

    expect(store.messages[1]).toMatchObject({ status: 'complete', latencyMs: 900 });
    expect(store.generating).toBe(false);
    expect(store.streamState).toBe('finished');
    expect(store.conversation?.title).toBe('Greetings');
    expect(useConversationsStore().items[0]?.title).toBe('Greetings');
  });

  it('applies tool steps: running calls, results after their step, the next step, citations', async () => {
    const { store, source } = setup({
      'POST /api/conversations': { status: 201, body: conversation() },
      'POST /api/conversations/c1/messages': { status: 201, body: { userMessage: question, assistantMessage: pending, conversation: conversation() } },
    });
    await store.send('Hi there');
    const call = { id: 'call_1', type: 'function' as const, function: { name: 'web_search', arguments: '{"query":"hi"}' } };

    play(source(), [
      { type: 'message.started', messageId: 'a1', parentId: 'u1', model: 'm' },
      { type: 'tool_call.started', messageId: 'a1', toolCall: call },
    ]);
    expect(store.live.runningTools).toEqual({ call_1: true });
    expect(store.messages[1]?.toolCalls).toEqual([call]);

    play(
      source(),
      [
        { type: 'tool_call.finished', messageId: 'a1', toolCallId: 'call_1', toolMessageId: 't1', name: 'web_search', result: '3 results', isError: false },
        { type: 'citation', messageId: 'a1', citation: { type: 'url_citation', url_citation: { url: 'https://example.com/a', title: 'A', start_index: 0, end_index: 0 } } },
        { type: 'message.started', messageId: 'a2', parentId: 't1', model: 'm' },
        { type: 'content.delta', messageId: 'a2', text: 'Found it.' },
      ],
      3,
    );
    expect(store.live.runningTools).toEqual({});
    expect(store.live.toolErrors).toEqual({ call_1: false });
    expect(store.messages.map((m) => [m.id, m.role, m.content])).toEqual([
      ['u1', 'user', 'Hi there'],
      ['a1', 'assistant', ''],
      ['t1', 'tool', '3 results'],
      ['a2', 'assistant', 'Found it.'],
    ]);
    expect(store.messages[1]?.annotations?.[0]?.url_citation.title).toBe('A');
    expect(store.messages[3]?.turnId).toBe('a1');
  });

  it('keeps notices per step, once each, without touching the answer', async () => {
    const unavailable = { code: 'web.searchUnavailable' as const, params: { reason: 'timeout' }, message: 'Web search is unavailable: timeout.' };
    const { store, source } = setup({
      'POST /api/conversations': { status: 201, body: conversation() },
      'POST /api/conversations/c1/messages': { status: 201, body: { userMessage: question, assistantMessage: pending, conversation: conversation() } },
    });
    await store.send('Hi there');
    play(source(), [
      { type: 'message.started', messageId: 'a1', parentId: 'u1', model: 'm' },
      { type: 'notice', messageId: 'a1', ...unavailable },
      { type: 'notice', messageId: 'a1', ...unavailable },
    ]);
    expect(store.messages[1]?.notices).toEqual([unavailable]);
    expect(store.messages[1]?.status).toBe('streaming');
  });

  it('an error event marks the answer failed with the readable reason', async () => {
    const { store, source } = setup({
      'POST /api/conversations': { status: 201, body: conversation() },
      'POST /api/conversations/c1/messages': { status: 201, body: { userMessage: question, assistantMessage: pending, conversation: conversation() } },
    });
    await store.send('Hi there');
    play(source(), [
      { type: 'message.started', messageId: 'a1', parentId: 'u1', model: 'm' },
      { type: 'error', messageId: 'a1', message: 'The model provider returned 500: boom' },
    ]);
    expect(store.messages[1]).toMatchObject({ status: 'error', error: 'The model provider returned 500: boom' });
  });

  it('reopening mid-answer follows the turn from its first event without doubling the saved partial text', async () => {
    const partial = { ...pending, status: 'streaming' as const, content: 'Hi th' };
    const { store, source } = setup({
      'GET /api/conversations/c1': { status: 200, body: conversation() },
      'GET /api/conversations/c1/messages': { status: 200, body: { conversationId: 'c1', leafId: 'a1', messages: [question, partial] } },
    });

    await store.open('c1');
    expect(source().url).toBe('/api/messages/a1/events');
    play(source(), [
      { type: 'message.started', messageId: 'a1', parentId: 'u1', model: 'm' },
      { type: 'content.delta', messageId: 'a1', text: 'Hi th' },
      { type: 'content.delta', messageId: 'a1', text: 'ere' },
    ]);
    expect(store.messages[1]?.content).toBe('Hi there');
  });

  it('follows again when the server refuses the stream of an unfinished answer, then gives up as failed', async () => {
    vi.useFakeTimers();
    const partial = { ...pending, status: 'streaming' as const, content: 'Hi' };
    const { store, source } = setup({
      'GET /api/conversations/c1': { status: 200, body: conversation() },
      'GET /api/conversations/c1/messages': { status: 200, body: { conversationId: 'c1', leafId: 'a1', messages: [question, partial] } },
    });
    await store.open('c1');

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      source().fail(true);
      await vi.advanceTimersByTimeAsync(2000);
      expect(FakeEventSource.instances).toHaveLength(attempt + 1);
      expect(store.generating).toBe(true);
    }
    source().fail(true);
    await vi.advanceTimersByTimeAsync(2000);

    expect(FakeEventSource.instances).toHaveLength(4);
    expect(store.streamState).toBe('failed');
    expect(store.generating).toBe(false);
    vi.useRealTimers();
  });

  it('editing a user message sends its parent and shows the new sibling branch', async () => {
    const answer = message('a1', { role: 'assistant', parentId: 'u1', turnId: 'a1', content: 'Hello' });
    const edited = message('u2', { content: 'Hi again' });
    const { fake, store } = setup({
      'GET /api/conversations/c1': { status: 200, body: conversation() },
      'GET /api/conversations/c1/messages': { status: 200, body: { conversationId: 'c1', leafId: 'a1', messages: [{ ...question, siblingIds: ['u1'] }, answer] } },
      'POST /api/conversations/c1/messages': {
        status: 201,
        body: { userMessage: edited, assistantMessage: { ...pending, id: 'a2', parentId: 'u2', turnId: 'a2' }, conversation: conversation() },
      },
    });
    await store.open('c1');

    await store.edit(store.messages[0]!, 'Hi again');

    expect(fake.requests.at(-1)?.body).toEqual({ content: 'Hi again', parentId: null });
    expect(store.messages.map((m) => m.id)).toEqual(['u2', 'a2']);
    expect(store.messages[0]?.siblingIds).toEqual(['u1', 'u2']);
  });

  it('stop asks the server to stop the active turn and shows the stopped message', async () => {
    const { fake, store } = setup({
      'POST /api/conversations': { status: 201, body: conversation() },
      'POST /api/conversations/c1/messages': { status: 201, body: { userMessage: question, assistantMessage: pending, conversation: conversation() } },
      'POST /api/messages/a1/stop': { status: 200, body: { ...pending, status: 'stopped', content: 'Hi' } },
    });
    await store.send('Hi there');

    await store.stop();

    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/messages/a1/stop' });
    expect(store.messages[1]).toMatchObject({ status: 'stopped', content: 'Hi' });
  });
});
