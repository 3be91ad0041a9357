import { AppConfig } from '@kipux/api/config';
import { RedisService } from '@kipux/api/redis';
import { redisTargets } from '@kipux/api/testing';
import type { StreamEvent } from '@kipux/contracts';
import { randomBytes } from 'node:crypto';
import { firstValueFrom, toArray } from 'rxjs';
import type { ChatEventBus } from './chat-event-bus';
import { MemoryChatEventBus } from './memory-event-bus';
import { RedisChatEventBus } from './redis-event-bus';

const delta = (text: string): StreamEvent => ({ type: 'content.delta', messageId: 'm', text });
const finished = { type: 'message.finished' } as StreamEvent;

interface Buses {
  /** Two instances' buses (the same one in embedded mode, where there is one process). */
  one: ChatEventBus;
  other: ChatEventBus;
  ttl?: (turnId: string) => Promise<number>;
  close(): Promise<void>;
}

const setups: Array<{ name: string; start(): Buses }> = [
  {
    name: 'in-process',
    start: () => {
      const bus = new MemoryChatEventBus();
      return { one: bus, other: bus, close: async () => bus.onModuleDestroy() };
    },
  },
  // Redis Streams where Redis is configured (TEST_REDIS_URL).
  ...redisTargets().map((target) => ({
    name: `Redis (${target.name})`,
    start: (): Buses => {
      const prefix = `kipux-test-bus-${randomBytes(4).toString('hex')}`;
      const config = AppConfig.fromEnv({ REDIS_URL: target.redisUrl, REDIS_PREFIX: prefix });
      const services = [new RedisService(config), new RedisService(config)];
      const [one, other] = services.map((redis) => new RedisChatEventBus(redis)) as [RedisChatEventBus, RedisChatEventBus];
      const client = services[0]!.client;
      return {
        one,
        other,
        ttl: (turnId) => client.ttl(services[0]!.key('chat', 'turn', turnId)),
        close: async () => {
          one.onModuleDestroy();
          other.onModuleDestroy();
          const keys = await client.keys(`${prefix}:*`);
          if (keys.length) await client.del(...keys);
          await Promise.all(services.map((redis) => redis.onApplicationShutdown()));
        },
      };
    },
  })),
];

describe.each(setups)('chat event bus: $name', (setup) => {
  let bus: Buses;
  beforeAll(() => {
    bus = setup.start();
  });
  afterAll(() => bus.close());

  it('replays after a sequence number, follows live (from another instance), and completes after message.finished', async () => {
    await bus.one.publish('t1', 1, delta('a'));
    await bus.one.publish('t1', 2, delta('b'));
    const received = firstValueFrom(bus.other.follow('t1', 1).pipe(toArray()));
    // Let the follower catch up and wait, so the next events reach it live.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await bus.one.publish('t1', 3, delta('c'));
    await bus.one.publish('t1', 4, finished);
    expect((await received).map((item) => [item.seq, item.event.type])).toEqual([
      [2, 'content.delta'],
      [3, 'content.delta'],
      [4, 'message.finished'],
    ]);
    expect((await bus.other.read('t1'))!.map((item) => item.seq)).toEqual([1, 2, 3, 4]);
    expect(await bus.other.read('never-published')).toBeNull();
  });

  it('keeps a finished turn readable for a while', async () => {
    await bus.one.publish('t2', 1, delta('a'));
    if (bus.ttl) expect(await bus.ttl('t2')).toBeGreaterThan(600);
    await bus.one.release('t2');
    expect(await bus.other.read('t2')).toEqual([{ seq: 1, event: delta('a') }]);
    if (bus.ttl) {
      const ttl = await bus.ttl('t2');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600);
    }
  });

  it('delivers stop requests to every instance', async () => {
    const heard: string[] = [];
    bus.other.onStopRequest((turnId) => heard.push(turnId));
    // The Redis subscriber needs a moment to subscribe.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await bus.one.requestStop('t3');
    const deadline = Date.now() + 2000;
    while (heard.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual(['t3']);
  });
});
