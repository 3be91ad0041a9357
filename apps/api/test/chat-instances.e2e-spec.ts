import { redisTargets, testTargets, type TestTarget } from '@kipux/api/testing';
import type { MessageDto, StreamEvent } from '@kipux/contracts';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiSession, type ApiSession } from './support/api-session';
import { ChatClient, joined, listenApi, prepareChatTarget, type ChatApi, type ReceivedEvent } from './support/chat-client';

const ROOT = join(__dirname, '../../..');
const COUNT_400 = Array.from({ length: 400 }, (_, i) => i + 1).join(' ');

function finishedOf(events: ReceivedEvent[]): Extract<StreamEvent, { type: 'message.finished' }> {
  const last = events[events.length - 1]?.event;
  if (last?.type !== 'message.finished') throw new Error(`stream did not end with message.finished: ${events.map((e) => e.type).join(', ')}`);
  return last;
}

/** Polls until the stored answer has some text (so it is really streaming). */
async function waitForText(client: ChatClient, conversationId: string, id: string): Promise<MessageDto> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const message = await client.message(conversationId, id);
    if (message.status === 'streaming' && message.content.length > 0) return message;
    if (Date.now() > deadline) throw new Error(`message ${id} never streamed (${message.status})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A prepared database that outlives one app: PGlite keeps its files in a temporary folder. */
async function prepareDurable(target: TestTarget, fakes: FakeUpstreams, extraEnv: Record<string, string> = {}) {
  const dataDir = target.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'kipux-chat-'));
  const prepared = await prepareChatTarget(target, fakes.url, { ...(dataDir ? { DATA_DIR: dataDir } : {}), ...extraEnv });
  return {
    env: prepared.env,
    cleanup: async () => {
      await prepared.cleanup();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API as its own process (as in production), so it can be killed without any shutdown. */
async function spawnApi(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'], SWC_NODE_PROJECT: 'tsconfig.base.json', NO_COLOR: '1', ...env, PORT: '0', LOG_LEVEL: 'log', WEB_DIST_DIR: '/nonexistent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 60_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`API exited with ${code}:\n${output}`)));
  });
  return { url, child };
}

// Only full mode has several instances (a plain loop: with no Redis configured there is nothing to run).
for (const target of redisTargets()) {
  describe(`two API instances on one Redis (${target.name})`, () => {
    // A is the session's app; B another instance on its database and Redis prefix.
    let session: ApiSession;
    let b: ChatApi;

    beforeAll(async () => {
      session = await startApiSession(target);
      b = await listenApi(session.prepared.env);
    });
    afterAll(async () => {
      await b?.close();
      await session?.close();
    });

    it('starts on A, follows and resumes on B, and stops from B', async () => {
      const onA = session.client;
      const onB = onA.on(b.url);
      const conversationId = await onA.newConversation();
      const sent = await onA.send(conversationId, { content: 'count for both', model: 'fake/slow?tps=20&words=400' });

      const firstOnA = await onA.events(sent.assistantMessage.id, { stopWhen: (events) => joined(events, 'content.delta').length > 0 });
      const lastId = firstOnA.events[firstOnA.events.length - 1]!.id;
      const followerOnB = onB.events(sent.assistantMessage.id, { lastEventId: lastId });
      await onB.events(sent.assistantMessage.id, { stopWhen: (events) => joined(events, 'content.delta').length > 6 });

      const stopped = await onB.expect<MessageDto>(200, 'POST', `/api/messages/${sent.assistantMessage.id}/stop`);
      expect(stopped.status).toBe('stopped');
      expect(COUNT_400.startsWith(stopped.content)).toBe(true);
      expect(stopped.content.length).toBeLessThan(COUNT_400.length);

      const rest = (await followerOnB).events;
      expect(rest[0]!.id).toBe(lastId + 1);
      const all = [...firstOnA.events, ...rest];
      expect(all.map((e) => e.id)).toEqual(all.map((_, index) => index + 1));
      expect(finishedOf(all).status).toBe('stopped');
      expect(joined(all, 'content.delta')).toBe(stopped.content);
    });
  });
}

describe.each(testTargets())('restarts ($name)', (target) => {
  let fakes: FakeUpstreams;
  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: 'sk-test' });
  });
  afterAll(() => fakes?.close());

  it('a shutdown mid-answer leaves it interrupted with its partial text; the next boot serves it', async () => {
    const durable = await prepareDurable(target, fakes);
    let api = await listenApi(durable.env);
    try {
      const client = await ChatClient.signUp(api.url);
      const conversationId = await client.newConversation();
      const sent = await client.send(conversationId, { content: 'count until shutdown', model: 'fake/slow?tps=20&words=400' });
      await waitForText(client, conversationId, sent.assistantMessage.id);
      await api.close();

      api = await listenApi(durable.env);
      const again = client.on(api.url);
      const message = await again.message(conversationId, sent.assistantMessage.id);
      expect(message.status).toBe('interrupted');
      expect(message.error).toMatch(/stopped before this answer was finished/);
      expect(message.content.length).toBeGreaterThan(0);
      expect(COUNT_400.startsWith(message.content)).toBe(true);
      expect(finishedOf((await again.events(sent.assistantMessage.id)).events)).toMatchObject({ status: 'interrupted' });
      // The user message is kept, and the conversation goes on.
      const next = await again.send(conversationId, { content: 'still here?', model: 'fake/echo' });
      expect(next.userMessage.parentId).toBe(sent.assistantMessage.id);
      expect((await again.waitFinished(conversationId, next.assistantMessage.id)).content).toBe('still here?');
    } finally {
      await api.close();
      await durable.cleanup();
    }
  });

  it('a killed process leaves its answers to the next boot (or another instance), which marks them interrupted', async () => {
    const durable = await prepareDurable(target, fakes, { CHAT_ORPHAN_AFTER_SECONDS: '2' });
    const killed = await spawnApi(durable.env);
    let api: ChatApi | undefined;
    try {
      const client = await ChatClient.signUp(killed.url);
      const conversationId = await client.newConversation();
      const sent = await client.send(conversationId, { content: 'count until killed', model: 'fake/slow?tps=20&words=400' });
      const partial = await waitForText(client, conversationId, sent.assistantMessage.id);
      killed.child.kill('SIGKILL');
      await new Promise((resolve) => killed.child.once('exit', resolve));

      api = await listenApi(durable.env);
      const again = client.on(api.url);
      // A follower that came for the orphan is told how it ended.
      const { events } = await again.events(sent.assistantMessage.id, { timeoutMs: 20_000 });
      expect(finishedOf(events).status).toBe('interrupted');
      const message = await again.message(conversationId, sent.assistantMessage.id);
      expect(message).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/stopped before this answer was finished/) });
      expect(message.content.startsWith(partial.content)).toBe(true);
    } finally {
      killed.child.kill('SIGKILL');
      await api?.close();
      await durable.cleanup();
    }
  });
});
