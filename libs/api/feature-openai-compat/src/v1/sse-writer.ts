import type { Response } from 'express';

/**
 * Server-sent events straight onto the socket: Nagle off, the events given together written as one piece
 * as soon as they are given (the headers go with the first), and writes wait for the client when its
 * socket is full.
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
  }

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  data(payload: string): Promise<void> {
    return this.send([payload]);
  }

  /** Resolves once the events are handed to the socket, or when the client is too slow, once it drained. */
  async send(payloads: readonly string[]): Promise<void> {
    if (this.closed || payloads.length === 0) return;
    let text = '';
    for (const payload of payloads) text += `data: ${payload}\n\n`;
    if (this.response.write(text)) return;
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
