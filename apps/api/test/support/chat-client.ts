import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ChatHooks, ToolRegistry, type ChatTool } from '@kipux/api/chat';
import { AppConfig } from '@kipux/api/config';
import { prepareTarget, type PreparedTarget, type TestTarget } from '@kipux/api/testing';
import { CSRF_HEADER, type MessageDto, type SendMessageResponse, type StreamEvent } from '@kipux/contracts';
import { createParser } from 'eventsource-parser';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/create-app';
import { uniqueEmail } from './start-api';

/** The two tools of the recorded Groq cassette (and any `fake/tools` test), under the `math` toolkit. */
export const MATH_TOOLS: ChatTool[] = (
  [
    ['add', 'Add two numbers', (a: number, b: number) => a + b],
    ['multiply', 'Multiply two numbers', (a: number, b: number) => a * b],
  ] as const
).map(([name, description, op]) => ({
  name,
  description,
  toolkit: 'math',
  parameters: {
    type: 'object',
    properties: { a: { type: 'integer', description: 'first number' }, b: { type: 'integer', description: 'second number' } },
    required: ['a', 'b'],
  },
  execute: async (args: Record<string, unknown>) => String(op(Number(args['a']), Number(args['b']))),
}));

/** Two tools that each take 400 ms, logging when they start and end: parallel calls must overlap. */
export const napLog: Array<{ name: string; at: 'start' | 'end'; time: number }> = [];
export const NAP_TOOLS: ChatTool[] = ['nap_a', 'nap_b'].map((name) => ({
  name,
  description: 'Waits a little',
  toolkit: 'naps',
  parameters: { type: 'object', properties: {}, required: [] },
  execute: async () => {
    napLog.push({ name, at: 'start', time: Date.now() });
    await new Promise((resolve) => setTimeout(resolve, 400));
    napLog.push({ name, at: 'end', time: Date.now() });
    return `${name} rested`;
  },
}));

/** A tool that never answers and ignores cancellation: stopping must still end the turn. */
export const STUCK_TOOL: ChatTool = {
  name: 'wait_forever',
  description: 'Never answers',
  toolkit: 'stuck',
  parameters: { type: 'object', properties: {}, required: [] },
  execute: () => new Promise<string>((resolve) => setTimeout(() => resolve('too late'), 60_000).unref()),
};

export interface ChatApi {
  app: NestExpressApplication;
  url: string;
  /** Every message `ChatHooks` announced, as another module would hear them. */
  heard: MessageDto[];
  close(): Promise<void>;
}

/** The real app listening on a free port, with the math tools registered. */
export async function listenApi(env: Record<string, string>): Promise<ChatApi> {
  const app = await createApp(AppConfig.fromEnv({ WEB_DIST_DIR: '/nonexistent', ...env }));
  for (const tool of [...MATH_TOOLS, ...NAP_TOOLS, STUCK_TOOL]) app.get(ToolRegistry).register(tool);
  const heard: MessageDto[] = [];
  app.get(ChatHooks).onMessageStored((message) => {
    heard.push(message);
  });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  return { app, url: `http://127.0.0.1:${port}`, heard, close: () => (app as INestApplication).close() };
}

/** A fresh database (and Redis prefix) of the target, for one or several app instances sharing it. */
export function prepareChatTarget(target: TestTarget, litellmUrl: string, extraEnv: Record<string, string> = {}): Promise<PreparedTarget> {
  return prepareTarget(target, { LITELLM_BASE_URL: litellmUrl, LITELLM_API_KEY: 'sk-test', ...extraEnv });
}

/** An answer body when the test does not name its type: an error body or any object. */
export interface ApiAnswer {
  code?: string;
  message?: string;
  fields?: Record<string, string[]>;
  [field: string]: unknown;
}

export interface ReceivedEvent {
  id: number;
  type: string;
  event: StreamEvent;
}

