import { Logger } from '@nestjs/common';
import type { StreamEvent } from '@kipux/contracts';
import { firstValueFrom, toArray } from 'rxjs';
import { MemoryChatEventBus } from '../events/memory-event-bus';
import { TurnPublisher } from './turn-publisher';

describe('TurnPublisher', () => {
  it('numbers events in order and merges consecutive deltas of one kind', async () => {
    const bus = new MemoryChatEventBus();
    const received = firstValueFrom(bus.follow('t', 0).pipe(toArray()));
    const publisher = new TurnPublisher(bus, 't', new Logger('test'));
    publisher.emit({ type: 'message.started', messageId: 'm', parentId: null, model: 'x' });
    publisher.delta('reasoning.delta', 'm', 'th');
    publisher.delta('reasoning.delta', 'm', 'ink');
    publisher.delta('content.delta', 'm', 'He');
    publisher.delta('content.delta', 'm', 'llo');
    publisher.emit({ type: 'message.finished' } as StreamEvent);
    await publisher.flush();
    expect((await received).map(({ seq, event }) => [seq, event.type, 'text' in event ? event.text : null])).toEqual([
      [1, 'message.started', null],
      [2, 'reasoning.delta', 'think'],
      [3, 'content.delta', 'Hello'],
      [4, 'message.finished', null],
    ]);
    bus.onModuleDestroy();
  });

  it('flushes a pending delta on its own after a short while', async () => {
    const bus = new MemoryChatEventBus();
    const publisher = new TurnPublisher(bus, 't', new Logger('test'));
    publisher.delta('content.delta', 'm', 'alone');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await bus.read('t')).toEqual([{ seq: 1, event: { type: 'content.delta', messageId: 'm', text: 'alone' } }]);
    bus.onModuleDestroy();
  });
});
