import { createParser } from 'eventsource-parser';
import { findFixturesDir, readJsonFile } from './fixtures.util';
import { startFakeUpstreams, type FakeUpstreams } from './fake-upstreams.server';
import type { Cassette } from './litellm/cassette.scenario';
import { XSS_MARKDOWN } from './litellm/scripted.scenarios';

const KEY = 'sk-fake-test-key';
const fixturesDir = findFixturesDir();
const modelInfoFixture = readJsonFile<{ data: Array<{ model_name: string }> }>(`${fixturesDir}/litellm/model_info.json`);

let fakes: FakeUpstreams;

beforeAll(async () => {
  fakes = await startFakeUpstreams({ apiKey: KEY });
});

afterAll(() => fakes.close());

function post(path: string, body: unknown, key: string | null = KEY): Promise<Response> {
  return fetch(`${fakes.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function get(path: string): Promise<Response> {
  return fetch(`${fakes.url}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
}

/** The parsed `data:` events of an SSE body, `[DONE]` kept as the string. */
async function sseEvents(response: Response): Promise<any[]> {
  const events: any[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event.data === '[DONE]' ? '[DONE]' : JSON.parse(event.data)) });
  parser.feed(await response.text());
  return events;
}

const json = (response: Response | Promise<Response>): Promise<any> => Promise.resolve(response).then((r) => r.json());
const contentOf = (chunks: any[]) => chunks.map((c) => c.choices?.[0]?.delta?.content ?? '').join('');
const user = (content: string) => [{ role: 'user', content }];

