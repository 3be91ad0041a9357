import { mayCarryAccounting } from './stream-event';

describe('mayCarryAccounting', () => {
  it.each([
    '{"choices":[{"delta":{},"finish_reason":"stop"}]}',
    '{"choices": [{"delta": {}, "finish_reason": "length"}]}',
    '{"choices":[],"usage":{"total_tokens":5}}',
    '{"choices": [], "usage" : {"total_tokens": 5}}',
    '{"choices":[],"x_groq":{"usage":{"total_tokens":5}}}',
    '{"error":{"message":"boom","code":"500"}}',
    '{"error":"boom"}',
  ])('is true for %s', (data) => expect(mayCarryAccounting(data)).toBe(true));

  it.each([
    '{"choices":[{"delta":{"content":"hi"},"finish_reason":null}],"usage":null}',
    '{"choices": [{"delta": {"content": "hi"}, "finish_reason": null}], "usage": null}',
    '{"choices":[{"delta":{"content":"say \\"usage\\": {} or \\"error\\": 1"},"finish_reason":null}]}',
    '{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"{\\"finish_reason\\":\\"x\\"}"}}]}}]}',
  ])('is false for %s', (data) => expect(mayCarryAccounting(data)).toBe(false));
});
