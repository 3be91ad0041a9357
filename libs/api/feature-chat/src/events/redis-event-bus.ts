import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { RedisService } from '@kipux/api/redis';
import type { StreamEvent } from '@kipux/contracts';
import type Redis from 'ioredis';
import { Observable } from 'rxjs';
import { ChatEventBus, isFinished, type SequencedEvent } from './chat-event-bus';

/** A running turn's stream lives this long after its last event; a finished one this long (the database has it). */
const RUNNING_TTL_SECONDS = 3600;
const FINISHED_TTL_SECONDS = 600;
/** Far above any answer's event count (deltas are batched); trimming only guards against runaway turns. */
const MAX_EVENTS = 100_000;
/** A follower re-checks whether it was unsubscribed at least this often. */
const BLOCK_MS = 1000;
const IDLE_CONNECTIONS = 4;

type XReadReply = Array<[string, Array<[string, string[]]>]> | null;

/**
 * Full mode: one Redis Stream per turn (entry id `0-<seq>`, so a resume reads from `0-<Last-Event-ID>`),
 * followed with XREAD BLOCK on connections of its own; stop requests go over pub/sub to every instance.
 */
@Injectable()
export class RedisChatEventBus extends ChatEventBus implements OnModuleDestroy {
  private readonly logger = new Logger('ChatEventBus');
  private readonly idle: Redis[] = [];
  private readonly busy = new Set<Redis>();
  private readonly stopListeners: Array<(turnId: string) => void> = [];
  private subscriber?: Redis;
  private closing = false;

  constructor(private readonly redis: RedisService) {
    super();
  }

  async publish(turnId: string, seq: number, event: StreamEvent): Promise<void> {
    const key = this.streamKey(turnId);
    await this.redis.client
      .multi()
      .xadd(key, 'MAXLEN', '~', MAX_EVENTS, `0-${seq}`, 'e', JSON.stringify(event))
      .expire(key, RUNNING_TTL_SECONDS)
      .exec();
  }

  follow(turnId: string, afterSeq: number): Observable<SequencedEvent> {
    return new Observable<SequencedEvent>((subscriber) => {
      let active = true;
      const key = this.streamKey(turnId);
      const loop = async () => {
        let last = afterSeq;
        while (active && !this.closing) {
          const connection = this.acquire();
          let reply: XReadReply;
          try {
            reply = (await connection.xread('COUNT', 500, 'BLOCK', BLOCK_MS, 'STREAMS', key, `0-${last}`)) as XReadReply;
            this.giveBack(connection);
          } catch (error) {
            this.discard(connection);
            if (!active || this.closing) return;
            this.logger.warn(`Following ${turnId} failed, retrying: ${(error as Error).message}`);
            await new Promise((resolve) => setTimeout(resolve, 500));
            continue;
          }
          for (const item of parseEntries(reply)) {
            if (item.seq <= last || !active) continue;
            last = item.seq;
            subscriber.next(item);
            if (isFinished(item.event)) {
              subscriber.complete();
              return;
            }
          }
        }
      };
      loop().catch((error: unknown) => subscriber.error(error));
      return () => {
        active = false;
      };
    });
  }

  async read(turnId: string): Promise<SequencedEvent[] | null> {
    const entries = await this.redis.client.xrange(this.streamKey(turnId), '-', '+');
    return entries.length > 0 ? parseEntries([[this.streamKey(turnId), entries]]) : null;
  }

  async release(turnId: string): Promise<void> {
    await this.redis.client.expire(this.streamKey(turnId), FINISHED_TTL_SECONDS);
  }

  async requestStop(turnId: string): Promise<void> {
    await this.redis.client.publish(this.stopChannel(), turnId);
  }

  onStopRequest(listener: (turnId: string) => void): void {
    this.stopListeners.push(listener);
    if (this.subscriber) return;
    this.subscriber = this.redis.duplicate('chat-stop');
    this.subscriber.on('message', (_channel: string, turnId: string) => this.stopListeners.forEach((l) => l(turnId)));
    this.subscriber.subscribe(this.stopChannel()).catch((error: unknown) => this.logger.error(`Cannot subscribe to stop requests: ${(error as Error).message}`));
  }

  onModuleDestroy(): void {
    this.closing = true;
    for (const connection of [...this.idle, ...this.busy]) connection.disconnect();
    this.idle.length = 0;
    this.busy.clear();
  }

  private streamKey(turnId: string): string {
    return this.redis.key('chat', 'turn', turnId);
  }

  private stopChannel(): string {
    return this.redis.key('chat', 'stop');
  }

  /** Blocking reads need a connection each; a few idle ones are kept for the next followers. */
  private acquire(): Redis {
    const connection = this.idle.pop() ?? this.createConnection();
    this.busy.add(connection);
    return connection;
  }

  private giveBack(connection: Redis): void {
    this.busy.delete(connection);
    if (this.closing || this.idle.length >= IDLE_CONNECTIONS) connection.disconnect();
    else this.idle.push(connection);
  }

  private discard(connection: Redis): void {
    this.busy.delete(connection);
    connection.disconnect();
  }

  private createConnection(): Redis {
    const connection = this.redis.client.duplicate({ connectionName: 'kipux:chat-follow' });
    connection.on('error', (error: Error) => this.logger.warn(`follower connection: ${error.message}`));
    return connection;
  }
}

function parseEntries(reply: XReadReply): SequencedEvent[] {
  const items: SequencedEvent[] = [];
  for (const [, entries] of reply ?? []) {
    for (const [id, fields] of entries) {
      const seq = Number(id.split('-')[1]);
      const json = fields[fields.indexOf('e') + 1];
      if (!Number.isFinite(seq) || json === undefined) continue;
      items.push({ seq, event: JSON.parse(json) as StreamEvent });
    }
  }
  return items;
}
