import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createParser } from 'eventsource-parser';
import type { ChatCompletionChunk } from './llm.types';
import { StreamAccumulator, toUsage, type StreamDelta } from './stream-accumulator';

interface Cassette {
  interactions: Array<{ response: { sse: string } }>;
}

const CASSETTES = join(__dirname, '../../../../fixtures/cassettes');

/** The chunks of a recorded SSE body, parsed the way the client does (eventsource-parser, `[DONE]` dropped). */
function cassetteChunks(file: string, interaction = 0): any[] {
  const cassette = JSON.parse(readFileSync(join(CASSETTES, file), 'utf8')) as Cassette;
  const data: string[] = [];
  createParser({ onEvent: (event) => data.push(event.data) }).feed(cassette.interactions[interaction].response.sse);
  expect(data.at(-1)).toBe('[DONE]');
  return data.slice(0, -1).map((text) => JSON.parse(text));
}

function feed(chunks: ChatCompletionChunk[]): { accumulator: StreamAccumulator; deltas: StreamDelta[] } {
  const accumulator = new StreamAccumulator();
  const deltas = chunks.flatMap((chunk) => accumulator.push(chunk));
  return { accumulator, deltas };
}

/** Expected values computed straight from the raw chunks, independently of the accumulator. */
const joined = (chunks: any[], field: string) => chunks.map((c) => c.choices?.[0]?.delta?.[field] ?? '').join('');
const lastFinish = (chunks: any[]) => chunks.map((c) => c.choices?.[0]?.finish_reason).filter(Boolean).at(-1);
const rawToolCalls = (chunks: any[]) => {
  const calls: Array<{ id: string; name: string; arguments: string }> = [];
  for (const chunk of chunks) {
    for (const fragment of chunk.choices?.[0]?.delta?.tool_calls ?? []) {
      calls[fragment.index] ??= { id: fragment.id, name: fragment.function.name, arguments: '' };
      calls[fragment.index].arguments += fragment.function.arguments ?? '';
    }
  }
  return calls;
};

describe('StreamAccumulator with the xAI grok reasoning cassette', () => {
  const chunks = cassetteChunks('xai_grok_reasoning_stream.json');
  const { accumulator, deltas } = feed(chunks);

  it('reproduces content and reasoning exactly', () => {
    expect(accumulator.content).toBe(joined(chunks, 'content'));
    expect(accumulator.reasoning).toBe(joined(chunks, 'reasoning_content'));
    expect(accumulator.content).toContain('Olá');
    expect(accumulator.reasoning.startsWith('First')).toBe(true);
    expect(accumulator.content.length).toBeGreaterThan(0);
  });

  it('emits deltas that add up to the same text, reasoning first', () => {
    const texts = (type: 'content' | 'reasoning') => deltas.filter((d) => d.type === type).map((d) => (d as { text: string }).text);
    expect(texts('content').join('')).toBe(accumulator.content);
    expect(texts('reasoning').join('')).toBe(accumulator.reasoning);
    const firstContent = deltas.findIndex((d) => d.type === 'content');
    expect(deltas.slice(firstContent).some((d) => d.type === 'reasoning')).toBe(false);
  });

  it('ignores the empty `delta: {}` chunks', () => {
    const empty = chunks.filter((c) => c.choices.length === 1 && Object.keys(c.choices[0].delta).length === 0 && !c.choices[0].finish_reason);
    expect(empty.length).toBeGreaterThan(10);
    const probe = new StreamAccumulator();
    for (const chunk of empty) expect(probe.push(chunk)).toEqual([]);
    expect(probe.snapshot()).toMatchObject({ content: '', reasoning: '', toolCalls: [], finishReason: null, usage: null });
  });

  it('takes finish_reason, usage from the usage-only final chunk, and the model id', () => {
    const usageChunk = chunks.at(-1);
    expect(usageChunk.choices).toEqual([]);
    const raw = usageChunk.usage;
    expect(accumulator.finishReason).toBe(lastFinish(chunks));
    expect(accumulator.finishReason).toBe('stop');
    expect(accumulator.usage).toEqual({
      promptTokens: raw.prompt_tokens,
      completionTokens: raw.completion_tokens,
      totalTokens: raw.total_tokens,
      reasoningTokens: raw.completion_tokens_details.reasoning_tokens,
      cachedTokens: raw.prompt_tokens_details.cached_tokens,
    });
    expect(accumulator.usage).toMatchObject({ reasoningTokens: 133, cachedTokens: 192 });
    expect(deltas.filter((d) => d.type === 'usage')).toHaveLength(1);
    expect(accumulator.model).toBe(chunks[0].model);
    expect(accumulator.model).toBe('grok-code-fast-1');
    expect(accumulator.id).toBe(chunks[0].id);
    expect(accumulator.toolCalls).toEqual([]);
  });
});

