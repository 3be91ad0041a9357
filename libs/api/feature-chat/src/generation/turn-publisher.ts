import type { Logger } from '@nestjs/common';
import type { ChatNotice, StreamEvent } from '@kipux/contracts';
import type { ChatEventBus } from '../events/chat-event-bus';

/** Deltas arriving within this window go out as one event: fewer events to store and replay, same text. */
const DELTA_BATCH_MS = 40;

type DeltaType = 'reasoning.delta' | 'content.delta';

/**
 * Numbers a turn's events and publishes them in order without holding up the upstream stream; consecutive
 * deltas of the same kind are merged. A failed publish is logged and does not stop the generation.
 */
export class TurnPublisher {
  private seq = 0;
  private chain: Promise<void> = Promise.resolve();
  private pending: { type: DeltaType; messageId: string; text: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly notices = new Map<string, ChatNotice[]>();

  constructor(
    private readonly bus: ChatEventBus,
    private readonly turnId: string,
    private readonly logger: Logger,
  ) {}

  delta(type: DeltaType, messageId: string, text: string): void {
    if (this.pending && (this.pending.type !== type || this.pending.messageId !== messageId)) this.flushDelta();
    if (this.pending) this.pending.text += text;
    else this.pending = { type, messageId, text };
    this.timer ??= setTimeout(() => this.flushDelta(), DELTA_BATCH_MS);
  }

  emit(event: StreamEvent): void {
    this.flushDelta();
    this.enqueue(event);
  }

  /** Tells the user something about a step (a `notice` event), remembered to be stored with the step. */
  notice(messageId: string, notice: ChatNotice): void {
    this.notices.set(messageId, [...(this.notices.get(messageId) ?? []), notice]);
    this.emit({ type: 'notice', messageId, ...notice });
  }

  noticesOf(messageId: string): ChatNotice[] {
    return this.notices.get(messageId) ?? [];
  }

  /** Resolves once everything emitted so far is published. */
  async flush(): Promise<void> {
    this.flushDelta();
    await this.chain;
  }

  private flushDelta(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = null;
    if (pending) this.enqueue(pending);
  }

  private enqueue(event: StreamEvent): void {
    const seq = ++this.seq;
    this.chain = this.chain
      .then(() => this.bus.publish(this.turnId, seq, event))
      .catch((error: unknown) => this.logger.error(`Publishing event ${seq} of turn ${this.turnId} failed: ${(error as Error).message}`));
  }
}
