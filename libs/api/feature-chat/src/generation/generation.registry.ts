import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { randomUUID } from 'node:crypto';
import { ChatRepository } from '../chat.repository';
import { ChatEventBus } from '../events/chat-event-bus';

export type AbortReason = 'stopped' | 'interrupted';

export interface RunningTurn {
  readonly turnId: string;
  readonly signal: AbortSignal;
  /** The assistant message being generated now (heartbeats go to it). */
  stepId: string;
  /** Why the signal fired. */
  reason: AbortReason | null;
}

const SHUTDOWN_WAIT_MS = 10_000;
export const INTERRUPTED_ERROR = 'The server stopped before this answer was finished.';

/**
 * The generations this process runs: stop requests from any instance reach them here, heartbeats tell
 * other instances they are alive, and generations nobody runs any more are marked `interrupted`
 * (on boot, and periodically when several instances share the database).
 */
@Injectable()
export class GenerationRegistry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly instanceId = randomUUID();
  private readonly logger = new Logger('Generations');
  private readonly running = new Map<string, { turn: RunningTurn; controller: AbortController; done: Promise<void> }>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly repository: ChatRepository,
    private readonly bus: ChatEventBus,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.bus.onStopRequest((turnId) => this.abort(turnId, 'stopped'));
    const orphanAfterMs = this.config.env.CHAT_ORPHAN_AFTER_SECONDS * 1000;
    // Embedded mode has one process: whatever it left unfinished before this boot is dead.
    await this.sweep(this.config.embeddedDatabase ? null : this.config.env.CHAT_ORPHAN_AFTER_SECONDS);
    this.every(Math.max(500, Math.floor(orphanAfterMs / 3)), () => this.repository.heartbeat([...this.running.values()].map((r) => r.turn.stepId)));
    if (!this.config.embeddedDatabase) this.every(Math.max(1000, Math.floor(orphanAfterMs / 2)), () => this.sweep(this.config.env.CHAT_ORPHAN_AFTER_SECONDS));
  }

  /** Runs `work` as the turn's generation; it sees the abort signal and the step it is on. */
  run(turnId: string, work: (turn: RunningTurn) => Promise<void>): void {
    const controller = new AbortController();
    const turn: RunningTurn = { turnId, signal: controller.signal, stepId: turnId, reason: null };
    const done = work(turn)
      .catch((error: unknown) => this.logger.error(`Generation ${turnId} failed`, (error as Error).stack))
      .finally(() => this.running.delete(turnId));
    this.running.set(turnId, { turn, controller, done });
  }

  isRunning(turnId: string): boolean {
    return this.running.has(turnId);
  }

  abort(turnId: string, reason: AbortReason): void {
    const entry = this.running.get(turnId);
    if (!entry || entry.turn.reason) return;
    entry.turn.reason = reason;
    entry.controller.abort();
  }

  /** Ends every generation as `interrupted` (partial text saved) before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.timers.forEach(clearInterval);
    const pending = [...this.running.values()];
    pending.forEach((entry) => this.abort(entry.turn.turnId, 'interrupted'));
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(pending.map((entry) => entry.done)),
      new Promise((resolve) => (timeout = setTimeout(resolve, SHUTDOWN_WAIT_MS))),
    ]);
    clearTimeout(timeout);
  }

  private async sweep(staleAfterSeconds: number | null): Promise<void> {
    const ids = await this.repository.interruptOrphans(staleAfterSeconds, INTERRUPTED_ERROR);
    if (ids.length > 0) this.logger.warn(`Marked ${ids.length} orphaned generation(s) interrupted`);
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => {
      task().catch((error: unknown) => this.logger.warn(`Background chat task failed: ${(error as Error).message}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
