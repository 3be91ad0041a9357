/**
 * Aborts a call when a deadline passes and remembers why, so the failure reads as a timeout whatever
 * error the aborted fetch surfaces as (which differs between runtimes).
 */
export class Watchdog {
  readonly signal: AbortSignal;
  /** Set when a deadline fired: the message of the timeout error. */
  timeoutMessage: string | null = null;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(callerSignal?: AbortSignal) {
    this.signal = callerSignal ? AbortSignal.any([callerSignal, this.controller.signal]) : this.controller.signal;
  }

  arm(ms: number, message: string): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timeoutMessage = message;
      this.controller.abort();
    }, ms);
  }

  disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Ends the call now (the caller stopped reading). */
  abort(): void {
    this.disarm();
    this.controller.abort();
  }
}

export function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}
