import { testTargets } from '@kipux/api/testing';
import type { MessageDto, StreamEvent } from '@kipux/contracts';
import type { FakeUpstreams } from '@kipux/fake-upstreams';
import { createParser } from 'eventsource-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApiSession, type ApiSession } from './support/api-session';
import { joined, napLog, type ChatApi, type ChatClient, type ReceivedEvent } from './support/chat-client';

const GROK = 'cassette/xai_grok_reasoning_stream';
const GROQ = 'cassette/groq_kimi_parallel_tool_calls_stream';

/** What a recorded interaction says, read straight from its SSE (not through the app's own accumulator). */
function recorded(file: string, interaction: number) {
  const cassette = JSON.parse(readFileSync(join(__dirname, '../../../fixtures/cassettes', `${file}.json`), 'utf8'));
  const chunks: any[] = [];
  createParser({ onEvent: (event) => event.data.trim() !== '[DONE]' && chunks.push(JSON.parse(event.data)) }).feed(cassette.interactions[interaction].response.sse);
  const deltas = chunks.flatMap((chunk) => (chunk.choices ?? []).map((choice: any) => choice.delta ?? {}));
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const fragment of deltas.flatMap((delta) => delta.tool_calls ?? [])) {
    calls[fragment.index] ??= { id: fragment.id, name: fragment.function.name, arguments: '' };
    calls[fragment.index]!.arguments += fragment.function.arguments ?? '';
  }
  const usage = [...chunks].reverse().find((chunk) => chunk.usage)?.usage;
  return {
    content: deltas.map((delta) => delta.content ?? '').join(''),
    reasoning: deltas.map((delta) => delta.reasoning_content ?? '').join(''),
    calls,
    usage: { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, totalTokens: usage.total_tokens },
    rawUsage: usage,
  };
}

function types(events: ReceivedEvent[]): string[] {
  return events.map((e) => e.type);
}

function finishedOf(events: ReceivedEvent[]): Extract<StreamEvent, { type: 'message.finished' }> {
  const last = events[events.length - 1]?.event;
  if (last?.type !== 'message.finished') throw new Error(`stream did not end with message.finished: ${types(events).join(', ')}`);
  return last;
}

function expectContiguousIds(events: ReceivedEvent[], from = 1): void {
  expect(events.map((e) => e.id)).toEqual(events.map((_, index) => from + index));
}

