import type { StreamEvent } from '@kipux/contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeEventSource } from '../testing/fake-event-source';
import { ChatStream, parseStreamEvent, type StreamState } from './chat-stream';

function connect() {
  const events: Array<{ event: StreamEvent; sequence: number | null }> = [];
  const states: StreamState[] = [];
  const stream = new ChatStream('/api/messages/t1/events', { event: (event, sequence) => events.push({ event, sequence }), state: (s) => states.push(s) }, (url) => new FakeEventSource(url));
  stream.open();
  const source = FakeEventSource.instances.at(-1)!;
  return { stream, source, events, states };
}

const delta = (text: string): StreamEvent => ({ type: 'content.delta', messageId: 'a1', text });

describe('parseStreamEvent', () => {
  it('accepts a known event whose data names the same type', () => {
    expect(parseStreamEvent('content.delta', JSON.stringify(delta('Hi')))).toEqual(delta('Hi'));
  });

  it('rejects unknown types, mismatched types and unreadable JSON', () => {
    expect(parseStreamEvent('ping', '{"type":"ping"}')).toBeNull();
    expect(parseStreamEvent('content.delta', JSON.stringify({ type: 'reasoning.delta', messageId: 'a', text: 'x' }))).toBeNull();
    expect(parseStreamEvent('content.delta', '{not json')).toBeNull();
  });
});

describe('ChatStream', () => {
  beforeEach(() => (FakeEventSource.instances = []));

  it('connects to the turn URL and reports typed events with their sequence numbers', () => {
    const { source, events, states } = connect();
    expect(source.url).toBe('/api/messages/t1/events');
    source.open();
    source.emit(delta('Hel'), 1);
    source.emit(delta('lo'), 2);

    expect(events).toEqual([
      { event: delta('Hel'), sequence: 1 },
      { event: delta('lo'), sequence: 2 },
    ]);
    expect(states).toEqual(['open']);
  });

  it('shows a drop as reconnecting and skips an event it already had', () => {
    const { stream, source, events, states } = connect();
    source.open();
    source.emit(delta('a'), 1);
    source.fail(false);
    source.open();
    source.emit(delta('a'), 1);
    source.emit(delta('b'), 2);

    expect(states).toEqual(['open', 'reconnecting', 'open']);
    expect(events.map((e) => e.sequence)).toEqual([1, 2]);
    expect(stream.lastEventId).toBe(2);
  });

  it('closes itself after message.finished so EventSource does not reconnect and replay', () => {
    const { stream, source, events } = connect();
    source.open();
    const finished = { type: 'message.finished', messageId: 'a1', status: 'complete', finishReason: 'stop', message: {}, messages: [] } as unknown as StreamEvent;
    source.emit(finished, 3);
    source.emit(delta('late'), 4);

    expect(source.closed).toBe(true);
    expect(stream.state).toBe('finished');
    expect(events).toHaveLength(1);
  });

  it('reports a refused stream as failed and ignores garbage', () => {
    const { stream, source, events } = connect();
    source.emit({ type: 'content.delta' }, 1, 'garbage');
    source.fail(true);

    expect(events).toEqual([]);
    expect(stream.state).toBe('failed');
  });

  it('close() stops delivery', () => {
    const { stream, source, events } = connect();
    stream.close();
    source.emit(delta('x'), 1);
    expect(source.closed).toBe(true);
    expect(stream.state).toBe('closed');
    expect(events).toEqual([]);
  });
});
