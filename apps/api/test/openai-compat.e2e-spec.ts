import { testTargets } from '@kipux/api/testing';
import type { AdminModelDto, ApiKeyDto, CreatedApiKeyDto } from '@kipux/contracts';
import { scenarioDeployments, startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { signUp, startApi, type RunningApi } from './support/start-api';

const PROXY_KEY = 'sk-litellm-openai-compat-e2e';

/** Scenario models as catalog deployments, plus a few more fake-upstreams behaviours under their own names. */
function modelInfo() {
  const base = scenarioDeployments();
  const extra = ['fake/slow?tps=20&words=400', 'fake/error-429?retry_after=9', 'fake/error-503', 'fake/hang', 'fake/error-midstream', 'fake/cut', 'fake/tools'].map(
    (name, index) => ({
      ...base[0],
      model_name: name,
      model_info: { ...(base[0]?.['model_info'] as object), id: `extra-${index}`, key: name },
    }),
  );
  return { data: [...base.filter((d) => !extra.some((e) => e.model_name === d['model_name'])), ...extra] };
}

/**
 * Sits between the app and fake-upstreams and notes when the app hangs up on a chat request before the
 * answer ended: the proof that a client's abort reaches the upstream.
 */
async function startUpstreamTap(target: string): Promise<{ url: string; abandoned: string[]; close(): Promise<void> }> {
  const abandoned: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const model = String((JSON.parse(body.toString() || '{}') as { model?: unknown }).model ?? '');
      const upstream = httpRequest(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        // Headers go on at once, as the upstream sent them (fake/hang sends headers and then nothing).
        res.flushHeaders();
        answer.pipe(res);
        // An upstream that breaks off (fake/cut) breaks off here too.
        answer.on('error', () => res.destroy());
      });
      res.on('close', () => {
        if (!res.writableFinished) abandoned.push(model);
        upstream.destroy();
      });
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(testTargets())('OpenAI-compatible API on $name', (target) => {
  let fakes: FakeUpstreams;
  let tap: Awaited<ReturnType<typeof startUpstreamTap>>;
  let api: RunningApi;
  let baseURL: string;
  let admin: Awaited<ReturnType<typeof signUp>>;
  let user: Awaited<ReturnType<typeof signUp>>;
  let key: CreatedApiKeyDto;
  let client: OpenAI;

  const sdk = (apiKey: string, options: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) => new OpenAI({ apiKey, baseURL, maxRetries: 0, ...options });

  async function createKey(owner: Awaited<ReturnType<typeof signUp>>, name: string): Promise<CreatedApiKeyDto> {
    return (await owner.agent.post('/api/api-keys').set(owner.withCsrf).send({ name }).expect(201)).body as CreatedApiKeyDto;
  }

  async function keyUsage(owner: Awaited<ReturnType<typeof signUp>>, id: string): Promise<ApiKeyDto> {
    const keys = (await owner.agent.get('/api/api-keys').expect(200)).body as ApiKeyDto[];
    return keys.find((k) => k.id === id) as ApiKeyDto;
  }

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: PROXY_KEY, modelInfo: modelInfo() });
    tap = await startUpstreamTap(fakes.url);
    api = await startApi(target, {
      LITELLM_BASE_URL: tap.url,
      LITELLM_API_KEY: PROXY_KEY,
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '8',
      API_RATE_LIMIT_PER_KEY_PER_MINUTE: '1000',
      API_RATE_LIMIT_PER_USER_PER_MINUTE: '1000',
      LLM_IDLE_TIMEOUT_SECONDS: '1',
      SEARXNG_URL: fakes.url,
      // Short, so changes by an admin show within the tests; revocations apply at once regardless.
      API_LOOKUP_CACHE_SECONDS: '1',
    });
    await api.app.listen(0, '127.0.0.1');
    baseURL = `${await api.app.getUrl()}/v1`.replace('[::1]', '127.0.0.1');
    admin = await signUp(api, { name: 'Admin' });
    user = await signUp(api, { name: 'API User' });
    await admin.agent.post('/api/admin/models/sync').set(admin.withCsrf).expect(200);
    key = await createKey(user, 'e2e');
    client = sdk(key.secret);
  });

  afterAll(async () => {
    await api?.close();
    await tap?.close();
    await fakes?.close();
  });

  describe('API keys', () => {
    it('shows the secret once, lists name, prefix and dates, never the secret or its hash', async () => {
      expect(key.secret).toMatch(/^kpx_[A-Za-z0-9_-]{43}$/);
      expect(key.prefix).toBe(key.secret.slice(0, 12));
      const list = await user.agent.get('/api/api-keys').expect(200);
      expect(list.body).toEqual([expect.objectContaining({ id: key.id, name: 'e2e', prefix: key.prefix, revokedAt: null })]);
      expect(list.text).not.toContain(key.secret.slice(12));
      expect(list.text).not.toMatch(/[0-9a-f]{64}/);
      expect((await admin.agent.get('/api/api-keys').expect(200)).body).toEqual([]);
    });

    it('validates the name and keeps keys to their owner', async () => {
      const bad = await user.agent.post('/api/api-keys').set(user.withCsrf).send({ name: '  ' }).expect(400);
      expect(bad.body.fields).toHaveProperty('name');
      await user.agent.post('/api/api-keys').set(user.withCsrf).send({ name: 'x', extra: 1 }).expect(400);
      await admin.agent.delete(`/api/api-keys/${key.id}`).set(admin.withCsrf).expect(404);
      await user.agent.delete('/api/api-keys/not-a-uuid').set(user.withCsrf).expect(404);
      await api.http.get('/api/api-keys').expect(401);
      // A /v1 key is not a session.
      await api.http.get('/api/api-keys').set('Authorization', `Bearer ${key.secret}`).expect(401);
    });

    it('records when a key was last used', async () => {
      await client.models.list();
      const listed = await eventually(
        () => keyUsage(user, key.id),
        (k) => k.lastUsedAt !== null,
      );
      expect(listed.lastUsedAt).not.toBeNull();
    });
  });

  describe('authentication', () => {
    it('answers 401 invalid_api_key for a missing, malformed or unknown key', async () => {
      const missing = await api.http.get('/v1/models').expect(401);
      expect(missing.body).toEqual({ error: { message: expect.stringContaining('API key'), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
      await api.http.get('/v1/models').set('Authorization', 'Bearer sk-wrong').expect(401);
      await expect(sdk(`kpx_${'A'.repeat(43)}`).models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    });

    it('answers unknown /v1 routes with a 404 in OpenAI shape, and serves nothing of /v1 under /api', async () => {
      const missing = await api.http.post('/v1/completions').set('Authorization', `Bearer ${key.secret}`).send({}).expect(404);
      expect(missing.body).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', code: 'not_found' }) });
      await api.http.get('/api/v1/models').set('Authorization', `Bearer ${key.secret}`).expect(404);
    });

    it('answers 401 for a revoked key, at once', async () => {
      const doomed = await createKey(user, 'doomed');
      await sdk(doomed.secret).models.list();
      const revoked = await user.agent.delete(`/api/api-keys/${doomed.id}`).set(user.withCsrf).expect(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      await expect(sdk(doomed.secret).models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key', message: expect.stringContaining('revoked') });
    });

    it('refuses the keys of a disabled user (within API_LOOKUP_CACHE_SECONDS)', async () => {
      const other = await signUp(api, { name: 'Soon Disabled' });
      const otherKey = await createKey(other, 'k');
      await sdk(otherKey.secret).models.list();
      await admin.agent.patch(`/api/admin/users/${other.user.id}`).set(admin.withCsrf).send({ disabled: true }).expect(200);
      const refused = await eventually(
        () => sdk(otherKey.secret).models.list().then(() => null, (error: unknown) => error),
        (error) => error !== null,
        3000,
      );
      expect(refused).toMatchObject({ status: 403, code: 'account_disabled' });
    });
  });

  describe('models', () => {
    it('lists the enabled chat models in OpenAI list shape', async () => {
      const models = [];
      for await (const model of client.models.list()) models.push(model);
      const ids = models.map((m) => m.id);
      expect(ids).toEqual(expect.arrayContaining(['fake/echo', 'cassette/xai_grok_reasoning_stream']));
      expect(models[0]).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: expect.any(String) });
    });

    it('answers 404 model_not_found for an unknown model and for one an admin disabled', async () => {
      await expect(client.chat.completions.create({ model: 'no/such-model', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
        status: 404,
        code: 'model_not_found',
        param: 'model',
      });
      const models = (await admin.agent.get('/api/admin/models?q=fake/xss').expect(200)).body as AdminModelDto[];
      const xss = models.find((m) => m.name === 'fake/xss') as AdminModelDto;
      await client.chat.completions.create({ model: 'fake/xss', messages: [{ role: 'user', content: 'hi' }] });
      await admin.agent.patch(`/api/admin/models/${xss.id}`).set(admin.withCsrf).send({ enabled: false }).expect(200);
      // The enabled models are reused for API_LOOKUP_CACHE_SECONDS (1 s here).
      const refused = await eventually(
        () => client.chat.completions.create({ model: 'fake/xss', messages: [{ role: 'user', content: 'hi' }], stream: true }).then(() => null, (error: unknown) => error),
        (error) => error !== null,
        3000,
      );
      expect(refused).toMatchObject({ status: 404, code: 'model_not_found' });
      const listed = [];
      for await (const model of client.models.list()) listed.push(model.id);
      expect(listed).not.toContain('fake/xss');
    });
  });

  describe('chat completions', () => {
    it('answers a non-streaming request, forwarding the fields and recording usage and cost', async () => {
      // A key of its own, so other tests' calls do not count here.
      const own = await createKey(user, 'usage');
      const completion = await sdk(own.secret).chat.completions.create({
        model: 'fake/echo',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hello there kipux' },
        ],
        temperature: 0.2,
        max_completion_tokens: 50,
        stop: ['zzz'],
        metadata: { run: 'e2e' },
        seed: 7,
      });
      expect(completion.object).toBe('chat.completion');
      expect(completion.choices[0]?.message.content).toBe('hello there kipux');
      expect(completion.usage?.total_tokens).toBeGreaterThan(0);
      const forwarded = fakes.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as Record<string, unknown>;
      expect(forwarded).toMatchObject({ model: 'fake/echo', temperature: 0.2, max_completion_tokens: 50, stop: ['zzz'], metadata: { run: 'e2e' }, seed: 7, stream: false });
      expect(forwarded).not.toHaveProperty('stream_options');
      const after = await eventually(
        () => keyUsage(user, own.id),
        (k) => k.requests > 0,
      );
      expect(after).toMatchObject({ requests: 1, totalTokens: completion.usage?.total_tokens });
      // fake/echo's deployment costs $1 and $2 per million prompt and completion tokens.
      const expected = ((completion.usage?.prompt_tokens ?? 0) * 1 + (completion.usage?.completion_tokens ?? 0) * 2) / 1e6;
      expect(after.costUsd).toBeCloseTo(expected, 12);
    });

    it('streams text chunk by chunk, ending with [DONE], usage only when asked for', async () => {
      const stream = await client.chat.completions.create({ model: 'fake/echo', messages: [{ role: 'user', content: 'one two three four' }], stream: true });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('one two three four');
      expect(chunks.length).toBeGreaterThan(3);
      expect(chunks.every((c) => c.object === 'chat.completion.chunk' && !c.usage && c.choices.length > 0)).toBe(true);

      const withUsage = await client.chat.completions.create({
        model: 'fake/echo',
        messages: [{ role: 'user', content: 'count me' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      const usageChunks = [];
      for await (const chunk of withUsage) if (chunk.usage) usageChunks.push(chunk);
      expect(usageChunks).toEqual([expect.objectContaining({ choices: [], usage: expect.objectContaining({ total_tokens: expect.any(Number) }) })]);
    });

    it('ends the raw SSE stream with data: [DONE]', async () => {
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake/echo', messages: [{ role: 'user', content: 'raw' }], stream: true }),
      });
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const text = await response.text();
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(text.split('\n\n').filter(Boolean).every((event) => event.startsWith('data: '))).toBe(true);
    });

    it('asks upstream for usage on every stream and records it, while a client that did not ask gets none', async () => {
      const own = await createKey(user, 'stream-usage');
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${own.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake/echo', messages: [{ role: 'user', content: 'metered words' }], stream: true }),
      });
      const text = await response.text();
      expect(text).not.toContain('"usage"');
      const payloads = text.split('\n\n').filter(Boolean).map((event) => event.slice('data: '.length));
      expect(payloads.at(-1)).toBe('[DONE]');
      const chunks = payloads.slice(0, -1).map((payload) => JSON.parse(payload) as OpenAI.Chat.ChatCompletionChunk);
      expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('metered words');
      const forwarded = fakes.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body;
      expect(forwarded).toMatchObject({ stream: true, stream_options: { include_usage: true } });
      const after = await eventually(
        () => keyUsage(user, own.id),
        (k) => k.requests > 0,
      );
      expect(after.requests).toBe(1);
      expect(after.totalTokens).toBeGreaterThan(0);
      expect(after.costUsd).toBeGreaterThan(0);
    });

    it('passes reasoning_content through (recorded xAI answer)', async () => {
      const stream = await client.chat.completions.create({ model: 'cassette/xai_grok_reasoning_stream', messages: [{ role: 'user', content: 'hi' }], stream: true });
      let reasoning = '';
      let content = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string | null } | undefined;
        reasoning += delta?.reasoning_content ?? '';
        content += delta?.content ?? '';
      }
      expect(reasoning.length).toBeGreaterThan(20);
      expect(content.length).toBeGreaterThan(0);
    });

    it('relays parallel tool calls by index (recorded Groq answer)', async () => {
      const tools: OpenAI.Chat.ChatCompletionTool[] = ['add', 'multiply'].map((name) => ({
        type: 'function',
        function: { name, parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } },
      }));
      const stream = await client.chat.completions.create({
        model: 'cassette/groq_kimi_parallel_tool_calls_stream',
        messages: [{ role: 'user', content: 'What is 2+3 and 4*5?' }],
        tools,
        parallel_tool_calls: true,
        stream: true,
      });
      const calls = new Map<number, { name: string; args: string }>();
      let finish: string | null = null;
      for await (const chunk of stream) {
        for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
          const entry = calls.get(call.index) ?? { name: '', args: '' };
          entry.name += call.function?.name ?? '';
          entry.args += call.function?.arguments ?? '';
          calls.set(call.index, entry);
        }
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(finish).toBe('tool_calls');
      expect([...calls.values()].map((c) => c.name).sort()).toEqual(['add', 'multiply']);
      for (const call of calls.values()) expect(JSON.parse(call.args)).toEqual(expect.any(Object));
    });

    it('aborts the upstream request when the client goes away mid-stream', async () => {
      const own = await createKey(user, 'abort');
      const controller = new AbortController();
      const stream = await sdk(own.secret).chat.completions.create(
        { model: 'fake/slow?tps=20&words=400', messages: [{ role: 'user', content: 'count' }], stream: true },
        { signal: controller.signal },
      );
      let received = '';
      // The SDK ends the iteration quietly once its signal aborts.
      for await (const chunk of stream) {
        received += chunk.choices[0]?.delta.content ?? '';
        if (received.includes('3')) controller.abort();
      }
      expect(received).not.toContain('400');
      const abandoned = await eventually(
        async () => tap.abandoned,
        (list) => list.includes('fake/slow?tps=20&words=400'),
      );
      expect(abandoned).toContain('fake/slow?tps=20&words=400');
      // The aborted call is still accounted for.
      const after = await eventually(
        () => keyUsage(user, own.id),
        (k) => k.requests > 0,
      );
      expect(after.requests).toBe(1);
    });

    it('maps upstream failures to OpenAI statuses: 429 with Retry-After, 503 → 502, a hung upstream → 504', async () => {
      const limited = await api.http
        .post('/v1/chat/completions')
        .set('Authorization', `Bearer ${key.secret}`)
        .send({ model: 'fake/error-429?retry_after=9', messages: [{ role: 'user', content: 'x' }] })
        .expect(429);
      expect(limited.headers['retry-after']).toBe('9');
      expect(limited.body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests' });
      await expect(client.chat.completions.create({ model: 'fake/error-503', messages: [{ role: 'user', content: 'x' }], stream: true })).rejects.toMatchObject({
        status: 502,
      });
      const failed = await api.http
        .post('/v1/chat/completions')
        .set('Authorization', `Bearer ${key.secret}`)
        .send({ model: 'fake/error-503', messages: [{ role: 'user', content: 'x' }] })
        .expect(502);
      expect(JSON.stringify(failed.body)).not.toContain(PROXY_KEY);
      expect(JSON.stringify(failed.body)).not.toContain(tap.url);
      const hung = await api.http
        .post('/v1/chat/completions')
        .set('Authorization', `Bearer ${key.secret}`)
        .send({ model: 'fake/hang', messages: [{ role: 'user', content: 'x' }], stream: true })
        .expect(504);
      expect(hung.body.error).toMatchObject({ code: 'timeout', type: 'upstream_error' });
      const limitedStream = await api.http
        .post('/v1/chat/completions')
        .set('Authorization', `Bearer ${key.secret}`)
        .send({ model: 'fake/error-429?retry_after=9', messages: [{ role: 'user', content: 'x' }], stream: true })
        .expect(429);
      expect(limitedStream.headers['retry-after']).toBe('9');
      expect(limitedStream.headers['content-type']).toContain('application/json');
    });

    it('ends a stream that fails midway with an OpenAI error event', async () => {
      const stream = await client.chat.completions.create({ model: 'fake/error-midstream', messages: [{ role: 'user', content: 'x' }], stream: true });
      let content = '';
      await expect(
        (async () => {
          for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
        })(),
      ).rejects.toMatchObject({ error: expect.objectContaining({ code: 'upstream_error' }) });
      expect(content.length).toBeGreaterThan(0);
    });

    it('ends a stream whose upstream connection breaks off with an OpenAI error event, not [DONE]', async () => {
      const response = await fetch(`${baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake/cut', messages: [{ role: 'user', content: 'x' }], stream: true }),
      });
      expect(response.status).toBe(200);
      const events = (await response.text()).split('\n\n').filter(Boolean);
      expect(events.length).toBeGreaterThan(1);
      expect(events).not.toContain('data: [DONE]');
      expect(JSON.parse(events.at(-1)?.slice('data: '.length) ?? '{}')).toMatchObject({ error: { code: 'upstream_error' } });
    });

    it('runs web_search_options on the server and returns url_citation annotations', async () => {
      const question = 'What is new in Kipux? Quote [1] and [2].';
      const completion = await client.chat.completions.create({ model: 'fake/echo', messages: [{ role: 'user', content: question }], web_search_options: {} });
      const message = completion.choices[0]?.message;
      // fake/echo repeats the question, markers included, so the citations are known.
      expect(message?.content).toBe(question);
      const annotations = message?.annotations ?? [];
      expect(annotations).toHaveLength(2);
      for (const [i, annotation] of annotations.entries()) {
        expect(annotation.type).toBe('url_citation');
        expect(annotation.url_citation.url).toMatch(new RegExp(`^${fakes.url}/pages/`));
        expect(annotation.url_citation.title.length).toBeGreaterThan(0);
        expect(question.slice(annotation.url_citation.start_index, annotation.url_citation.end_index)).toContain(`[${i + 1}]`);
      }
      const search = fakes.requests.filter((r) => r.path === '/search').at(-1);
      expect(search?.query['q']).toBe(question);
      const forwarded = fakes.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1)?.body as { messages: Array<{ role: string; content: string }> };
      expect(forwarded.messages.map((m) => m.role)).toEqual(['system', 'user']);
      expect(forwarded.messages[0]?.content).toContain(`${fakes.url}/pages/`);
      expect(forwarded).not.toHaveProperty('web_search_options');
    });

    it('streams the annotations of a searched answer before its last chunk', async () => {
      const stream = await client.chat.completions.create({
        model: 'fake/echo',
        messages: [{ role: 'user', content: 'Tell me about self-hosting [2]' }],
        web_search_options: { search_context_size: 'low' },
        stream: true,
      });
      const annotations = [];
      for await (const chunk of stream) annotations.push(...((chunk.choices[0]?.delta as { annotations?: unknown[] } | undefined)?.annotations ?? []));
      expect(annotations).toEqual([expect.objectContaining({ type: 'url_citation', url_citation: expect.objectContaining({ url: expect.stringContaining('/pages/') }) })]);
    });
  });

  describe('bad requests', () => {
    const valid = { model: 'fake/echo', messages: [{ role: 'user', content: 'hi' }] };
    const tool = (i: number) => ({ type: 'function', function: { name: `tool_${i}`, parameters: { type: 'object' } } });
    const cases: Array<[name: string, body: unknown, status: number, param: string, message: RegExp]> = [
      ['missing messages', { model: 'fake/echo' }, 400, 'messages', /Missing required parameter: 'messages'/],
      ['empty messages', { ...valid, messages: [] }, 400, 'messages', /at least one message/],
      ['messages not an array', { ...valid, messages: 'hi' }, 400, 'messages', /expected array/],
      ['unknown role', { ...valid, messages: [{ role: 'wizard', content: 'hi' }] }, 400, 'messages[0].role', /'system', 'developer', 'user', 'assistant', 'tool'/],
      ['content of the wrong type', { ...valid, messages: [{ role: 'user', content: 42 }] }, 400, 'messages[0].content', /Invalid value/],
      ['tool message without tool_call_id', { ...valid, messages: [{ role: 'tool', content: 'x' }] }, 400, 'messages[0].tool_call_id', /Missing/],
      ['temperature as a string', { ...valid, temperature: 'hot' }, 400, 'temperature', /expected number/],
      ['temperature out of range', { ...valid, temperature: 3 }, 400, 'temperature', /<=2/],
      ['n not an integer', { ...valid, n: 1.5 }, 400, 'n', /expected int/],
      ['129 tools', { ...valid, tools: Array.from({ length: 129 }, (_, i) => tool(i)) }, 400, 'tools', /at most 128 tools/],
      ['5 stop strings', { ...valid, stop: ['a', 'b', 'c', 'd', 'e'] }, 400, 'stop', /at most 4 sequences/],
      ['17 metadata pairs', { ...valid, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 400, 'metadata', /at most 16/],
      ['metadata value too long', { ...valid, metadata: { k: 'v'.repeat(513) } }, 400, 'metadata.k', /512/],
      ['bad reasoning_effort', { ...valid, reasoning_effort: 'extreme' }, 400, 'reasoning_effort', /Invalid value/],
      ['bad response_format', { ...valid, response_format: { type: 'xml' } }, 400, 'response_format.type', /'text', 'json_object', 'json_schema'/],
      ['top_logprobs without logprobs', { ...valid, top_logprobs: 3 }, 400, 'top_logprobs', /logprobs/],
      ['stream_options without stream', { ...valid, stream_options: { include_usage: true } }, 400, 'stream_options', /stream/],
      ['tool_choice without tools', { ...valid, tool_choice: 'required' }, 400, 'tool_choice', /tools/],
      ['unknown parameter', { ...valid, temprature: 0.5 }, 400, 'temprature', /Unrecognized request argument supplied: temprature/],
      ['a JSON array body', [valid], 400, 'body', /JSON object/],
      ['model not a string', { ...valid, model: 7 }, 400, 'model', /expected string/],
    ];

    it.each(cases.map(([name, body, status, param, message]) => ({ name, body, status, param, message })))(
      '$name → $status naming $param',
      async ({ body, status, param, message }) => {
      const response = await api.http.post('/v1/chat/completions').set('Authorization', `Bearer ${key.secret}`).send(body as object).expect(status);
      expect(response.body.error.param).toBe(param);
      expect(response.body.error.message).toMatch(message);
      expect(response.body.error.type).toBe('invalid_request_error');
      },
    );

    it('answers invalid JSON with 400 and a huge body with 413, never 5xx', async () => {
      const invalid = await api.http
        .post('/v1/chat/completions')
        .set('Authorization', `Bearer ${key.secret}`)
        .set('Content-Type', 'application/json')
        .send('{"model": "fake/echo", "messages": [')
        .expect(400);
      expect(invalid.body.error).toMatchObject({ code: 'invalid_json', message: expect.stringContaining('JSON') });
      const huge = await api.http
        .post('/v1/chat/completions')
        .set('Authorization', `Bearer ${key.secret}`)
        .send({ ...valid, messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }] })
        .expect(413);
      expect(huge.body.error).toMatchObject({ code: 'payload_too_large' });
    });

    it('rejects the same through the SDK with a BadRequestError naming the param', async () => {
      await expect(
        client.chat.completions.create({ model: 'fake/echo', messages: [{ role: 'user', content: 'x' }], stop: ['1', '2', '3', '4', '5'] }),
      ).rejects.toMatchObject({ status: 400, param: 'stop' });
    });
  });

  describe('embeddings', () => {
    it('embeds with the configured model, as floats or base64 (the SDK default)', async () => {
      const viaSdk = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['hello world', 'bye'] });
      expect(viaSdk.data).toHaveLength(2);
      expect(viaSdk.data[0]?.embedding).toHaveLength(8);
      const floats = await api.http
        .post('/v1/embeddings')
        .set('Authorization', `Bearer ${key.secret}`)
        .send({ model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'float' })
        .expect(200);
      expect(floats.body.data[0].embedding).toHaveLength(8);
      for (const [i, value] of (floats.body.data[0].embedding as number[]).entries()) expect(viaSdk.data[0]?.embedding[i]).toBeCloseTo(value, 5);
      expect(floats.body.usage.prompt_tokens).toBeGreaterThan(0);
    });

    it('validates input and answers 404 for other models', async () => {
      const bad = await api.http.post('/v1/embeddings').set('Authorization', `Bearer ${key.secret}`).send({ model: 'text-embedding-3-small', input: 5 }).expect(400);
      expect(bad.body.error.param).toBe('input');
      await expect(client.embeddings.create({ model: 'other-embedder', input: 'x' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    });
  });

  describe('OpenAPI', () => {
    it('documents /v1 under openai-compatible with bearer auth', async () => {
      const doc = (await api.http.get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>> };
      for (const path of ['/v1/models', '/v1/chat/completions', '/v1/embeddings']) expect(doc.paths).toHaveProperty([path]);
      expect(doc.paths['/api/v1/models']).toBeUndefined();
      expect(doc.paths['/v1/chat/completions']?.['post']?.tags).toEqual(['openai-compatible']);
      expect(doc.paths['/v1/chat/completions']?.['post']?.security).toEqual([{ bearer: [] }]);
      expect(doc.paths).toHaveProperty(['/api/api-keys']);
    });
  });
});

describe.each(testTargets())('OpenAI-compatible API rate limits on $name', (target) => {
  let fakes: FakeUpstreams;
  let api: RunningApi;

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ modelInfo: scenarioDeployments() });
    api = await startApi(target, { LITELLM_BASE_URL: fakes.url, API_RATE_LIMIT_PER_KEY_PER_MINUTE: '3', API_RATE_LIMIT_PER_USER_PER_MINUTE: '5' });
    await api.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await api?.close();
    await fakes?.close();
  });

  it('refuses web_search_options when no search engine is configured', async () => {
    const owner = await signUp(api);
    const secret = (await owner.agent.post('/api/api-keys').set(owner.withCsrf).send({ name: 'k' }).expect(201)).body.secret as string;
    const client = new OpenAI({ apiKey: secret, baseURL: `${await api.app.getUrl()}/v1`, maxRetries: 0 });
    await expect(
      client.chat.completions.create({ model: 'fake/echo', messages: [{ role: 'user', content: 'news?' }], web_search_options: {} }),
    ).rejects.toMatchObject({ status: 400, param: 'web_search_options', message: expect.stringContaining('not available') });
  });

  it('limits each key, then the user across keys, with 429 rate_limit_exceeded and Retry-After', async () => {
    const owner = await signUp(api);
    const create = async () => (await owner.agent.post('/api/api-keys').set(owner.withCsrf).send({ name: 'k' }).expect(201)).body.secret as string;
    const first = await create();
    const second = await create();
    const call = (secret: string) => api.http.get('/v1/models').set('Authorization', `Bearer ${secret}`);
    for (let i = 0; i < 3; i++) await call(first).expect(200);
    const limited = await call(first).expect(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests', message: expect.stringContaining('API key') });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The user's budget (5) counted the key's 4 tries: one more passes, then the account is limited.
    await call(second).expect(200);
    const userLimited = await call(second).expect(429);
    expect(userLimited.body.error.message).toContain('account');
  });
});
