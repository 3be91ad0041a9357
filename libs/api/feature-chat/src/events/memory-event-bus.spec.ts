import { firstValueFrom, toArray } from 'rxjs';
import type { StreamEvent } from '@kipux/contracts';
import { MemoryChatEventBus } from './memory-event-bus';

const delta = (text: string): StreamEvent => ({ type: 'content.delta', messageId: 'm', text });
const finished = { type: 'message.finished' } as StreamEvent;

describe('MemoryChatEventBus', () => {
  let bus: MemoryChatEventBus;
  beforeEach(() => (bus = new MemoryChatEventBus()));
  afterEach(() => bus.onModuleDestroy());

  it('replays after the given sequence number, then follows live, completing after message.finished', async () => {
    await bus.publish('t', 1, delta('a'));
    await bus.publish('t', 2, delta('b'));
    const received = firstValueFrom(bus.follow('t', 1).pipe(toArray()));
    await bus.publish('t', 3, delta('c'));
    await bus.publish('t', 4, finished);
    await bus.publish('t', 5, delta('after the end'));
    expect((await received).map((item) => item.seq)).toEqual([2, 3, 4]);
  });

  it('keeps the buffer readable after release, and relays stop requests', async () => {
    await bus.publish('t', 1, delta('a'));
    await bus.release('t');
    expect(await bus.read('t')).toEqual([{ seq: 1, event: delta('a') }]);
    expect(await bus.read('other')).toBeNull();
    const stopped: string[] = [];
    bus.onStopRequest((turnId) => stopped.push(turnId));
    await bus.requestStop('t');
    expect(stopped).toEqual(['t']);
  });
});
