import { AppException } from '@kipux/api/http';
import { chatCompletionSchema, embeddingsSchema } from './chat-completion.schema';
import { paramName, parseRequest } from './parse-request';

const base = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };

/** The 400 a body gets, as `{ param, message, code }`; fails the test if the body is accepted. */
function rejection(body: unknown): { param: string; message: string; code: string } {
  try {
    parseRequest(chatCompletionSchema, body);
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    expect(error.status).toBe(400);
    const [param] = Object.keys(error.extras.fields ?? {});
    return { param: param as string, message: error.message, code: error.code };
  }
  throw new Error(`accepted: ${JSON.stringify(body)}`);
}

const tool = (name: string) => ({ type: 'function', function: { name, description: 'd', parameters: { type: 'object', properties: {} } } });

describe('chat completion request schema', () => {
  it('accepts every documented field', () => {
    const full = {
      ...base,
      messages: [
        { role: 'system', content: 'sys', name: 'boss' },
        { role: 'developer', content: [{ type: 'text', text: 'dev' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look', cache_control: { type: 'ephemeral' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
            { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,AAAA', filename: 'a.pdf' } },
          ],
        },
        { role: 'assistant', content: null, reasoning_content: 'earlier thoughts', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: '5' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 2,
      top_p: 0,
      frequency_penalty: -2,
      presence_penalty: 2,
      max_completion_tokens: 100,
      max_tokens: 100,
      n: 2,
      seed: -5,
      logprobs: true,
      top_logprobs: 20,
      store: false,
      parallel_tool_calls: true,
      enable_thinking: true,
      reasoning_effort: 'minimal',
      verbosity: 'low',
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      stop: ['a', 'b', 'c', 'd'],
      tools: Array.from({ length: 128 }, (_, i) => tool(`t_${i}`)),
      tool_choice: { type: 'function', function: { name: 't_3' } },
      modalities: ['text', 'audio'],
      audio: { format: 'mp3', voice: 'alloy' },
      prediction: { type: 'content', content: 'guess' },
      logit_bias: { '50256': -100 },
      metadata: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`.padEnd(64, 'x'), 'v'.repeat(512)])),
      service_tier: 'flex',
      safety_identifier: 'user-123',
      prompt_cache_key: 'cache',
      user: 'u',
      web_search_options: { search_context_size: 'high', user_location: { type: 'approximate', approximate: { city: 'Madrid', country: 'ES' } } },
    };
    const parsed = parseRequest(chatCompletionSchema, full);
    expect(parsed).toEqual(full);
  });

  it('accepts nulls where the OpenAI SDKs send them and a single stop string', () => {
    expect(() => parseRequest(chatCompletionSchema, { ...base, temperature: null, stop: 'END', n: null, seed: null, metadata: null })).not.toThrow();
  });

  it.each([
    ['no body object', 'hello', 'body', /JSON object/],
    ['missing model', { messages: base.messages }, 'model', /Missing required parameter: 'model'/],
    ['missing messages', { model: 'm' }, 'messages', /Missing required parameter: 'messages'/],
    ['empty messages', { ...base, messages: [] }, 'messages', /at least one message/],
    ['empty model', { ...base, model: '' }, 'model', /Invalid value for 'model'/],
    ['message without role', { ...base, messages: [{ content: 'x' }] }, 'messages[0].role', /expected one of 'system', 'developer', 'user', 'assistant', 'tool'/],
    ['unknown role', { ...base, messages: [{ role: 'function', content: 'x' }] }, 'messages[0].role', /expected one of/],
    ['user content as a number', { ...base, messages: [{ role: 'user', content: 1 }] }, 'messages[0].content', /Invalid value for 'messages\[0\].content'/],
    ['unknown content part', { ...base, messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] }, 'messages[0].content[0].type', /'text', 'image_url'/],
    ['image part without url', { ...base, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'messages[0].content[0].image_url.url', /Missing/],
    ['tool message without id', { ...base, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].tool_call_id', /Missing/],
    ['bad tool call type', { ...base, messages: [{ role: 'assistant', tool_calls: [{ id: 'a', type: 'fn', function: { name: 'a', arguments: '' } }] }] }, 'messages[0].tool_calls[0].type', /Invalid value/],
    ['temperature 2.1', { ...base, temperature: 2.1 }, 'temperature', /<=2/],
    ['top_p -0.1', { ...base, top_p: -0.1 }, 'top_p', />=0/],
    ['frequency_penalty 3', { ...base, frequency_penalty: 3 }, 'frequency_penalty', /<=2/],
    ['presence_penalty as string', { ...base, presence_penalty: '1' }, 'presence_penalty', /expected number/],
    ['max_completion_tokens 0', { ...base, max_completion_tokens: 0 }, 'max_completion_tokens', />=1/],
    ['max_tokens 1.5', { ...base, max_tokens: 1.5 }, 'max_tokens', /expected int/],
    ['n 0', { ...base, n: 0 }, 'n', />=1/],
    ['n 129', { ...base, n: 129 }, 'n', /<=128/],
    ['seed as string', { ...base, seed: '1' }, 'seed', /expected number, received string/],
    ['logprobs as string', { ...base, logprobs: 'yes' }, 'logprobs', /expected boolean/],
    ['top_logprobs 21', { ...base, logprobs: true, top_logprobs: 21 }, 'top_logprobs', /<=20/],
    ['top_logprobs without logprobs', { ...base, top_logprobs: 2 }, 'top_logprobs', /requires 'logprobs'/],
    ['reasoning_effort huge', { ...base, reasoning_effort: 'huge' }, 'reasoning_effort', /Invalid value/],
    ['verbosity loud', { ...base, verbosity: 'loud' }, 'verbosity', /Invalid value/],
    ['response_format yaml', { ...base, response_format: { type: 'yaml' } }, 'response_format.type', /'text', 'json_object', 'json_schema'/],
    ['json_schema without name', { ...base, response_format: { type: 'json_schema', json_schema: {} } }, 'response_format.json_schema.name', /Missing/],
    ['5 stop strings', { ...base, stop: ['1', '2', '3', '4', '5'] }, 'stop', /at most 4 sequences/],
    ['stop as number', { ...base, stop: 5 }, 'stop', /Invalid value for 'stop'/],
    ['129 tools', { ...base, tools: Array.from({ length: 129 }, (_, i) => tool(`t${i}`)) }, 'tools', /at most 128 tools/],
    ['tool with a bad name', { ...base, tools: [tool('has space')] }, 'tools[0].function.name', /letters, digits/],
    ['tool of another type', { ...base, tools: [{ type: 'custom', function: { name: 'a' } }] }, 'tools[0].type', /Invalid value/],
    ['tool_choice unknown', { ...base, tools: [tool('a')], tool_choice: 'any' }, 'tool_choice', /Invalid value/],
    ['tool_choice naming a missing tool', { ...base, tools: [tool('a')], tool_choice: { type: 'function', function: { name: 'b' } } }, 'tool_choice', /not in 'tools'/],
    ['tool_choice without tools', { ...base, tool_choice: 'auto' }, 'tool_choice', /only allowed when 'tools'/],
    ['parallel_tool_calls without tools', { ...base, parallel_tool_calls: false }, 'parallel_tool_calls', /only allowed when 'tools'/],
    ['modalities video', { ...base, modalities: ['video'] }, 'modalities[0]', /Invalid value/],
    ['audio modality without audio', { ...base, modalities: ['audio'] }, 'audio', /required/],
    ['audio format ogg', { ...base, modalities: ['audio'], audio: { format: 'ogg', voice: 'alloy' } }, 'audio.format', /Invalid value/],
    ['logit_bias 101', { ...base, logit_bias: { '1': 101 } }, 'logit_bias.1', /<=100/],
    ['logit_bias word key', { ...base, logit_bias: { hello: 1 } }, 'logit_bias.hello', /token ids/],
    ['17 metadata pairs', { ...base, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata', /at most 16/],
    ['metadata key of 65', { ...base, metadata: { ['k'.repeat(65)]: 'v' } }, `metadata.${'k'.repeat(65)}`, /64 characters/],
    ['metadata value of 513', { ...base, metadata: { k: 'v'.repeat(513) } }, 'metadata.k', /512 characters/],
    ['metadata number value', { ...base, metadata: { k: 1 } }, 'metadata.k', /expected string/],
    ['service_tier fast', { ...base, service_tier: 'fast' }, 'service_tier', /Invalid value/],
    ['stream as string', { ...base, stream: 'true' }, 'stream', /expected boolean/],
    ['stream_options without stream', { ...base, stream_options: { include_usage: true } }, 'stream_options', /only allowed when 'stream'/],
    ['unknown stream option', { ...base, stream: true, stream_options: { include_usage: true, foo: 1 } }, 'stream_options.foo', /Unrecognized request argument supplied in 'stream_options': foo/],
    ['web search size huge', { ...base, web_search_options: { search_context_size: 'huge' } }, 'web_search_options.search_context_size', /Invalid value/],
    ['unknown top-level parameter', { ...base, top_k: 5 }, 'top_k', /Unrecognized request argument supplied: top_k/],
  ])('%s → 400', (_name, body, param, message) => {
    const problem = rejection(body);
    expect(problem.param).toBe(param);
    expect(problem.message).toMatch(message);
  });

  it('reports unknown parameters before other problems, and names the error codes', () => {
    expect(rejection({ ...base, temperature: 9, foo: 1 })).toMatchObject({ param: 'foo', code: 'unknown_parameter' });
    expect(rejection({ model: 'm' })).toMatchObject({ code: 'missing_required_parameter' });
    expect(rejection({ ...base, temperature: 'x' })).toMatchObject({ code: 'invalid_type' });
    expect(rejection({ ...base, temperature: 9 })).toMatchObject({ code: 'invalid_value' });
  });
});

describe('embeddings request schema', () => {
  it('accepts a string or a batch of strings', () => {
    expect(parseRequest(embeddingsSchema, { model: 'e', input: 'x', encoding_format: 'base64', dimensions: 8 })).toMatchObject({ input: 'x' });
    expect(parseRequest(embeddingsSchema, { model: 'e', input: ['a', 'b'] })).toMatchObject({ input: ['a', 'b'] });
  });

  it.each([
    [{ model: 'e' }, 'input'],
    [{ model: 'e', input: '' }, 'input'],
    [{ model: 'e', input: [1, 2] }, 'input[0]'],
    [{ model: 'e', input: 'x', encoding_format: 'hex' }, 'encoding_format'],
    [{ model: 'e', input: 'x', dimensions: 0 }, 'dimensions'],
    [{ input: 'x' }, 'model'],
  ])('%j → 400 naming %s', (body, param) => {
    try {
      parseRequest(embeddingsSchema, body);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(AppException);
      expect(Object.keys((error as AppException).extras.fields ?? {})).toEqual([param]);
    }
  });
});

describe('paramName', () => {
  it('writes paths the way OpenAI names parameters', () => {
    expect(paramName(['messages', 0, 'content', 2, 'image_url', 'url'])).toBe('messages[0].content[2].image_url.url');
    expect(paramName(['tools'])).toBe('tools');
  });
});
