import type { MessageDto } from '@kipux/contracts';
import { buildMessage } from '@kipux/contracts/testing';
import { replayTurn } from './turn-replay';

function message(fields: Partial<MessageDto> & Pick<MessageDto, 'id' | 'role'>): MessageDto {
  return buildMessage({ turnId: 't', model: 'm', finishReason: 'stop', ...fields });
}

describe('replayTurn', () => {
  it('rebuilds the events of a turn with a tool step', () => {
    const call = { id: 'c1', type: 'function' as const, function: { name: 'add', arguments: '{}' } };
    const citation = { type: 'url_citation' as const, url_citation: { url: 'https://e.com', title: 'E', start_index: 0, end_index: 0 } };
    const usage = { promptTokens: 1, completionTokens: 2, totalTokens: 3 };
    const turn = [
      message({ id: 't', role: 'assistant', parentId: 'u', reasoning: 'think', toolCalls: [call], finishReason: 'tool_calls', usage, annotations: [citation] }),
      message({ id: 'r1', role: 'tool', parentId: 't', toolCallId: 'c1', content: '5' }),
      message({ id: 'a2', role: 'assistant', parentId: 'r1', content: 'It is 5.' }),
    ];
    expect(replayTurn(turn).map((e) => e.type)).toEqual([
      'message.started',
      'reasoning.delta',
      'usage',
      'tool_call.started',
      'tool_call.finished',
      'citation',
      'step.finished',
      'message.started',
      'content.delta',
      'message.finished',
    ]);
    expect(replayTurn(turn)[4]).toEqual({ type: 'tool_call.finished', messageId: 't', toolCallId: 'c1', toolMessageId: 'r1', name: 'add', result: '5', isError: false });
    expect(replayTurn(turn).at(-1)).toMatchObject({ type: 'message.finished', messageId: 'a2', status: 'complete', messages: turn });
  });

  it('includes the error of a failed answer', () => {
    const turn = [message({ id: 't', role: 'assistant', status: 'error', error: 'The model provider returned 500: boom', finishReason: null })];
    expect(replayTurn(turn)).toEqual([
      { type: 'message.started', messageId: 't', parentId: null, model: 'm' },
      { type: 'error', messageId: 't', message: 'The model provider returned 500: boom' },
      expect.objectContaining({ type: 'message.finished', status: 'error' }),
    ]);
  });
});