/** A signed-in user talking to one instance over real HTTP (cookies and CSRF like a browser). */
export class ChatClient {
  private constructor(
    public baseUrl: string,
    readonly cookie: string,
    private readonly csrf: string,
    readonly userId: string,
  ) {}

  static async signUp(baseUrl: string): Promise<ChatClient> {
    const response = await fetch(`${baseUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Chat User', email: uniqueEmail('chat'), password: 'correct horse battery' }),
    });
    if (response.status !== 201) throw new Error(`register: ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { csrfToken: string; user: { id: string } };
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return new ChatClient(baseUrl, cookie, body.csrfToken, body.user.id);
  }

  /** The same session against another instance. */
  on(baseUrl: string): ChatClient {
    return new ChatClient(baseUrl, this.cookie, this.csrf, this.userId);
  }

  async request<T = ApiAnswer>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { cookie: this.cookie, [CSRF_HEADER]: this.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async expect<T = ApiAnswer>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async newConversation(fields: Record<string, unknown> = {}): Promise<string> {
    return (await this.expect<{ id: string }>(201, 'POST', '/api/conversations', fields)).id;
  }

  send(conversationId: string, body: Record<string, unknown>): Promise<SendMessageResponse> {
    return this.expect<SendMessageResponse>(201, 'POST', `/api/conversations/${conversationId}/messages`, body);
  }

  message(conversationId: string, id: string): Promise<MessageDto> {
    return this.findInBranch(conversationId, id);
  }

  /** A message as stored, looked up on the branch through it. */
  async findInBranch(conversationId: string, id: string): Promise<MessageDto> {
    const branch = await this.expect<{ messages: MessageDto[] }>(200, 'GET', `/api/conversations/${conversationId}/messages?leafId=${id}`);
    const found = branch.messages.find((m) => m.id === id);
    if (!found) throw new Error(`message ${id} not on its branch`);
    return found;
  }

  /** Polls until the message leaves pending/streaming. */
  async waitFinished(conversationId: string, id: string, timeoutMs = 20_000): Promise<MessageDto> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.message(conversationId, id);
      if (message.status !== 'pending' && message.status !== 'streaming') return message;
      if (Date.now() > deadline) throw new Error(`message ${id} still ${message.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Reads `GET /api/messages/:id/events` until the server ends it, or until `stopWhen` says so (then the
   * client disconnects, as a closed tab would).
   */
  async events(
    messageId: string,
    options: { lastEventId?: number; viaQuery?: boolean; stopWhen?: (received: ReceivedEvent[]) => boolean; timeoutMs?: number } = {},
  ): Promise<{ status: number; events: ReceivedEvent[]; ended: boolean; contentType: string | null }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 30_000);
    const query = options.viaQuery && options.lastEventId !== undefined ? `?lastEventId=${options.lastEventId}` : '';
    const headers: Record<string, string> = { cookie: this.cookie, accept: 'text/event-stream' };
    if (!options.viaQuery && options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
    const events: ReceivedEvent[] = [];
    let ended = false;
    try {
      const response = await fetch(`${this.baseUrl}/api/messages/${messageId}/events${query}`, { headers, signal: controller.signal });
      if (response.status !== 200 || !response.body) return { status: response.status, events, ended: true, contentType: response.headers.get('content-type') };
      const parser = createParser({
        onEvent: (event) => events.push({ id: Number(event.id), type: event.event ?? 'message', event: JSON.parse(event.data) as StreamEvent }),
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        parser.feed(decoder.decode(value, { stream: true }));
        if (options.stopWhen?.(events)) {
          await reader.cancel();
          break;
        }
      }
      return { status: 200, events, ended, contentType: response.headers.get('content-type') };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }
}

/** Text of the deltas of one kind for one message, in order. */
export function joined(events: ReceivedEvent[], type: 'content.delta' | 'reasoning.delta', messageId?: string): string {
  return events
    .map((e) => e.event)
    .filter((e): e is Extract<StreamEvent, { type: typeof type }> => e.type === type && (!messageId || e.messageId === messageId))
    .map((e) => e.text)
    .join('');
}
