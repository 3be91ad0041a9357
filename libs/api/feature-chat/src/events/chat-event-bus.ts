import type { StreamEvent } from '@kipux/contracts';
import type { Observable } from 'rxjs';

export interface SequencedEvent {
  /** 1, 2, 3, ... per turn: the SSE id. */
  seq: number;
  event: StreamEvent;
}

/**
 * Carries a turn's events from the process that runs the generation to every SSE client, on any
 * instance, and stop requests the other way. Redis Streams in full mode, in-process in embedded mode.
 */
export abstract class ChatEventBus {
  /** Appends an event; the one runner of the turn numbers them 1, 2, 3, ... */
  abstract publish(turnId: string, seq: number, event: StreamEvent): Promise<void>;

  /** Buffered events after `afterSeq` then live ones; completes after `message.finished`. */
  abstract follow(turnId: string, afterSeq: number): Observable<SequencedEvent>;

  /** The whole buffer, or null when there is none (never created, or dropped after the turn ended). */
  abstract read(turnId: string): Promise<SequencedEvent[] | null>;

  /** The turn ended: its buffer is kept a while for late resumes, then dropped. */
  abstract release(turnId: string): Promise<void>;

  /** Asks whichever process runs the turn to stop it. */
  abstract requestStop(turnId: string): Promise<void>;

  abstract onStopRequest(listener: (turnId: string) => void): void;
}

export function isFinished(event: StreamEvent): boolean {
  return event.type === 'message.finished';
}