describe.each(testTargets())('chat streaming on $name', (target) => {
  let session: ApiSession;
  let fakes: FakeUpstreams;
  let api: ChatApi;
  let client: ChatClient;

  beforeAll(async () => {
    session = await startApiSession(target, () => ({ LLM_IDLE_TIMEOUT_SECONDS: '1' }));
    ({ fakes, api, client } = session);
  });
  afterAll(() => session?.close());

  it('streams the recorded xAI reasoning answer exactly, then stores it with usage and timings', async () => {
    const expected = recorded('xai_grok_reasoning_stream', 0);
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'Say hi in Portuguese', model: GROK });
    expect(sent.userMessage).toMatchObject({ role: 'user', content: 'Say hi in Portuguese', status: 'complete', parentId: null });
    expect(sent.assistantMessage).toMatchObject({ role: 'assistant', status: 'pending', parentId: sent.userMessage.id, turnId: sent.assistantMessage.id, model: GROK });

    const { events, ended, contentType } = await client.events(sent.assistantMessage.id);
    expect(ended).toBe(true);
    expect(contentType).toMatch(/text\/event-stream/);
    expectContiguousIds(events);
    expect(events[0]!.event).toEqual({ type: 'message.started', messageId: sent.assistantMessage.id, parentId: sent.userMessage.id, model: GROK });
    expect(joined(events, 'reasoning.delta')).toBe(expected.reasoning);
    expect(joined(events, 'content.delta')).toBe(expected.content);
    // Each event's SSE type is its own type.
    for (const event of events) expect(event.type).toBe(event.event.type);

    const usage = { ...expected.usage, reasoningTokens: 133, cachedTokens: 192 };
    const finished = finishedOf(events);
    expect(finished).toMatchObject({ status: 'complete', finishReason: 'stop', messageId: sent.assistantMessage.id });
    expect(finished.message).toMatchObject({ content: expected.content, reasoning: expected.reasoning, usage, status: 'complete', finishReason: 'stop' });
    const stored = await client.message(conversationId, sent.assistantMessage.id);
    expect(stored).toMatchObject({ content: expected.content, reasoning: expected.reasoning, usage, finishReason: 'stop', model: GROK, error: null });
    expect(stored.ttftMs).toEqual(expect.any(Number));
    expect(stored.latencyMs).toBeGreaterThanOrEqual(stored.ttftMs!);
    expect(stored.reasoningMs).toEqual(expect.any(Number));
  });

  it('runs the recorded parallel tool calls through registered tools and stores every step', async () => {
    const first = recorded('groq_kimi_parallel_tool_calls_stream', 0);
    const second = recorded('groq_kimi_parallel_tool_calls_stream', 1);
    const conversationId = await client.newConversation({ systemPrompt: 'You are a helpful assistant. Always use both add and multiply at the same time.' });
    const sent = await client.send(conversationId, { content: 'Add and multiply the number 2 and 3', model: GROQ, tools: { math: true } });
    const { events } = await client.events(sent.assistantMessage.id);
    expectContiguousIds(events);

    const started = events.map((e) => e.event).filter((e) => e.type === 'tool_call.started');
    expect(started.map((e) => e.toolCall)).toEqual(first.calls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })));
    const results = events.map((e) => e.event).filter((e) => e.type === 'tool_call.finished');
    expect(results.map((e) => [e.name, e.result, e.isError]).sort()).toEqual([
      ['add', '5', false],
      ['multiply', '6', false],
    ]);
    const finished = finishedOf(events);
    expect(joined(events, 'content.delta', sent.assistantMessage.id)).toBe(first.content);
    expect(joined(events, 'content.delta', finished.messageId)).toBe(second.content);
    expect(finished.messages.map((m) => m.role)).toEqual(['assistant', 'tool', 'tool', 'assistant']);
    expect(types(events).filter((t) => t === 'message.started' || t === 'step.finished')).toEqual(['message.started', 'step.finished', 'message.started']);

    const branch = await client.expect<{ messages: MessageDto[] }>(200, 'GET', `/api/conversations/${conversationId}/messages`);
    const [user, step, addResult, multiplyResult, answer] = branch.messages;
    expect(branch.messages).toHaveLength(5);
    expect(user).toMatchObject({ role: 'user', content: 'Add and multiply the number 2 and 3' });
    expect(step).toMatchObject({ id: sent.assistantMessage.id, content: first.content, finishReason: 'tool_calls', status: 'complete', usage: first.usage });
    expect(step!.toolCalls!.map((c) => c.function.name)).toEqual(['add', 'multiply']);
    expect([addResult, multiplyResult].map((m) => [m!.role, m!.toolCallId, m!.content])).toEqual([
      ['tool', first.calls[0]!.id, '5'],
      ['tool', first.calls[1]!.id, '6'],
    ]);
    expect(answer).toMatchObject({ role: 'assistant', turnId: sent.assistantMessage.id, content: second.content, status: 'complete', finishReason: 'stop', usage: second.usage });

    // Other modules (search, embeddings) hear of each stored message in its final state.
    const heard = new Map(api.heard.map((m) => [m.id, m]));
    for (const message of branch.messages) expect(heard.get(message.id)).toMatchObject({ role: message.role, status: message.status, content: message.content });

    // What went upstream: the system prompt, the offered tools, and the second request with both results.
    const upstream = fakes.requests.filter((r) => r.path.endsWith('/chat/completions') && (r.body as any)?.model === GROQ && (r.body as any)?.stream);
    const [firstRequest, secondRequest] = upstream.slice(-2).map((r) => r.body as any);
    expect(firstRequest.messages[0]).toEqual({ role: 'system', content: 'You are a helpful assistant. Always use both add and multiply at the same time.' });
    expect(firstRequest.tools.map((t: any) => t.function.name).sort()).toEqual(['add', 'multiply']);
    expect(secondRequest.messages.map((m: any) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool']);
    expect(secondRequest.messages.slice(3).map((m: any) => [m.tool_call_id, m.content])).toEqual([
      [first.calls[0]!.id, '5'],
      [first.calls[1]!.id, '6'],
    ]);
  });

  it('runs parallel tool calls concurrently', async () => {
    napLog.length = 0;
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'rest please', model: 'fake/tools', tools: { naps: true } });
    const finished = finishedOf((await client.events(sent.assistantMessage.id)).events);
    expect(finished.message.content).toMatch(/nap_a returned "nap_a rested".*nap_b returned "nap_b rested"/);
    const starts = napLog.filter((entry) => entry.at === 'start').map((entry) => entry.time);
    const firstEnd = Math.min(...napLog.filter((entry) => entry.at === 'end').map((entry) => entry.time));
    expect(starts).toHaveLength(2);
    expect(Math.max(...starts)).toBeLessThan(firstEnd);
  });

  it('stops offering tools after 5 rounds and gets a final answer without them', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'keep calling', model: 'fake/tools?rounds=9', tools: { math: true } });
    const finished = finishedOf((await client.events(sent.assistantMessage.id, { timeoutMs: 60_000 })).events);
    expect(finished.status).toBe('complete');
    const steps = finished.messages.filter((m) => m.role === 'assistant');
    expect(steps).toHaveLength(6);
    expect(steps.slice(0, 5).every((m) => m.finishReason === 'tool_calls' && m.toolCalls?.length === 2)).toBe(true);
    expect(finished.messages.filter((m) => m.role === 'tool')).toHaveLength(10);
    expect(finished.message.content).toMatch(/^No tools were offered/);
  });

  it.each([
    ['fake/error-500', /returned 500/],
    ['fake/error-429', /rate limiting requests \(429; retry after 7s\)/],
    ['fake/cut', /broke off|closed the stream/],
    ['fake/hang', /sent nothing for 1s/],
  ])('%s ends the answer as error with a readable reason, keeping the user message', async (model, reason) => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: `please fail (${model})`, model });
    const { events } = await client.events(sent.assistantMessage.id);
    const finished = finishedOf(events);
    expect(finished.status).toBe('error');
    expect(finished.message.error).toMatch(reason);
    expect(events.map((e) => e.event).find((e) => e.type === 'error')).toMatchObject({ message: finished.message.error });
    expect(finished.message.error).not.toContain('sk-test');

    const branch = await client.expect<{ messages: MessageDto[] }>(200, 'GET', `/api/conversations/${conversationId}/messages`);
    expect(branch.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'error'],
    ]);
    expect(branch.messages[0]!.content).toBe(`please fail (${model})`);
    // The title falls back to the user's words when the answer failed.
    expect((await client.expect(200, 'GET', `/api/conversations/${conversationId}`)).title).toBe(`please fail (${model})`);
  });

  it('keeps generating after the client disconnects, and stores the whole answer', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'count', model: 'fake/slow?tps=40&words=30' });
    const partial = await client.events(sent.assistantMessage.id, { stopWhen: (events) => joined(events, 'content.delta').length > 0 });
    expect(partial.ended).toBe(false);
    const stored = await client.waitFinished(conversationId, sent.assistantMessage.id);
    expect(stored.status).toBe('complete');
    expect(stored.content).toBe(Array.from({ length: 30 }, (_, i) => i + 1).join(' '));
  });

  it('stops a generation, keeping the partial answer, and tells every follower', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'count slowly', model: 'fake/slow?tps=20&words=400' });
    const follower = client.events(sent.assistantMessage.id);
    await client.events(sent.assistantMessage.id, { stopWhen: (events) => joined(events, 'content.delta').length > 3 });
    const stopped = await client.expect<MessageDto>(200, 'POST', `/api/messages/${sent.assistantMessage.id}/stop`);
    expect(stopped.status).toBe('stopped');
    expect(stopped.error).toBeNull();
    expect(stopped.content).toMatch(/^1 2 /);
    expect(stopped.content.length).toBeLessThan(Array.from({ length: 400 }, (_, i) => i + 1).join(' ').length);

    const { events } = await follower;
    const finished = finishedOf(events);
    expect(finished.status).toBe('stopped');
    expect(joined(events, 'content.delta')).toBe(stopped.content);
    expect((await client.message(conversationId, sent.assistantMessage.id)).content).toBe(stopped.content);
    // Stopping again changes nothing.
    expect(await client.expect<MessageDto>(200, 'POST', `/api/messages/${sent.assistantMessage.id}/stop`)).toMatchObject({ status: 'stopped', content: stopped.content });
  });

  it('stops during a tool call even when the tool ignores cancellation', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'wait', model: 'fake/tools', tools: { stuck: true } });
    await client.events(sent.assistantMessage.id, { stopWhen: (events) => events.some((e) => e.type === 'tool_call.started') });
    const stopped = await client.expect<MessageDto>(200, 'POST', `/api/messages/${sent.assistantMessage.id}/stop`);
    expect(stopped).toMatchObject({ id: sent.assistantMessage.id, status: 'stopped' });
    expect(stopped.toolCalls!.map((call) => call.function.name)).toEqual(['wait_forever']);
    const finished = finishedOf((await client.events(sent.assistantMessage.id)).events);
    expect(finished.messages.map((m) => [m.role, m.status])).toEqual([['assistant', 'stopped']]);
  });

  it('resumes from Last-Event-ID without a gap or a duplicate, by header or query', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'count', model: 'fake/slow?tps=50&words=60' });
    const first = await client.events(sent.assistantMessage.id, { stopWhen: (events) => events.length >= 3 });
    expectContiguousIds(first.events);
    const lastId = first.events[first.events.length - 1]!.id;
    const second = await client.events(sent.assistantMessage.id, { lastEventId: lastId, stopWhen: (events) => events.length >= 2 });
    expectContiguousIds(second.events, lastId + 1);
    const thirdFrom = second.events[second.events.length - 1]!.id;
    const third = await client.events(sent.assistantMessage.id, { lastEventId: thirdFrom, viaQuery: true });
    expectContiguousIds(third.events, thirdFrom + 1);

    const all = [...first.events, ...second.events, ...third.events];
    const finished = finishedOf(all);
    expect(finished.status).toBe('complete');
    expect(joined(all, 'content.delta')).toBe(finished.message.content);
    expect(finished.message.content).toBe(Array.from({ length: 60 }, (_, i) => i + 1).join(' '));

    // After the end: nothing more past the final event; the rest from an earlier point.
    expect((await client.events(sent.assistantMessage.id, { lastEventId: all[all.length - 1]!.id })).events).toEqual([]);
    const tail = await client.events(sent.assistantMessage.id, { lastEventId: lastId });
    expect(tail.events).toEqual([...second.events, ...third.events]);
  });

  it('replays a finished answer from the database', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'think about this', model: 'fake/reasoning' });
    const stored = await client.waitFinished(conversationId, sent.assistantMessage.id);
    const { events, ended } = await client.events(sent.assistantMessage.id);
    expect(ended).toBe(true);
    expectContiguousIds(events);
    expect(types(events)).toEqual(['message.started', 'reasoning.delta', 'content.delta', 'usage', 'message.finished']);
    expect(joined(events, 'reasoning.delta')).toBe(stored.reasoning);
    expect(joined(events, 'content.delta')).toBe('think about this');
    expect(finishedOf(events).message).toMatchObject({ id: stored.id, content: stored.content, usage: stored.usage });
  });

  it('prices answers with the model catalog', async () => {
    const deadline = Date.now() + 15_000;
    while (!(await client.expect<any[]>(200, 'GET', '/api/models')).some((m) => m.name === 'gpt-4o')) {
      if (Date.now() > deadline) throw new Error('catalog never synced');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'what does this cost', model: 'gpt-4o' });
    const stored = await client.waitFinished(conversationId, sent.assistantMessage.id);
    expect(stored.status).toBe('complete');
    const { promptTokens, completionTokens } = stored.usage!;
    expect(stored.costUsd).toBeCloseTo(promptTokens * 2.5e-6 + completionTokens * 1e-5, 12);
    expect(stored.provider).toBe('openai');
  });

  it('answers 400 for a malformed Last-Event-ID and for a user message', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'hi', model: 'fake/echo' });
    expect((await client.request('GET', `/api/messages/${sent.assistantMessage.id}/events?lastEventId=abc`)).status).toBe(400);
    expect((await client.request('GET', `/api/messages/${sent.userMessage.id}/events`)).body.code).toBe('not_an_answer');
    expect((await client.request('POST', `/api/messages/${sent.userMessage.id}/regenerate`, {})).status).toBe(400);
  });
});
