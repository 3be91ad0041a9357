import { clientPayload } from './client-payload';

const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
const content = { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }], usage: null };
const last = { id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage };
const usageOnly = { id: 'c1', object: 'chat.completion.chunk', choices: [], usage };

describe('clientPayload', () => {
  it('passes payloads without usage on byte for byte, parsed or not', () => {
    const data = ' {"id":"c1", "choices":[{"delta":{"content":"hi \\u00e9"}}]}';
    expect(clientPayload(data, null, false)).toBe(data);
    expect(clientPayload(JSON.stringify(content), content, false)).toBe(JSON.stringify(content));
  });

  it('drops the usage-only chunk and strips usage from others when the client did not ask for it', () => {
    expect(clientPayload(JSON.stringify(usageOnly), usageOnly, false)).toBeNull();
    const { usage: _usage, ...lastWithoutUsage } = last;
    expect(JSON.parse(clientPayload(JSON.stringify(last), last, false) ?? 'null')).toEqual(lastWithoutUsage);
  });

  it('keeps usage as sent when the client asked for it', () => {
    const data = JSON.stringify(usageOnly);
    expect(clientPayload(data, usageOnly, true)).toBe(data);
    expect(clientPayload(JSON.stringify(last), last, true)).toBe(JSON.stringify(last));
  });
});