describe('fake-upstreams: LiteLLM chat completions', () => {
  it('replays a cassette byte for byte, choosing the interaction by the incoming messages', async () => {
    const cassette = readJsonFile<Cassette>(`${fixturesDir}/cassettes/groq_kimi_parallel_tool_calls_stream.json`);
    for (const interaction of cassette.interactions) {
      const response = await post('/v1/chat/completions', {
        ...interaction.request.body,
        model: 'cassette/groq_kimi_parallel_tool_calls_stream',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(await response.text()).toBe(interaction.response.sse);
    }
  });

  it('answers a cassette without streaming as the merged completion', async () => {
    const cassette = readJsonFile<Cassette>(`${fixturesDir}/cassettes/xai_grok_reasoning_stream.json`);
    const chunks = cassette.interactions[0].response.sse
      .split('\n\n')
      .filter((block) => block.startsWith('data: {'))
      .map((block) => JSON.parse(block.slice(6)));
    const response = await post('/v1/chat/completions', { model: 'cassette/xai_grok_reasoning_stream', messages: user('Say hi in Portuguese') });
    const completion = await json(response);
    expect(completion.choices[0].message.content).toBe(contentOf(chunks));
    expect(completion.choices[0].message.reasoning_content).toBe(chunks.map((c) => c.choices[0]?.delta?.reasoning_content ?? '').join(''));
    expect(completion.usage.completion_tokens_details.reasoning_tokens).toBe(133);
  });

  it('echoes the last user message word by word, with a usage chunk only when asked', async () => {
    const text = 'Hola  mundo,\nqué tal?';
    const withUsage = await sseEvents(
      await post('/v1/chat/completions', { model: 'fake/echo', messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'x' }, { role: 'user', content: text }], stream: true, stream_options: { include_usage: true } }),
    );
    expect(withUsage.at(-1)).toBe('[DONE]');
    const chunks = withUsage.slice(0, -1);
    expect(contentOf(chunks)).toBe(text);
    const pieces = chunks.filter((c) => c.choices[0]?.delta?.content).length;
    expect(pieces).toBe(4);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1).choices).toEqual([]);
    expect(chunks.at(-1).usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: pieces });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);

    const withoutUsage = await sseEvents(await post('/v1/chat/completions', { model: 'fake/echo', messages: user(text), stream: true }));
    expect(withoutUsage.some((c) => c.usage)).toBe(false);
  });

  it('takes the text parts of multimodal content', async () => {
    const response = await post('/v1/chat/completions', {
      model: 'fake/echo',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'describe' }, { type: 'image_url', image_url: { url: 'data:,' } }] }],
    });
    expect((await json(response)).choices[0].message.content).toBe('describe');
  });

  it.each([
    ['fake/reasoning', 'reasoning_content'],
    ['fake/reasoning?field=reasoning', 'reasoning'],
  ])('%s streams %s deltas before the content', async (model, field) => {
    const chunks = (await sseEvents(await post('/v1/chat/completions', { model, messages: user('Olá'), stream: true, stream_options: { include_usage: true } }))).slice(0, -1);
    const kinds = chunks.map((c) => (c.choices[0]?.delta?.[field] ? 'r' : c.choices[0]?.delta?.content ? 'c' : '-')).join('').replace(/-/g, '');
    expect(kinds).toMatch(/^r+c+$/);
    expect(chunks.map((c) => c.choices[0]?.delta?.[field] ?? '').join('')).toContain('Olá');
    expect(contentOf(chunks)).toBe('Olá');
    expect(chunks.at(-1).usage.completion_tokens_details.reasoning_tokens).toBe(kinds.split('r').length - 1);
  });

  const tools = [
    { type: 'function', function: { name: 'web_search', parameters: { type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer' } }, required: ['query'] } } },
    { type: 'function', function: { name: 'fetch_url', parameters: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] } } },
  ];

  it('calls every offered tool in parallel, then answers with the results', async () => {
    const question = 'latest kipux release';
    const chunks = (await sseEvents(await post('/v1/chat/completions', { model: 'fake/tools', messages: user(question), tools, stream: true }))).slice(0, -1);
    const calls: Array<{ id: string; name: string; args: string }> = [];
    let fragments = 0;
    for (const chunk of chunks) {
      for (const fragment of chunk.choices[0]?.delta?.tool_calls ?? []) {
        fragments++;
        calls[fragment.index] ??= { id: fragment.id, name: fragment.function.name, args: '' };
        calls[fragment.index].args += fragment.function.arguments ?? '';
      }
    }
    expect(fragments).toBeGreaterThan(calls.length);
    expect(calls.map((c) => c.name)).toEqual(['web_search', 'fetch_url']);
    expect(JSON.parse(calls[0].args)).toEqual({ query: question });
    expect(JSON.parse(calls[1].args)).toEqual({ url: 'https://example.com/' });
    expect(new Set(calls.map((c) => c.id)).size).toBe(2);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('tool_calls');

    const followUp = await post('/v1/chat/completions', {
      model: 'fake/tools',
      tools,
      messages: [
        ...user(question),
        { role: 'assistant', content: null, tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } })) },
        { role: 'tool', tool_call_id: calls[0].id, content: 'Kipux 1.0 shipped' },
        { role: 'tool', tool_call_id: calls[1].id, content: 'Example Domain' },
      ],
    });
    const answer = (await json(followUp)).choices[0];
    expect(answer.finish_reason).toBe('stop');
    expect(answer.message.content).toContain('web_search returned "Kipux 1.0 shipped"');
    expect(answer.message.content).toContain('fetch_url returned "Example Domain"');
  });

  it('keeps calling tools for ?rounds=N rounds', async () => {
    const toolCall = { id: 'call_1', type: 'function', function: { name: 'fetch_url', arguments: '{}' } };
    const afterOneRound = [...user('go'), { role: 'assistant', content: null, tool_calls: [toolCall] }, { role: 'tool', tool_call_id: 'call_1', content: 'ok' }];
    const second = await json(post('/v1/chat/completions', { model: 'fake/tools?rounds=2', tools, messages: afterOneRound }));
    expect(second.choices[0].finish_reason).toBe('tool_calls');
    const once = await json(post('/v1/chat/completions', { model: 'fake/tools', tools, messages: afterOneRound }));
    expect(once.choices[0].finish_reason).toBe('stop');
  });

  it('streams fake/slow at the requested rate', async () => {
    const started = Date.now();
    const chunks = (await sseEvents(await post('/v1/chat/completions', { model: 'fake/slow?tps=50&words=10', messages: user('x'), stream: true }))).slice(0, -1);
    expect(contentOf(chunks)).toBe('1 2 3 4 5 6 7 8 9 10');
    // 13 events (role, 10 words, finish) 20 ms apart.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  });

  it('answers hostile markdown for fake/xss', async () => {
    const completion = await json(post('/v1/chat/completions', { model: 'fake/xss', messages: user('x') }));
    expect(completion.choices[0].message.content).toBe(XSS_MARKDOWN);
    expect(XSS_MARKDOWN).toContain('<img src=x onerror=alert(1)>');
    expect(XSS_MARKDOWN).toContain('<script>alert(1)</script>');
    expect(XSS_MARKDOWN).toContain('```js');
  });

  it.each([
    ['fake/error-500', 500],
    ['fake/error-503', 503],
    ['fake/error-400', 400],
  ])('%s answers %i in the OpenAI error shape', async (model, status) => {
    const response = await post('/v1/chat/completions', { model, messages: user('x'), stream: true });
    expect(response.status).toBe(status);
    expect(await json(response)).toEqual({ error: { message: expect.stringMatching(/^litellm\.\w+: /), type: expect.any(String), param: null, code: String(status) } });
  });

  it('sends Retry-After with 429', async () => {
    const response = await post('/v1/chat/completions', { model: 'fake/error-429?retry_after=3', messages: user('x') });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
  });

  it('answers 404 for an unknown model', async () => {
    const response = await post('/v1/chat/completions', { model: 'no-such-model', messages: user('x') });
    expect(response.status).toBe(404);
    expect((await json(response)).error.message).toContain('model=no-such-model');
  });

  it('fails mid-stream with an error event for fake/error-midstream', async () => {
    const events = await sseEvents(await post('/v1/chat/completions', { model: 'fake/error-midstream', messages: user('x'), stream: true }));
    expect(events).not.toContain('[DONE]');
    expect(events.at(-1).error.code).toBe('500');
    expect(contentOf(events.slice(0, -1)).length).toBeGreaterThan(0);
  });

  it('destroys the socket mid-stream for fake/cut', async () => {
    const response = await post('/v1/chat/completions', { model: 'fake/cut', messages: user('x'), stream: true });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('sends headers and then nothing for fake/hang', async () => {
    const controller = new AbortController();
    const response = await fetch(`${fakes.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model: 'fake/hang', messages: user('x'), stream: true }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const outcome = await Promise.race([reader.read().then(() => 'data'), new Promise((resolve) => setTimeout(resolve, 300, 'silence'))]);
    expect(outcome).toBe('silence');
    controller.abort();
  });

  it('answers a deployment from /model/info like echo, and a groq one with the recorded completion', async () => {
    const echo = await json(post('/v1/chat/completions', { model: 'gpt-4o', messages: user('hi there') }));
    expect(echo.choices[0].message.content).toBe('hi there');
    expect(echo.model).toBe('gpt-4o');
    const groq = await json(post('/v1/chat/completions', { model: 'groq/mistral-saba-24b', messages: user('hi') }));
    expect(groq).toEqual(readJsonFile(`${fixturesDir}/litellm/chat_completion_groq.json`));
  });

  it('serves the same routes without the /v1 prefix', async () => {
    const response = await post('/chat/completions', { model: 'fake/echo', messages: user('no prefix') });
    expect((await json(response)).choices[0].message.content).toBe('no prefix');
  });

  it('names the bad field of a request', async () => {
    const noModel = await post('/v1/chat/completions', { messages: user('x') });
    expect(noModel.status).toBe(400);
    expect((await json(noModel)).error).toMatchObject({ param: 'model', message: expect.stringContaining('model') });
    const noMessages = await post('/v1/chat/completions', { model: 'fake/echo', messages: [] });
    expect((await json(noMessages)).error.param).toBe('messages');
    const notJson = await post('/v1/chat/completions', '{"model":');
    expect(notJson.status).toBe(400);
  });
});

describe('fake-upstreams: auth, models, recording', () => {
  it('rejects a missing or wrong key with 401 in the OpenAI error shape', async () => {
    for (const key of [null, 'sk-wrong']) {
      const response = await post('/v1/chat/completions', { model: 'fake/echo', messages: user('x') }, key);
      expect(response.status).toBe(401);
      expect((await json(response)).error).toMatchObject({ type: 'auth_error', code: '401' });
    }
  });

  it('serves the recorded model info and lists its deployments as models', async () => {
    expect(await json(get('/model/info'))).toEqual(modelInfoFixture);
    const models = await json(get('/v1/models'));
    expect(models.object).toBe('list');
    expect(models.data.map((m: { id: string }) => m.id)).toEqual(modelInfoFixture.data.map((d) => d.model_name));
  });

  it('lets a test change the model info, after which a removed model is unknown', async () => {
    const own = await startFakeUpstreams();
    try {
      own.setModelInfo(modelInfoFixture.data.filter((d) => d.model_name !== 'gpt-4o'));
      const info = await json(fetch(`${own.url}/model/info`));
      expect(info.data).toHaveLength(modelInfoFixture.data.length - 1);
      const chat = await fetch(`${own.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: user('x') }) });
      expect(chat.status).toBe(404);
      expect(() => own.setModelInfo({ data: [{ nope: true }] })).toThrow(/model_name/);
    } finally {
      await own.close();
    }
  });

  it('records what it received', async () => {
    const marker = `marker-${Date.now()}`;
    await post('/v1/chat/completions?x=1', { model: 'fake/echo', messages: user(marker), temperature: 0.2 });
    const recorded = fakes.requests.find((r) => (r.body as any)?.messages?.[0]?.content === marker)!;
    expect(recorded).toMatchObject({ method: 'POST', path: '/v1/chat/completions', query: { x: '1' }, body: { temperature: 0.2 } });
    expect(recorded.headers['authorization']).toBe(`Bearer ${KEY}`);
  });

  it('answers 404 for an unknown route and 405 for a wrong method', async () => {
    expect((await get('/v1/nothing')).status).toBe(404);
    expect((await get('/v1/chat/completions')).status).toBe(405);
  });
});

