import { Logger } from '@nestjs/common';
import type { RedisService } from '@kipux/api/redis';
import { Queue, Worker } from 'bullmq';
import {
  BACKOFF_MS,
  EMBEDDING_QUEUE,
  JOB_ATTEMPTS,
  type EmbeddingJob,
  type EmbeddingJobHandler,
  type EmbeddingJobPayloads,
  type EmbeddingQueueCounts,
  type FailedEmbeddingJob,
} from './embedding-job';

/** The embedding jobs' queue: BullMQ with Redis, an in-process runner without. Same behaviour either way. */
export abstract class EmbeddingQueue {
  abstract add<J extends EmbeddingJob>(name: J, payload: EmbeddingJobPayloads[J]): Promise<void>;
  /** Starts processing (only in processes that run workers). */
  abstract work(handler: EmbeddingJobHandler): void;
  abstract counts(): Promise<EmbeddingQueueCounts>;
  abstract failedJobs(limit: number): Promise<FailedEmbeddingJob[]>;
  abstract close(): Promise<void>;
}

export class BullmqEmbeddingQueue extends EmbeddingQueue {
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(private readonly redis: RedisService) {
    super();
    this.queue = new Queue(EMBEDDING_QUEUE, {
      connection: redis.duplicate('embeddings-queue', { maxRetriesPerRequest: null }),
      prefix: redis.prefix,
      defaultJobOptions: {
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: BACKOFF_MS },
        removeOnComplete: true,
        removeOnFail: 500,
      },
    });
  }

  async add<J extends EmbeddingJob>(name: J, payload: EmbeddingJobPayloads[J]): Promise<void> {
    await this.queue.add(name, payload);
  }

  work(handler: EmbeddingJobHandler): void {
    // A worker killed mid-job leaves it active; once its lock expires (not renewed), the stalled-job check of
    // any live worker puts it back in the queue. Shorter than BullMQ's 30 s defaults so recovery is quick.
    this.worker = new Worker(EMBEDDING_QUEUE, (job) => handler(job.name as EmbeddingJob, job.data), {
      connection: this.redis.duplicate('embeddings-worker', { maxRetriesPerRequest: null }),
      prefix: this.redis.prefix,
      concurrency: 2,
      lockDuration: 10_000,
      stalledInterval: 5_000,
    });
    this.worker.on('error', (error) => new Logger('EmbeddingQueue').warn(error.message));
  }

  async counts(): Promise<EmbeddingQueueCounts> {
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children');
    return {
      waiting: (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0) + (counts['waiting-children'] ?? 0),
      active: counts['active'] ?? 0,
      delayed: counts['delayed'] ?? 0,
      failed: counts['failed'] ?? 0,
    };
  }

  async failedJobs(limit: number): Promise<FailedEmbeddingJob[]> {
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs.map((job) => ({
      id: String(job.id),
      name: job.name,
      payload: job.data,
      attemptsMade: job.attemptsMade,
      reason: job.failedReason,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}

interface MemoryJob {
  id: number;
  name: EmbeddingJob;
  payload: unknown;
  attemptsMade: number;
}

/** Embedded mode: jobs run one at a time in this process, with the same retries and backoff as BullMQ. */
export class MemoryEmbeddingQueue extends EmbeddingQueue {
  private readonly waiting: MemoryJob[] = [];
  private readonly failed: FailedEmbeddingJob[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private handler?: EmbeddingJobHandler;
  private active = 0;
  private delayed = 0;
  private nextId = 1;
  private closed = false;

  async add<J extends EmbeddingJob>(name: J, payload: EmbeddingJobPayloads[J]): Promise<void> {
    this.waiting.push({ id: this.nextId++, name, payload, attemptsMade: 0 });
    this.drain();
  }

  work(handler: EmbeddingJobHandler): void {
    this.handler = handler;
    this.drain();
  }

  async counts(): Promise<EmbeddingQueueCounts> {
    return { waiting: this.waiting.length, active: this.active, delayed: this.delayed, failed: this.failed.length };
  }

  async failedJobs(limit: number): Promise<FailedEmbeddingJob[]> {
    return this.failed.slice(0, limit);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
  }

  private drain(): void {
    const handler = this.handler;
    if (!handler || this.closed || this.active > 0) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.active = 1;
    handler(job.name, job.payload as never)
      .catch((error: unknown) => this.retryOrFail(job, error as Error))
      .finally(() => {
        this.active = 0;
        this.drain();
      });
  }

  private retryOrFail(job: MemoryJob, error: Error): void {
    job.attemptsMade += 1;
    if (job.attemptsMade >= JOB_ATTEMPTS) {
      this.failed.unshift({ id: String(job.id), name: job.name, payload: job.payload, attemptsMade: job.attemptsMade, reason: error.message, failedAt: new Date().toISOString() });
      this.failed.length = Math.min(this.failed.length, 500);
      return;
    }
    this.delayed += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.delayed -= 1;
      this.waiting.push(job);
      this.drain();
    }, BACKOFF_MS * 2 ** (job.attemptsMade - 1));
    this.timers.add(timer);
  }
}
