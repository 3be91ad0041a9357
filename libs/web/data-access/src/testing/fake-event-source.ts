import type { EventSourceLike } from '../lib/chat-stream';

type Listener = (event: MessageEvent<string> & Event) => void;

/** A scripted EventSource: the test plays the server (open, events with ids, drops, refusals). */
export class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.closed = true;
    this.readyState = 2;
  }

  open(): void {
    this.readyState = 1;
    this.dispatch('open', new Event('open') as MessageEvent<string> & Event);
  }

  /** Delivers an SSE message: `event` = type, `data` = JSON of the whole event, `id` = sequence. */
  emit(event: { type: string; [field: string]: unknown }, id: number | string, raw?: string): void {
    const message = new MessageEvent(event.type, { data: raw ?? JSON.stringify(event), lastEventId: String(id) });
    this.dispatch(event.type, message as MessageEvent<string> & Event);
  }

  /** A dropped connection EventSource will retry (readyState CONNECTING) or a refused one (CLOSED). */
  fail(refused: boolean): void {
    this.readyState = refused ? 2 : 0;
    this.dispatch('error', new Event('error') as MessageEvent<string> & Event);
  }

  private dispatch(type: string, event: MessageEvent<string> & Event): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}
