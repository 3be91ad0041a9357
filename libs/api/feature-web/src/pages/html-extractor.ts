import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExtractedPage } from './page-extractor';

type Pending = { resolve(page: ExtractedPage): void; reject(error: Error): void; timer: NodeJS.Timeout };

/**
 * Main-content extraction in a worker thread (jsdom parsing a 2 MB page blocks for seconds). One worker,
 * started on first use, jobs in order; a job over the time limit restarts it.
 */
export class HtmlExtractor {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly timeoutMs = 20_000) {}

  extract(html: string, url: string): Promise<ExtractedPage> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise<ExtractedPage>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`Reading the page took longer than ${this.timeoutMs / 1000} s`)), this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, html, url });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.fail(new Error('The page reader stopped'));
    await worker?.terminate();
  }

  private start(): Worker {
    const entry = join(__dirname, `extraction.worker${extname(__filename)}`);
    // From TypeScript sources (tests, `node -r @swc-node/register`) the worker needs the same loader.
    const worker = new Worker(entry, extname(__filename) === '.ts' ? { execArgv: ['--require', '@swc-node/register'] } : {});
    worker.unref();
    worker.on('message', (message: { id: number; page?: ExtractedPage; error?: string }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      clearTimeout(job.timer);
      if (message.page) job.resolve(message.page);
      else job.reject(new Error(`The page could not be read: ${message.error ?? 'unknown error'}`));
    });
    worker.on('error', (error) => this.fail(new Error(`The page reader failed: ${error.message}`)));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  /** Rejects every job and drops the worker (a stuck or dead worker cannot finish them). */
  private fail(error: Error): void {
    const worker = this.worker;
    this.worker = null;
    for (const job of this.pending.values()) {
      clearTimeout(job.timer);
      job.reject(error);
    }
    this.pending.clear();
    void worker?.terminate();
  }
}
