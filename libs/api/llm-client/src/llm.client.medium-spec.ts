import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { AppConfig, ConfigModule } from '@kipux/api/config';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { createParser } from 'eventsource-parser';
import { LlmClient, type LlmClientOptions } from './llm.client';
import { LlmError, LlmErrorCode } from './llm.exception';
import { LlmModule } from './llm.module';
import type { ChatCompletionChunk, ChatRequest } from './llm.types';
import { StreamAccumulator } from './stream-accumulator';

const KEY = 'sk-kipux-medium-test-key';
const FIXTURES = join(__dirname, '../../../../fixtures');

interface Cassette {
  interactions: Array<{ request: { body: ChatRequest }; response: { sse: string } }>;
}

function cassette(name: string): Cassette {
  return JSON.parse(readFileSync(join(FIXTURES, 'cassettes', `${name}.json`), 'utf8')) as Cassette;
}

function recordedChunks(sse: string): ChatCompletionChunk[] {
  const data: string[] = [];
  createParser({ onEvent: (event) => data.push(event.data) }).feed(sse);
  return data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as ChatCompletionChunk);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

let fakes: FakeUpstreams;

function clientFor(env: Record<string, string> = {}, options?: LlmClientOptions): LlmClient {
  return new LlmClient(
    AppConfig.fromEnv({ LITELLM_BASE_URL: fakes.url, LITELLM_API_KEY: KEY, EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: '64', ...env }),
    { idleTimeoutMs: 400, firstByteTimeoutMs: 2_000, requestTimeoutMs: 2_000, ...options },
  );
}

const user = (content: string): ChatRequest['messages'] => [{ role: 'user', content }];

beforeAll(async () => {
  fakes = await startFakeUpstreams({ apiKey: KEY });
});

afterAll(() => fakes.close());

