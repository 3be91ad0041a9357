import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { StreamEvent } from '@kipux/contracts';
import { EventEmitter } from 'node:events';
import { Observable } from 'rxjs';
import { ChatEventBus, isFinished, type SequencedEvent } from './chat-event-bus';

interface TurnBuffer {
  events: SequencedEvent[];
  followers: number;
  dropTimer?: NodeJS.Timeout;
}

/** How long a finished turn's events stay for clients resuming with Last-Event-ID (the database has the rest). */
const KEEP_FINISHED_MS = 60_000;

/** Embedded mode: one process, so an in-memory buffer per turn and an EventEmitter for live events and stops. */
@Injectable()
export class MemoryChatEventBus extends ChatEventBus implements OnModuleDestroy {
  private readonly buffers = new Map<string, TurnBuffer>();
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(turnId: string, seq: number, event: StreamEvent): Promise<void> {
    this.buffer(turnId).events.push({ seq, event });
    this.emitter.emit(`event:${turnId}`, { seq, event });
  }

  follow(turnId: string, afterSeq: number): Observable<SequencedEvent> {
    return new Observable<SequencedEvent>((subscriber) => {
      const buffer = this.buffer(turnId);
      buffer.followers++;
      let last = afterSeq;
      const deliver = (item: SequencedEvent) => {
        if (item.seq <= last || subscriber.closed) return;
        last = item.seq;
        subscriber.next(item);
        if (isFinished(item.event)) subscriber.complete();
      };
      // Synchronous replay then subscription: nothing published in between can be missed.
      for (const item of buffer.events) deliver(item);
      const listener = (item: SequencedEvent) => deliver(item);
      this.emitter.on(`event:${turnId}`, listener);
      return () => {
        this.emitter.off(`event:${turnId}`, listener);
        buffer.followers--;
        // A follower that came for a turn nobody publishes to leaves no empty buffer behind.
        if (buffer.followers === 0 && buffer.events.length === 0 && !buffer.dropTimer) this.buffers.delete(turnId);
      };
    });
  }

  async read(turnId: string): Promise<SequencedEvent[] | null> {
    const buffer = this.buffers.get(turnId);
    return buffer && buffer.events.length > 0 ? [...buffer.events] : null;
  }

  async release(turnId: string): Promise<void> {
    const buffer = this.buffers.get(turnId);
    if (!buffer || buffer.dropTimer) return;
    buffer.dropTimer = setTimeout(() => this.buffers.delete(turnId), KEEP_FINISHED_MS);
    buffer.dropTimer.unref();
  }

  async requestStop(turnId: string): Promise<void> {
    this.emitter.emit('stop', turnId);
  }

  onStopRequest(listener: (turnId: string) => void): void {
    this.emitter.on('stop', listener);
  }

  onModuleDestroy(): void {
    for (const buffer of this.buffers.values()) clearTimeout(buffer.dropTimer);
    this.buffers.clear();
    this.emitter.removeAllListeners();
  }

  private buffer(turnId: string): TurnBuffer {
    let buffer = this.buffers.get(turnId);
    if (!buffer) {
      buffer = { events: [], followers: 0 };
      this.buffers.set(turnId, buffer);
    }
    return buffer;
  }
}
