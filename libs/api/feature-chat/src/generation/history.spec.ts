import { buildHistory, type HistoryMessage } from './history';

const user = (content: string): HistoryMessage => ({ role: 'user', content, toolCalls: null, toolCallId: null });
const assistant = (content: string, toolCalls: HistoryMessage['toolCalls'] = null): HistoryMessage => ({ role: 'assistant', content, toolCalls, toolCallId: null });
const tool = (toolCallId: string, content: string): HistoryMessage => ({ role: 'tool', content, toolCalls: null, toolCallId });
const call = (id: string, name: string) => ({ id, type: 'function' as const, function: { name, arguments: '{"a":2,"b":3}' } });

describe('buildHistory', () => {
  it('puts the system prompt first and keeps the branch order', () => {
    expect(buildHistory([user('hi'), assistant('hello'), user('again')], 'Be brief.')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
      { role: 'user', content: 'again' },
    ]);
  });

  it('skips a blank system prompt and assistant messages with nothing to say (failed answers)', () => {
    expect(buildHistory([user('hi'), assistant(''), user('retry')], '  ')).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'user', content: 'retry' },
    ]);
  });

  it('keeps tool calls with their results and drops calls whose result is missing', () => {
    const history = buildHistory(
      [user('2 and 3'), assistant('', [call('c1', 'add'), call('c2', 'multiply')]), tool('c1', '5'), assistant('It is 5.'), user('thanks')],
      null,
    );
    expect(history).toEqual([
      { role: 'user', content: '2 and 3' },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'add')] },
      { role: 'tool', tool_call_id: 'c1', content: '5' },
      { role: 'assistant', content: 'It is 5.' },
      { role: 'user', content: 'thanks' },
    ]);
  });

  it('drops an assistant message whose only tool calls were never answered, and stray tool results', () => {
    expect(buildHistory([user('q'), assistant('', [call('c1', 'add')]), tool('zz', 'stray'), user('q2')], null)).toEqual([
      { role: 'user', content: 'q' },
      { role: 'user', content: 'q2' },
    ]);
  });
});