describe('LlmClient.streamChat against fake-upstreams', () => {
  it('round-trips the xAI reasoning cassette untouched', async () => {
    const recorded = cassette('xai_grok_reasoning_stream');
    const chunks = await collect(clientFor().streamChat({ ...recorded.interactions[0].request.body, model: 'cassette/xai_grok_reasoning_stream' }));

    const expectedChunks = recordedChunks(recorded.interactions[0].response.sse);
    expect(chunks).toEqual(expectedChunks);
    const accumulator = new StreamAccumulator();
    chunks.forEach((chunk) => accumulator.push(chunk));
    expect(accumulator.content).toBe(expectedChunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join(''));
    expect(accumulator.reasoning).toBe(expectedChunks.map((c) => c.choices?.[0]?.delta?.reasoning_content ?? '').join(''));
    expect(accumulator.usage).toMatchObject({ reasoningTokens: 133, cachedTokens: 192 });
    expect(accumulator.finishReason).toBe('stop');
  });

  it('runs both turns of the Groq tool-call cassette, provider extras kept', async () => {
    const recorded = cassette('groq_kimi_parallel_tool_calls_stream');
    const client = clientFor();
    const model = 'cassette/groq_kimi_parallel_tool_calls_stream';
    const first = recorded.interactions[0].request.body;

    const turn0 = new StreamAccumulator();
    const chunks0 = await collect(client.streamChat({ ...first, model }));
    chunks0.forEach((chunk) => turn0.push(chunk));
    expect(chunks0).toEqual(recordedChunks(recorded.interactions[0].response.sse));
    expect(chunks0.some((chunk) => chunk.x_groq?.usage)).toBe(true);
    expect(turn0.finishReason).toBe('tool_calls');
    expect(turn0.toolCalls.map((call) => call.function.name)).toEqual(['add', 'multiply']);

    const results: Record<string, (a: number, b: number) => number> = { add: (a, b) => a + b, multiply: (a, b) => a * b };
    const followUp: ChatRequest = {
      ...first,
      model,
      messages: [
        ...first.messages,
        { role: 'assistant', content: turn0.content, tool_calls: turn0.toolCalls },
        ...turn0.toolCalls.map((call) => {
          const { a, b } = JSON.parse(call.function.arguments) as { a: number; b: number };
          return { role: 'tool' as const, tool_call_id: call.id, content: String(results[call.function.name](a, b)) };
        }),
      ],
    };
    const turn1 = new StreamAccumulator();
    for await (const chunk of client.streamChat(followUp)) turn1.push(chunk);
    const expected1 = recordedChunks(recorded.interactions[1].response.sse);
    expect(turn1.content).toBe(expected1.map((c) => c.choices?.[0]?.delta?.content ?? '').join(''));
    expect(turn1.finishReason).toBe('stop');
  });

  it('forwards the request with streaming usage on, under /v1 whether the base URL has it or not', async () => {
    for (const base of [fakes.url, `${fakes.url}/v1/`]) {
      fakes.requests.length = 0;
      const request: ChatRequest = { model: 'fake/echo', messages: user('forward me'), temperature: 0.3, enable_thinking: false };
      await collect(clientFor({ LITELLM_BASE_URL: base }).streamChat(request));
      const [received] = fakes.requests;
      expect(received.path).toBe('/v1/chat/completions');
      expect(received.headers['authorization']).toBe(`Bearer ${KEY}`);
      expect(received.body).toEqual({ ...request, stream: true, stream_options: { include_usage: true } });
    }
  });

  it('streams scripted reasoning and content in order', async () => {
    const accumulator = new StreamAccumulator();
    const order: string[] = [];
    for await (const chunk of clientFor().streamChat({ model: 'fake/reasoning?field=reasoning', messages: user('Olá mundo') })) {
      for (const delta of accumulator.push(chunk)) order.push(delta.type);
    }
    expect(accumulator.content).toBe('Olá mundo');
    expect(accumulator.reasoning).toContain('Olá mundo');
    expect(order.join(',')).toMatch(/^(reasoning,)+(content,)+finish,usage$/);
  });

  it.each([
    ['fake/error-500', LlmErrorCode.UpstreamError, /^The model provider returned 500: /],
    ['fake/error-503', LlmErrorCode.UpstreamError, /^The model provider returned 503: /],
    ['fake/error-400', LlmErrorCode.BadRequest, /rejected the request \(400\)/],
    ['fake/error-401', LlmErrorCode.Unauthorized, /refused our credentials \(401\)/],
    ['no-such-model', LlmErrorCode.ModelNotFound, /does not know the model "no-such-model" \(404\)/],
    ['fake/error-midstream', LlmErrorCode.UpstreamError, /reported an error mid-answer/],
  ])('%s fails with %s', async (model, code, message) => {
    const error = await failure(collect(clientFor().streamChat({ model, messages: user('x') })));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(KEY);
  });

  it('reports 429 as rate_limited with Retry-After', async () => {
    const error = await failure(collect(clientFor().streamChat({ model: 'fake/error-429?retry_after=3', messages: user('x') })));
    expect(error).toMatchObject({ code: LlmErrorCode.RateLimited, retryAfterSeconds: 3, upstreamStatus: 429 });
    expect(error.message).toContain('retry after 3s');
  });

  it('reports a wrong API key as unauthorized without repeating it', async () => {
    const wrongKey = 'sk-wrong-key-that-must-not-leak';
    const error = await failure(collect(clientFor({ LITELLM_API_KEY: wrongKey }).streamChat({ model: 'fake/echo', messages: user('x') })));
    expect(error.code).toBe(LlmErrorCode.Unauthorized);
    expect(error.message).not.toContain(wrongKey);
  });

  it('reports a stream cut in the middle as connection_failed, after the first chunks', async () => {
    const received: ChatCompletionChunk[] = [];
    const run = (async () => {
      for await (const chunk of clientFor().streamChat({ model: 'fake/cut', messages: user('x') })) received.push(chunk);
    })();
    const error = await failure(run);
    expect(error.code).toBe(LlmErrorCode.ConnectionFailed);
    expect(error.message).toMatch(/broke off mid-answer/);
    expect(received.length).toBeGreaterThan(0);
  });

  it('times out a stream that goes silent after its headers', async () => {
    const started = Date.now();
    const error = await failure(collect(clientFor({}, { idleTimeoutMs: 300 }).streamChat({ model: 'fake/hang', messages: user('x') })));
    expect(error.code).toBe(LlmErrorCode.Timeout);
    expect(error.message).toMatch(/sent nothing for 0.3s/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out a provider that never answers', async () => {
    const error = await failure(collect(clientFor({}, { firstByteTimeoutMs: 300 }).streamChat({ model: 'fake/hang-before-headers', messages: user('x') })));
    expect(error.code).toBe(LlmErrorCode.Timeout);
    expect(error.message).toMatch(/did not answer within 0.3s/);
  });

  it('honours a per-call idle timeout', async () => {
    const error = await failure(collect(clientFor({}, { idleTimeoutMs: 60_000 }).streamChat({ model: 'fake/hang', messages: user('x') }, { idleTimeoutMs: 200 })));
    expect(error.code).toBe(LlmErrorCode.Timeout);
  });

  it('stops mid-stream when the signal aborts', async () => {
    const controller = new AbortController();
    const received: ChatCompletionChunk[] = [];
    const run = (async () => {
      for await (const chunk of clientFor().streamChat({ model: 'fake/slow?tps=40&words=200', messages: user('x') }, { signal: controller.signal })) {
        received.push(chunk);
        if (received.length === 3) controller.abort();
      }
    })();
    const error = await failure(run);
    expect(error.code).toBe(LlmErrorCode.Aborted);
    expect(received).toHaveLength(3);
  });

  it('refuses to start with an already aborted signal', async () => {
    const error = await failure(collect(clientFor().streamChat({ model: 'fake/echo', messages: user('x') }, { signal: AbortSignal.abort() })));
    expect(error.code).toBe(LlmErrorCode.Aborted);
  });

  it('lets the caller stop reading early without an error', async () => {
    let count = 0;
    for await (const chunk of clientFor().streamChat({ model: 'fake/slow?tps=100&words=100', messages: user('x') })) {
      expect(chunk.object).toBe('chat.completion.chunk');
      if (++count === 2) break;
    }
    expect(count).toBe(2);
  });

  it('reports a closed port as connection_failed', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const client = clientFor({ LITELLM_BASE_URL: `http://127.0.0.1:${port}` });
    const error = await failure(collect(client.streamChat({ model: 'fake/echo', messages: user('x') })));
    expect(error.code).toBe(LlmErrorCode.ConnectionFailed);
    expect(error.message).toBe(`Could not connect to the model provider at http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('says so when no provider is configured', async () => {
    const client = new LlmClient(AppConfig.fromEnv({}));
    expect(client.configured).toBe(false);
    const error = await failure(collect(client.streamChat({ model: 'fake/echo', messages: user('x') })));
    expect(error.code).toBe(LlmErrorCode.NotConfigured);
    expect(error.message).toContain('LITELLM_BASE_URL');
  });
});

describe('LlmClient.streamChatEvents against fake-upstreams', () => {
  const events = (request: ChatRequest, options?: Parameters<LlmClient['streamChatEvents']>[1]) =>
    collect(clientFor().streamChatEvents(request, options)).then((batches) => batches.flat());

  it('yields the payloads as sent, parsing only those with a finish reason or usage, after the same request', async () => {
    const recorded = cassette('xai_grok_reasoning_stream');
    const request = { ...recorded.interactions[0].request.body, model: 'cassette/xai_grok_reasoning_stream' };
    const received = await events(request);
    expect(received.map((event) => JSON.parse(event.data))).toEqual(recordedChunks(recorded.interactions[0].response.sse));
    const parsed = received.filter((event) => event.chunk);
    expect(parsed.length).toBeLessThan(received.length);
    for (const { chunk } of parsed) expect(Boolean(chunk?.usage) || Boolean(chunk?.choices?.some((c) => c.finish_reason))).toBe(true);
    expect(fakes.requests.at(-1)?.body).toEqual({ ...request, stream: true, stream_options: { include_usage: true } });
    expect(fakes.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${KEY}`);
    expect((await events({ model: 'fake/echo', messages: user('a b') }, { parseAll: true })).every((event) => event.chunk)).toBe(true);
  });

  it.each([
    ['fake/error-503', LlmErrorCode.UpstreamError, /^The model provider returned 503: litellm\./],
    ['fake/error-400', LlmErrorCode.BadRequest, /rejected the request \(400\)/],
    ['no-such-model', LlmErrorCode.ModelNotFound, /does not know the model "no-such-model" \(404\)/],
  ])('%s fails with %s before any event', async (model, code, message) => {
    const error = await failure(events({ model, messages: user('x') }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('reports 429 as rate_limited with Retry-After, and a wrong key without repeating it', async () => {
    expect(await failure(events({ model: 'fake/error-429?retry_after=3', messages: user('x') }))).toMatchObject({ code: LlmErrorCode.RateLimited, retryAfterSeconds: 3 });
    const wrongKey = 'sk-wrong-key-that-must-not-leak';
    const error = await failure(collect(clientFor({ LITELLM_API_KEY: wrongKey }).streamChatEvents({ model: 'fake/echo', messages: user('x') })));
    expect(error.code).toBe(LlmErrorCode.Unauthorized);
    expect(error.message).not.toContain(wrongKey);
  });

  it.each([
    ['fake/error-midstream', LlmErrorCode.UpstreamError, /reported an error mid-answer/],
    ['fake/cut', LlmErrorCode.ConnectionFailed, /closed the stream|broke off/],
  ])('%s fails with %s after the events before it', async (model, code, message) => {
    const received: string[] = [];
    const error = await failure(
      (async () => {
        for await (const batch of clientFor().streamChatEvents({ model, messages: user('x') })) received.push(...batch.map((event) => event.data));
      })(),
    );
    expect(error).toMatchObject({ code });
    expect(error.message).toMatch(message);
    expect(received.length).toBeGreaterThan(0);
  });

  it('times out a provider that never answers and a stream that goes silent', async () => {
    const client = clientFor({}, { firstByteTimeoutMs: 300, idleTimeoutMs: 300 });
    expect((await failure(collect(client.streamChatEvents({ model: 'fake/hang-before-headers', messages: user('x') })))).message).toMatch(/did not answer within 0.3s/);
    expect((await failure(collect(client.streamChatEvents({ model: 'fake/hang', messages: user('x') })))).message).toMatch(/sent nothing for 0.3s/);
  });

  it('stops when the signal aborts, and lets the caller stop reading early', async () => {
    const controller = new AbortController();
    let batches = 0;
    const error = await failure(
      (async () => {
        for await (const _batch of clientFor().streamChatEvents({ model: 'fake/slow?tps=40&words=200', messages: user('x') }, { signal: controller.signal })) {
          if (++batches === 3) controller.abort();
        }
      })(),
    );
    expect(error.code).toBe(LlmErrorCode.Aborted);
    for await (const batch of clientFor().streamChatEvents({ model: 'fake/slow?tps=100&words=100', messages: user('x') })) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
  });

  it('reports a closed port as connection_failed, and says so when no provider is configured', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const refused = await failure(collect(clientFor({ LITELLM_BASE_URL: `http://127.0.0.1:${port}` }).streamChatEvents({ model: 'fake/echo', messages: user('x') })));
    expect(refused.code).toBe(LlmErrorCode.ConnectionFailed);
    expect(refused.message).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    const unconfigured = await failure(collect(new LlmClient(AppConfig.fromEnv({})).streamChatEvents({ model: 'fake/echo', messages: user('x') })));
    expect(unconfigured.code).toBe(LlmErrorCode.NotConfigured);
  });
});

describe('LlmClient.complete against fake-upstreams', () => {
  it('returns the scripted answer', async () => {
    const completion = await clientFor().complete({ model: 'fake/echo', messages: user('hello there'), stream_options: { include_usage: true } });
    expect(completion.choices[0].message.content).toBe('hello there');
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage?.completion_tokens).toBe(2);
    expect(fakes.requests.at(-1)?.body).toEqual({ model: 'fake/echo', messages: user('hello there'), stream: false });
  });

  it('keeps provider extras of the recorded Groq completion', async () => {
    const completion = await clientFor().complete({ model: 'groq/mistral-saba-24b', messages: user('¿programas?') });
    const recorded = JSON.parse(readFileSync(join(FIXTURES, 'litellm', 'chat_completion_groq.json'), 'utf8'));
    expect(completion).toEqual(recorded);
    expect(completion['x_groq']).toEqual({ id: recorded.x_groq.id });
    expect(completion.usage?.['queue_time']).toBe(recorded.usage.queue_time);
  });

  it('returns merged reasoning and tool calls', async () => {
    const tools: ChatRequest['tools'] = [{ type: 'function', function: { name: 'add', parameters: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'] } } }];
    const completion = await clientFor().complete({ model: 'fake/tools', messages: user('2+3'), tools });
    expect(completion.choices[0].message.tool_calls?.map((call) => [call.function.name, JSON.parse(call.function.arguments)])).toEqual([['add', { a: 2, b: 3 }]]);
  });

  it('maps errors and timeouts the same way', async () => {
    expect((await failure(clientFor().complete({ model: 'no-such-model', messages: user('x') }))).code).toBe(LlmErrorCode.ModelNotFound);
    expect((await failure(clientFor().complete({ model: 'fake/error-429', messages: user('x') }))).retryAfterSeconds).toBe(7);
    const timeout = await failure(clientFor().complete({ model: 'fake/hang', messages: user('x') }, { requestTimeoutMs: 300 }));
    expect(timeout.code).toBe(LlmErrorCode.Timeout);
    const cut = await failure(clientFor().complete({ model: 'fake/cut', messages: user('x') }));
    expect(cut.code).toBe(LlmErrorCode.ConnectionFailed);
  });
});

describe('LlmClient.embed against fake-upstreams', () => {
  it('embeds deterministically, in batches, in input order', async () => {
    const client = clientFor();
    const batch = await client.embed(['vector search in postgres', 'sourdough bread', 'postgres vector search']);
    expect(await client.embed(['vector search in postgres', 'sourdough bread', 'postgres vector search'])).toEqual(batch);
    expect(batch.vectors).toHaveLength(3);
    for (const vector of batch.vectors) {
      expect(vector).toHaveLength(64);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    const single = await client.embed('sourdough bread');
    expect(single.vectors[0]).toEqual(batch.vectors[1]);
    expect(batch.usage).toEqual({ promptTokens: 9, totalTokens: 9 });
    expect(batch.model).toBe('text-embedding-3-small');
    const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i], 0);
    expect(cosine(batch.vectors[0], batch.vectors[2])).toBeGreaterThan(cosine(batch.vectors[0], batch.vectors[1]));
    expect(fakes.requests.at(-1)?.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 64, input: ['sourdough bread'] });
  });

  it('honours explicit model and dimensions, and needs an embedding model', async () => {
    const result = await clientFor().embed('x', { model: 'other-embedder', dimensions: 8 });
    expect(result.vectors[0]).toHaveLength(8);
    expect(result.model).toBe('other-embedder');
    const error = await failure(new LlmClient(AppConfig.fromEnv({ LITELLM_BASE_URL: fakes.url })).embed('x'));
    expect(error.code).toBe(LlmErrorCode.NotConfigured);
    expect(error.message).toContain('EMBEDDING_MODEL');
  });

  it('maps embedding failures', async () => {
    const error = await failure(clientFor().embed('x', { model: 'fake/error-503' }));
    expect(error.code).toBe(LlmErrorCode.UpstreamError);
  });
});

describe('LlmModule', () => {
  it('provides LlmClient with the global AppConfig', async () => {
    const config = AppConfig.fromEnv({ LITELLM_BASE_URL: fakes.url, LITELLM_API_KEY: KEY });
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), LlmModule] }).compile();
    const client = moduleRef.get(LlmClient);
    const completion = await client.complete({ model: 'fake/echo', messages: user('from nest') });
    expect(completion.choices[0].message.content).toBe('from nest');
    await moduleRef.close();
  });
});
