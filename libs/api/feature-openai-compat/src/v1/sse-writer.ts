import type { Response } from 'express';

/**
 * Server-sent events straight onto the socket: headers flushed at once, Nagle off, every event written
 * as soon as it is given (no buffering), and writes wait for the client when its socket is full.
 */
export class SseWriter {
  constructor(private readonly response: Response) {}

  open(): void {
    const response = this.response;
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    // nginx and similar proxies would otherwise buffer the stream.
    response.setHeader('X-Accel-Buffering', 'no');
    response.socket?.setNoDelay(true);
    response.flushHeaders();
  }

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  /** Resolves once the event is handed to the socket, or when the client is too slow, once it drained. */
  async data(payload: string): Promise<void> {
    if (this.closed) return;
    if (this.response.write(`data: ${payload}\n\n`)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  end(): void {
    if (!this.closed) this.response.end();
  }
}
