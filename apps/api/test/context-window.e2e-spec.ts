import { testTargets } from '@kipux/api/testing';
import { scenarioDeployments, type FakeUpstreams } from '@kipux/fake-upstreams';
import { startApiSession, type ApiSession } from './support/api-session';
import type { ChatClient } from './support/chat-client';

/** About 400 tokens for the fake (one per word): two of them and a third overflow fake/small-context's 1,000. */
const long = (topic: string) => `${topic} ${'lorem '.repeat(400).trim()}`;

describe.each(testTargets())('context window on $name', (target) => {
  let session: ApiSession;
  let fakes: FakeUpstreams;
  let client: ChatClient;

  beforeAll(async () => {
    // The catalog learns the scripted models' windows from /model/info, as it would from LiteLLM.
    session = await startApiSession(target, () => ({}), { modelInfo: scenarioDeployments() });
    ({ fakes, client } = session);
  });
  afterAll(() => session?.close());

  const notices = async (messageId: string) =>
    (await client.events(messageId)).events.map((e) => e.event).filter((event) => event.type === 'notice');

  it("leaves out the oldest exchanges of a long chat so the model still answers, says so, and keeps them stored", async () => {
    const conversationId = await client.newConversation();
    const first = await client.send(conversationId, { content: long('alpha'), model: 'fake/small-context' });
    expect(await client.waitFinished(conversationId, first.assistantMessage.id)).toMatchObject({ status: 'complete' });
    expect(await notices(first.assistantMessage.id)).toEqual([]);

    fakes.requests.length = 0;
    const second = await client.send(conversationId, { content: long('beta'), model: 'fake/small-context' });
    const answer = await client.waitFinished(conversationId, second.assistantMessage.id);
    // Sent whole, the chat would be about 1,200 tokens: the fake (like LiteLLM) would refuse it with a 400.
    expect(answer).toMatchObject({ status: 'complete', error: null });
    expect(answer.content.startsWith('beta')).toBe(true);
    const notice = {
      code: 'context.trimmed',
      params: { count: 2, model: 'fake/small-context' },
      message: "Left out the 2 earliest messages of this chat to fit fake/small-context's context window.",
    };
    expect(await notices(second.assistantMessage.id)).toEqual([{ type: 'notice', messageId: second.assistantMessage.id, ...notice }]);
    const sent = fakes.requests.find((r) => r.path === '/v1/chat/completions' && (r.body as { stream?: boolean }).stream === true)!.body as {
      messages: Array<{ role: string; content: string }>;
    };
    expect(sent.messages.map((m) => m.role)).toEqual(['user']);
    expect(sent.messages[0]!.content.startsWith('beta')).toBe(true);

    // Nothing the user wrote is lost: the stored conversation still has every message, and the answer keeps
    // its notice for whoever opens the chat later.
    const { messages } = await client.expect<{ messages: Array<{ role: string; content: string; notices?: unknown[] }> }>(
      200,
      'GET',
      `/api/conversations/${conversationId}/messages`,
    );
    expect(messages.map((m) => `${m.role}:${m.content.slice(0, 5)}`)).toEqual(['user:alpha', 'assistant:alpha', 'user:beta ', 'assistant:beta ']);
    expect(messages[3]!.notices).toEqual([notice]);
    expect(messages[1]!.notices).toBeUndefined();
  });
});
