import { testTargets } from '@kipux/api/testing';
import type { ConversationDto, ConversationMessagesDto, MessageDto, Page } from '@kipux/contracts';
import type { FakeUpstreams } from '@kipux/fake-upstreams';
import { startApiSession, type ApiSession } from './support/api-session';
import { ChatClient, type ChatApi } from './support/chat-client';

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe.each(testTargets())('conversations and branches on $name', (target) => {
  let session: ApiSession;
  let fakes: FakeUpstreams;
  let api: ChatApi;
  let client: ChatClient;

  beforeAll(async () => {
    session = await startApiSession(target);
    ({ fakes, api, client } = session);
  });
  afterAll(() => session?.close());

  const branch = (conversationId: string, leafId?: string) =>
    client.expect<ConversationMessagesDto>(200, 'GET', `/api/conversations/${conversationId}/messages${leafId ? `?leafId=${leafId}` : ''}`);
  const lastUpstreamMessages = () => (fakes.requests.filter((r) => r.path.endsWith('/chat/completions') && (r.body as any)?.stream).at(-1)!.body as any).messages;

  it('creates, reads, renames, pins, archives and soft-deletes conversations', async () => {
    const user = await ChatClient.signUp(api.url);
    const created = await user.expect<ConversationDto>(201, 'POST', '/api/conversations', { model: 'fake/echo', systemPrompt: 'Be brief.' });
    expect(created).toMatchObject({ title: null, model: 'fake/echo', systemPrompt: 'Be brief.', pinned: false, archived: false, currentLeafId: null });
    const a = await user.newConversation({ title: 'Alpha notes' });
    const b = await user.newConversation({ title: 'Beta plans' });

    const renamed = await user.expect<ConversationDto>(200, 'PATCH', `/api/conversations/${created.id}`, { title: 'Gamma', model: null, systemPrompt: null });
    expect(renamed).toMatchObject({ title: 'Gamma', model: null, systemPrompt: null });
    await user.expect(200, 'PATCH', `/api/conversations/${a}`, { pinned: true });

    // Pinned first, then the most recently updated.
    const page = await user.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations');
    expect(page.items.map((c) => c.id)).toEqual([a, created.id, b]);
    expect(page).toMatchObject({ total: 3, limit: 20, offset: 0 });
    expect((await user.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations?limit=1&offset=1')).items.map((c) => c.id)).toEqual([created.id]);
    expect((await user.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations?q=BETA')).items.map((c) => c.id)).toEqual([b]);
    expect((await user.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations?q=%25')).total).toBe(0);

    await user.expect(200, 'PATCH', `/api/conversations/${b}`, { archived: true });
    expect((await user.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations')).items.map((c) => c.id)).toEqual([a, created.id]);
    expect((await user.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations?archived=true')).items.map((c) => c.id)).toEqual([b]);

    await user.expect(204, 'DELETE', `/api/conversations/${a}`);
    await user.expect(404, 'GET', `/api/conversations/${a}`);
    expect((await user.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations')).items.map((c) => c.id)).toEqual([created.id]);
  });

  it('validates input, naming the field', async () => {
    const conversationId = await client.newConversation();
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/api/conversations', { title: 'x'.repeat(201) }, 'title'],
      ['POST', '/api/conversations', { systemPrompt: 42 }, 'systemPrompt'],
      ['POST', '/api/conversations', { owner: 'me' }, 'owner'],
      ['PATCH', `/api/conversations/${conversationId}`, { pinned: 'yes' }, 'pinned'],
      ['PATCH', `/api/conversations/${conversationId}`, { currentLeafId: 'nope' }, 'currentLeafId'],
      ['PATCH', `/api/conversations/${conversationId}`, { currentLeafId: NO_SUCH_ID }, 'currentLeafId'],
      ['GET', '/api/conversations?limit=1000', undefined, 'limit'],
      ['GET', '/api/conversations?archived=maybe', undefined, 'archived'],
      ['GET', `/api/conversations/${conversationId}/messages?leafId=abc`, undefined, 'leafId'],
      ['POST', `/api/conversations/${conversationId}/messages`, { model: 'fake/echo' }, 'content'],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: '   ', model: 'fake/echo' }, 'content'],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'x'.repeat(100_001), model: 'fake/echo' }, 'content'],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'hi', parentId: 'abc', model: 'fake/echo' }, 'parentId'],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'hi', parentId: NO_SUCH_ID, model: 'fake/echo' }, 'parentId'],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'hi', model: 'fake/echo', tools: { webSearch: 'yes' } }, 'tools'],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'hi', model: 'fake/echo', tools: ['webSearch'] }, 'tools'],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'hi', model: '' }, 'model'],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await client.request(method, path, body);
      expect([method, path, answer.status]).toEqual([method, path, 400]);
      expect(answer.body.fields ?? {}).toHaveProperty([field]);
      expect(answer.body.message).toContain(field);
    }
    // Nothing was stored by the refused sends.
    expect((await branch(conversationId)).messages).toEqual([]);
  });

  it('answers 404 for another user’s conversations and messages, and for ids that are not uuids', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'mine', model: 'fake/echo' });
    await client.waitFinished(conversationId, sent.assistantMessage.id);
    const stranger = await ChatClient.signUp(api.url);
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/conversations/${conversationId}`],
      ['PATCH', `/api/conversations/${conversationId}`, { title: 'taken' }],
      ['DELETE', `/api/conversations/${conversationId}`],
      ['GET', `/api/conversations/${conversationId}/messages`],
      ['POST', `/api/conversations/${conversationId}/messages`, { content: 'hi', model: 'fake/echo' }],
      ['GET', `/api/messages/${sent.assistantMessage.id}/events`],
      ['POST', `/api/messages/${sent.assistantMessage.id}/stop`],
      ['POST', `/api/messages/${sent.assistantMessage.id}/regenerate`, {}],
      ['GET', '/api/conversations/not-a-uuid'],
      ['GET', '/api/messages/not-a-uuid/events'],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await stranger.request(method, path, body);
      expect([method, path, answer.status, answer.body?.code]).toEqual([method, path, 404, 'not_found']);
    }
    expect((await stranger.expect<Page<ConversationDto>>(200, 'GET', '/api/conversations')).total).toBe(0);
    expect((await client.expect<ConversationDto>(200, 'GET', `/api/conversations/${conversationId}`)).title).not.toBe('taken');
    // A deleted conversation's messages are gone for its owner too.
    await client.expect(204, 'DELETE', `/api/conversations/${conversationId}`);
    expect((await client.request('GET', `/api/messages/${sent.assistantMessage.id}/events`)).status).toBe(404);
  });

  it('needs a session, and the CSRF token for changes', async () => {
    expect((await fetch(`${api.url}/api/conversations`)).status).toBe(401);
    const noCsrf = await fetch(`${api.url}/api/conversations`, { method: 'POST', headers: { cookie: client.cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as { code: string }).code).toBe('csrf_invalid');
  });

  it('branches: regenerate makes a sibling answer, editing makes a sibling question, and the shown branch can be switched', async () => {
    const conversationId = await client.newConversation({ model: 'fake/echo' });
    const first = await client.send(conversationId, { content: 'first question' });
    await client.waitFinished(conversationId, first.assistantMessage.id);
    const second = await client.send(conversationId, { content: 'second question' });
    expect(second.userMessage.parentId).toBe(first.assistantMessage.id);
    await client.waitFinished(conversationId, second.assistantMessage.id);
    // The history sent upstream is the branch.
    expect(lastUpstreamMessages().map((m: any) => [m.role, m.content])).toEqual([
      ['user', 'first question'],
      ['assistant', 'first question'],
      ['user', 'second question'],
    ]);

    const regenerated = await client.expect<MessageDto>(201, 'POST', `/api/messages/${second.assistantMessage.id}/regenerate`, { model: 'fake/reasoning' });
    expect(regenerated).toMatchObject({ parentId: second.userMessage.id, status: 'pending', model: 'fake/reasoning', turnId: regenerated.id });
    await client.waitFinished(conversationId, regenerated.id);
    let shown = await branch(conversationId);
    expect(shown.leafId).toBe(regenerated.id);
    expect(shown.messages.map((m) => m.id)).toEqual([first.userMessage.id, first.assistantMessage.id, second.userMessage.id, regenerated.id]);
    expect(shown.messages[3]!.siblingIds).toEqual([second.assistantMessage.id, regenerated.id]);
    expect(shown.messages[3]!.content).toBe('second question');

    // Editing the second question: a new user message with the same parent.
    const edited = await client.send(conversationId, { content: 'second question, edited', parentId: first.assistantMessage.id });
    await client.waitFinished(conversationId, edited.assistantMessage.id);
    shown = await branch(conversationId);
    expect(shown.messages.map((m) => m.id)).toEqual([first.userMessage.id, first.assistantMessage.id, edited.userMessage.id, edited.assistantMessage.id]);
    expect(shown.messages[2]!.siblingIds).toEqual([second.userMessage.id, edited.userMessage.id]);
    expect(lastUpstreamMessages().map((m: any) => m.content)).toEqual(['first question', 'first question', 'second question, edited']);

    // Viewing the older question's branch follows its newest answer; switching makes it the default.
    const older = await branch(conversationId, second.userMessage.id);
    expect(older.messages.map((m) => m.id)).toEqual([first.userMessage.id, first.assistantMessage.id, second.userMessage.id, regenerated.id]);
    expect((await branch(conversationId, second.assistantMessage.id)).messages.at(-1)!.id).toBe(second.assistantMessage.id);
    const switched = await client.expect<ConversationDto>(200, 'PATCH', `/api/conversations/${conversationId}`, { currentLeafId: second.userMessage.id });
    expect(switched.currentLeafId).toBe(regenerated.id);
    expect((await branch(conversationId)).leafId).toBe(regenerated.id);

    // A message without parentId continues the shown branch.
    const third = await client.send(conversationId, { content: 'third' });
    expect(third.userMessage.parentId).toBe(regenerated.id);
    await client.waitFinished(conversationId, third.assistantMessage.id);

    // Editing the very first message: a new root.
    const newRoot = await client.send(conversationId, { content: 'a new start', parentId: null });
    await client.waitFinished(conversationId, newRoot.assistantMessage.id);
    shown = await branch(conversationId);
    expect(shown.messages.map((m) => m.content)).toEqual(['a new start', 'a new start']);
    expect(shown.messages[0]!.siblingIds).toEqual([first.userMessage.id, newRoot.userMessage.id]);
  });

  it('refuses answering a user message, and answering an answer still being generated', async () => {
    const conversationId = await client.newConversation({ model: 'fake/echo' });
    const sent = await client.send(conversationId, { content: 'hello', model: 'fake/slow?tps=20&words=100' });
    const notAnswer = await client.request('POST', `/api/conversations/${conversationId}/messages`, { content: 'x', parentId: sent.userMessage.id });
    expect([notAnswer.status, notAnswer.body.code]).toEqual([400, 'invalid_parent']);
    const busy = await client.request('POST', `/api/conversations/${conversationId}/messages`, { content: 'wait' });
    expect([busy.status, busy.body.code]).toEqual([409, 'generation_in_progress']);
    await client.expect(200, 'POST', `/api/messages/${sent.assistantMessage.id}/stop`);
  });

  it('chooses the model: request, else conversation, else the user’s default; the request’s becomes the conversation’s', async () => {
    const user = await ChatClient.signUp(api.url);
    await user.expect(200, 'PATCH', '/api/me/settings', { defaultModel: 'fake/reasoning', systemPrompt: 'From settings.' });
    const conversationId = await user.newConversation();
    const byDefault = await user.send(conversationId, { content: 'one' });
    expect(byDefault.assistantMessage.model).toBe('fake/reasoning');
    const done = await user.waitFinished(conversationId, byDefault.assistantMessage.id);
    expect(done.reasoning).toMatch(/The user wrote "one"/);
    expect(lastUpstreamMessages()[0]).toEqual({ role: 'system', content: 'From settings.' });

    const chosen = await user.send(conversationId, { content: 'two', model: 'fake/echo' });
    expect(chosen.conversation.model).toBe('fake/echo');
    await user.waitFinished(conversationId, chosen.assistantMessage.id);
    const byConversation = await user.send(conversationId, { content: 'three' });
    expect(byConversation.assistantMessage.model).toBe('fake/echo');
    await user.waitFinished(conversationId, byConversation.assistantMessage.id);
  });

  it('titles a conversation after its first answer, and never overwrites a title', async () => {
    const conversationId = await client.newConversation();
    const sent = await client.send(conversationId, { content: 'Otters and their habits', model: 'fake/echo' });
    await client.waitFinished(conversationId, sent.assistantMessage.id);
    // fake/echo answers the title prompt with the user's words.
    expect((await client.expect<ConversationDto>(200, 'GET', `/api/conversations/${conversationId}`)).title).toBe('Otters and their habits');
    const titleRequest = fakes.requests.find((r) => (r.body as any)?.stream !== true && (r.body as any)?.messages?.at(-1)?.content === 'Otters and their habits');
    expect(titleRequest).toBeDefined();

    const named = await client.newConversation({ title: 'My own title' });
    const other = await client.send(named, { content: 'anything', model: 'fake/echo' });
    await client.waitFinished(named, other.assistantMessage.id);
    expect((await client.expect<ConversationDto>(200, 'GET', `/api/conversations/${named}`)).title).toBe('My own title');
  });

  it('lists the toolkits the model may be offered', async () => {
    expect(await client.expect(200, 'GET', '/api/chat/tools')).toEqual([
      { toolkit: 'math', tools: [expect.objectContaining({ name: 'add' }), expect.objectContaining({ name: 'multiply' })] },
      { toolkit: 'naps', tools: [expect.objectContaining({ name: 'nap_a' }), expect.objectContaining({ name: 'nap_b' })] },
      { toolkit: 'stuck', tools: [expect.objectContaining({ name: 'wait_forever', description: 'Never answers' })] },
      // The web tools module's; without SEARXNG_URL only page reading.
      { toolkit: 'webSearch', tools: [expect.objectContaining({ name: 'fetch_url' })] },
    ]);
  });
});

describe.each(testTargets())('without any model on $name', (target) => {
  it('answers 400 model_required when no model is chosen anywhere and the catalog is empty', async () => {
    const session = await startApiSession(target, () => ({}), { modelInfo: { data: [] } });
    try {
      const { client } = session;
      const conversationId = await client.newConversation();
      const answer = await client.request('POST', `/api/conversations/${conversationId}/messages`, { content: 'hello' });
      expect([answer.status, answer.body.code]).toEqual([400, 'model_required']);
      expect(answer.body.fields).toHaveProperty('model');
      expect((await client.expect<ConversationMessagesDto>(200, 'GET', `/api/conversations/${conversationId}/messages`)).messages).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
