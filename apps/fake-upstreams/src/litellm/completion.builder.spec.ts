import { join } from 'node:path';
import { findFixturesDir } from '../fixtures.util';
import { loadCassette, ssePayloads } from './cassette.scenario';
import { chunksToCompletion, estimateTokens, wordPieces } from './completion.builder';

describe('wordPieces', () => {
  it.each(['Hola  mundo, qué tal?', '  leading and trailing  ', 'one', 'line\nbreak\n\n- item', ''])('joins back to exactly %j', (text) => {
    expect(wordPieces(text).join('')).toBe(text);
  });

  it('cuts before whitespace so each piece is about one word', () => {
    expect(wordPieces('Hola  mundo, qué')).toEqual(['Hola', '  mundo,', ' qué']);
  });
});

describe('estimateTokens', () => {
  it('counts words and punctuation marks', () => {
    expect(estimateTokens('Hello, world!')).toBe(4);
    expect(estimateTokens('')).toBe(0);
  });
});

describe('ssePayloads', () => {
  const fixturesDir = findFixturesDir();

  it.each(['xai_grok_reasoning_stream', 'groq_kimi_parallel_tool_calls_stream'])('re-encodes %s to the exact recorded bytes', (name) => {
    const cassette = loadCassette(fixturesDir, name)!;
    for (const { response } of cassette.interactions) {
      const payloads = ssePayloads(response.sse);
      expect(payloads.map((p) => `data: ${p}\n\n`).join('') + 'data: [DONE]\n\n').toBe(response.sse);
    }
  });

  it('refuses cassette names that are paths', () => {
    expect(loadCassette(fixturesDir, '../litellm/model_info')).toBeNull();
    expect(loadCassette(join(fixturesDir), 'no_such_cassette')).toBeNull();
  });
});

describe('chunksToCompletion', () => {
  it('merges the recorded Groq tool-call turn into one message', () => {
    const cassette = loadCassette(findFixturesDir(), 'groq_kimi_parallel_tool_calls_stream')!;
    const chunks = ssePayloads(cassette.interactions[0].response.sse).map((p) => JSON.parse(p));
    const expectedContent = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    const completion = chunksToCompletion(chunks) as any;
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toBe(chunks[0].id);
    expect(completion.choices[0].message.content).toBe(expectedContent);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.tool_calls.map((c: any) => c.function.name)).toEqual(['add', 'multiply']);
    expect(JSON.parse(completion.choices[0].message.tool_calls[1].function.arguments)).toEqual({ a: 2, b: 3 });
    expect(completion.usage).toEqual(chunks.at(-1).usage);
  });

  it('keeps reasoning under the field the chunks used and leaves content null when none came', () => {
    const base = { id: 'c1', created: 1, model: 'm' };
    const completion = chunksToCompletion([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null } }] },
      { ...base, choices: [{ index: 0, delta: { reasoning: 'thinking' } }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ]) as any;
    expect(completion.choices[0].message).toEqual({ role: 'assistant', content: null, reasoning: 'thinking' });
  });
});