describe('fake-upstreams: embeddings', () => {
  it('embeds a batch deterministically, honouring dimensions, and counts usage', async () => {
    const body = { model: 'text-embedding-3-small', input: ['hello world', 'goodbye moon'], dimensions: 32 };
    const first = await json(post('/v1/embeddings', body));
    const again = await json(post('/v1/embeddings', body));
    expect(first).toEqual(again);
    expect(first.data.map((d: any) => [d.index, d.embedding.length])).toEqual([[0, 32], [1, 32]]);
    expect(first.data[0].embedding).not.toEqual(first.data[1].embedding);
    expect(Math.hypot(...first.data[0].embedding)).toBeCloseTo(1, 6);
    expect(first.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
  });

  it('returns base64 float32 when asked, equal to the float answer', async () => {
    const floats = await json(post('/v1/embeddings', { model: 'e', input: 'same text', dimensions: 8 }));
    const base64 = await json(post('/v1/embeddings', { model: 'e', input: 'same text', dimensions: 8, encoding_format: 'base64' }));
    const bytes = Buffer.from(base64.data[0].embedding, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    expect(decoded).toHaveLength(8);
    decoded.forEach((value, i) => expect(value).toBeCloseTo(floats.data[0].embedding[i], 6));
  });

  it('names bad fields and fails on fake error models', async () => {
    const badInput = await post('/v1/embeddings', { model: 'e', input: [1, 'a'] });
    expect((await json(badInput)).error.param).toBe('input');
    const badDimensions = await post('/v1/embeddings', { model: 'e', input: 'a', dimensions: 0 });
    expect((await json(badDimensions)).error.param).toBe('dimensions');
    expect((await post('/v1/embeddings', { model: 'fake/error-503', input: 'a' })).status).toBe(503);
  });
});
