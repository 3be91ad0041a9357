import type { StreamEvent, StreamEventType } from '@kipux/contracts';

/** Every SSE `event` name the server sends (a Record, so a new StreamEvent type cannot be forgotten here). */
const EVENT_TYPES: Record<StreamEventType, true> = {
  'message.started': true,
  'reasoning.delta': true,
  'content.delta': true,
  'tool_call.started': true,
  'tool_call.finished': true,
  citation: true,
  notice: true,
  usage: true,
  'step.finished': true,
  'conversation.updated': true,
  error: true,
  'message.finished': true,
};

/** EventSource only delivers the event names it listens to. */
export const STREAM_EVENT_TYPES = Object.keys(EVENT_TYPES) as StreamEventType[];

const KNOWN = new Set<string>(STREAM_EVENT_TYPES);

/**
 * `connecting` before the first byte, `open` while events flow, `reconnecting` after a drop (EventSource retries
 * by itself, sending Last-Event-ID), `finished` once `message.finished` arrived, `failed` when the server refused
 * the stream (e.g. 404) or the data was unreadable, `closed` when the caller closed it.
 */
export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'finished' | 'failed' | 'closed';

/** The parts of EventSource this client uses, so tests can hand in a scripted one. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  addEventListener(type: 'open' | 'error', listener: (event: Event) => void): void;
  close(): void;
}

export type EventSourceFactory = (url: string) => EventSourceLike;

const CLOSED = 2;

/** Parses one SSE message of a turn; null when it is not a StreamEvent this client knows. */
export function parseStreamEvent(type: string, data: string): StreamEvent | null {
  if (!KNOWN.has(type)) return null;
  try {
    const parsed = JSON.parse(data) as { type?: unknown };
    return parsed && typeof parsed === 'object' && parsed.type === type ? (parsed as StreamEvent) : null;
  } catch {
    return null;
  }
}

export interface ChatStreamHandlers {
  event(event: StreamEvent, sequence: number | null): void;
  state?(state: StreamState): void;
}

/**
 * One turn's SSE stream (`GET /api/messages/:id/events`) as connection state plus typed events
 * (hoppscotch's SSEConnection). Resuming after a drop is EventSource's own: it reconnects with Last-Event-ID and
 * the server continues with no gap and no duplicate.
 */
export class ChatStream {
  private source: EventSourceLike | null = null;
  private currentState: StreamState = 'connecting';
  private lastSequence: number | null = null;

  constructor(
    private readonly url: string,
    private readonly handlers: ChatStreamHandlers,
    private readonly createSource: EventSourceFactory = (target) => new EventSource(target),
  ) {}

  get state(): StreamState {
    return this.currentState;
  }

  /** Sequence number (SSE id) of the last event received. */
  get lastEventId(): number | null {
    return this.lastSequence;
  }

  open(): void {
    if (this.source) return;
    const source = this.createSource(this.url);
    this.source = source;
    this.setState('connecting');
    source.addEventListener('open', () => this.setState('open'));
    source.addEventListener('error', () => {
      if (this.isDone()) return;
      // CLOSED: the server answered with an error status or a non-SSE body; EventSource gives up.
      this.setState(source.readyState === CLOSED ? 'failed' : 'reconnecting');
      if (source.readyState === CLOSED) this.source = null;
    });
    for (const type of STREAM_EVENT_TYPES) {
      source.addEventListener(type, (message: MessageEvent<string>) => this.receive(type, message));
    }
  }

  close(): void {
    this.source?.close();
    this.source = null;
    if (!this.isDone()) this.setState('closed');
  }

  private receive(type: string, message: MessageEvent<string>): void {
    if (this.isDone()) return;
    const event = parseStreamEvent(type, message.data);
    if (!event) return;
    const sequence = Number(message.lastEventId);
    if (Number.isFinite(sequence) && message.lastEventId !== '') {
      // A replay after a reconnect never repeats, but guard anyway: applying a delta twice would duplicate text.
      if (this.lastSequence !== null && sequence <= this.lastSequence) return;
      this.lastSequence = sequence;
    }
    if (this.currentState !== 'open') this.setState('open');
    this.handlers.event(event, this.lastSequence);
    if (event.type === 'message.finished') {
      // The server ends the response after this; without closing, EventSource would reconnect and replay.
      this.source?.close();
      this.source = null;
      this.setState('finished');
    }
  }

  private isDone(): boolean {
    return this.currentState === 'finished' || this.currentState === 'closed' || this.currentState === 'failed';
  }

  private setState(state: StreamState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.handlers.state?.(state);
  }
}