describe('StreamAccumulator with the Groq Kimi parallel tool calls cassette', () => {
  describe('turn 0: text then two parallel tool calls', () => {
    const chunks = cassetteChunks('groq_kimi_parallel_tool_calls_stream.json', 0);
    const { accumulator, deltas } = feed(chunks);

    it('assembles the tool calls by index', () => {
      const expected = rawToolCalls(chunks);
      expect(expected).toHaveLength(2);
      expect(accumulator.toolCalls).toEqual(expected.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })));
      expect(accumulator.toolCalls.map((call) => call.function.name)).toEqual(['add', 'multiply']);
      expect(accumulator.toolCalls.map((call) => call.id)).toEqual([expect.stringMatching(/^functions\.add:/), expect.stringMatching(/^functions\.multiply:/)]);
      for (const call of accumulator.toolCalls) expect(JSON.parse(call.function.arguments)).toEqual({ a: 2, b: 3 });
    });

    it('announces each tool call once, then its argument fragments', () => {
      const started = deltas.filter((d) => d.type === 'tool_call.started');
      expect(started.map((d) => d.toolCall.function.name)).toEqual(['add', 'multiply']);
      const fragments = deltas.filter((d) => d.type === 'tool_call.arguments');
      expect(fragments.filter((d) => d.index === 1).map((d) => d.fragment).join('')).toBe(accumulator.toolCalls[1].function.arguments);
      expect(new Set(fragments.map((d) => d.id))).toEqual(new Set(accumulator.toolCalls.map((c) => c.id)));
    });

    it('keeps the text before the calls, the finish reason and usage (reported twice, emitted once)', () => {
      expect(accumulator.content).toBe(joined(chunks, 'content'));
      expect(accumulator.content).toContain('multiply');
      expect(accumulator.finishReason).toBe(lastFinish(chunks));
      expect(accumulator.finishReason).toBe('tool_calls');
      const raw = chunks.at(-1).usage;
      expect(accumulator.usage).toEqual({ promptTokens: raw.prompt_tokens, completionTokens: raw.completion_tokens, totalTokens: raw.total_tokens });
      expect(accumulator.usage?.totalTokens).toBe(262);
      expect(deltas.filter((d) => d.type === 'usage')).toHaveLength(1);
      expect(accumulator.model).toBe('moonshotai/kimi-k2-instruct-0905');
    });
  });

  describe('turn 1: the answer after the tool results', () => {
    const chunks = cassetteChunks('groq_kimi_parallel_tool_calls_stream.json', 1);
    const { accumulator } = feed(chunks);

    it('reproduces the final answer', () => {
      expect(accumulator.content).toBe(joined(chunks, 'content'));
      expect(accumulator.content).toMatch(/5/);
      expect(accumulator.content).toMatch(/6/);
      expect(accumulator.toolCalls).toEqual([]);
      expect(accumulator.finishReason).toBe('stop');
      expect(accumulator.usage?.promptTokens).toBe(chunks.at(-1).usage.prompt_tokens);
    });
  });
});

describe('StreamAccumulator edge cases', () => {
  const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): ChatCompletionChunk => ({
    id: 'c1',
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  });

  it('reads reasoning from `reasoning` as well as `reasoning_content`, never both at once', () => {
    const { accumulator, deltas } = feed([chunk({ reasoning: 'Let me ' }), chunk({ reasoning: 'think.' }), chunk({ reasoning_content: ' Twice?', reasoning: ' Twice?' })]);
    expect(accumulator.reasoning).toBe('Let me think. Twice?');
    expect(deltas).toEqual([
      { type: 'reasoning', text: 'Let me ' },
      { type: 'reasoning', text: 'think.' },
      { type: 'reasoning', text: ' Twice?' },
    ]);
  });

  it('takes usage from x_groq.usage until a standard usage arrives, which then wins', () => {
    const accumulator = new StreamAccumulator();
    expect(accumulator.push(chunk({}, { x_groq: { id: 'req', usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } } }))).toEqual([
      { type: 'usage', usage: { promptTokens: 10, completionTokens: 2, totalTokens: 12 } },
    ]);
    accumulator.push({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 } });
    expect(accumulator.usage).toEqual({ promptTokens: 10, completionTokens: 3, totalTokens: 13 });
    expect(accumulator.push(chunk({}, { x_groq: { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } } }))).toEqual([]);
    expect(accumulator.usage?.completionTokens).toBe(3);
  });

  it('maps usage details and fills a missing total', () => {
    expect(toUsage({ prompt_tokens: 5, completion_tokens: 7, completion_tokens_details: { reasoning_tokens: 4 }, prompt_tokens_details: { cached_tokens: null } })).toEqual({
      promptTokens: 5,
      completionTokens: 7,
      totalTokens: 12,
      reasoningTokens: 4,
    });
  });

  it('follows tool calls by id when a provider omits the index, and ignores repeated ids and names', () => {
    const { accumulator } = feed([
      chunk({ tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'web_search', arguments: '{"query":' } }] }),
      chunk({ tool_calls: [{ id: 'call_a', function: { name: 'web_search', arguments: '"kipux"}' } }] }),
      chunk({ tool_calls: [{ id: 'call_b', type: 'function', function: { name: 'fetch_url', arguments: '{}' } }] }),
    ]);
    expect(accumulator.toolCalls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'web_search', arguments: '{"query":"kipux"}' } },
      { id: 'call_b', type: 'function', function: { name: 'fetch_url', arguments: '{}' } },
    ]);
  });

  it('considers only the first choice and keeps unknown fields out of the way', () => {
    const accumulator = new StreamAccumulator();
    accumulator.push({
      id: 'c1',
      model: 'm',
      provider: 'Groq',
      service_tier: 'on_demand',
      choices: [
        { index: 1, delta: { content: 'other' } },
        { index: 0, delta: { content: 'mine', refusal: null, annotations: [] } },
      ],
    });
    expect(accumulator.snapshot()).toMatchObject({ content: 'mine', provider: 'Groq', id: 'c1' });
  });

  it('returns copies from snapshot and toolCalls', () => {
    const { accumulator } = feed([chunk({ tool_calls: [{ index: 0, id: 'x', function: { name: 'f', arguments: '{' } }] })]);
    accumulator.snapshot().toolCalls[0].function.arguments = 'changed';
    expect(accumulator.toolCalls[0].function.arguments).toBe('{');
  });
});
