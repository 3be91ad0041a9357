import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SearchRepository } from '../search.repository';
import { EmbeddingJob } from './embedding-job';
import { EmbeddingQueue } from './embedding.queue';
import { EMBED_BATCH, EmbeddingService } from './embedding.service';

/** New messages are gathered this long so one job (and one upstream call) embeds a burst of them. */
const GATHER_MS = 200;
/** Most messages (and most pages) one sweep enqueues; the next sweep takes the rest. */
const SWEEP_LIMIT = 20_000;
const PAGES_PER_JOB = 8;

/**
 * Puts embedding jobs on the queue: for new messages as they are stored (a tool message brings the page it
 * read), and for whatever the database says is missing.
 */
@Injectable()
export class EmbeddingProducer implements OnModuleDestroy {
  private readonly logger = new Logger('EmbeddingProducer');
  private gathered = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queue: EmbeddingQueue,
    private readonly embeddings: EmbeddingService,
    private readonly repository: SearchRepository,
  ) {}

  messageStored(id: string): void {
    if (!this.embeddings.target) return;
    this.gathered.add(id);
    if (this.gathered.size >= EMBED_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), GATHER_MS);
  }

  /**
   * Enqueues eligible messages and pages without an embedding of the current model: after a crash, a Redis
   * flush or a change of EMBEDDING_MODEL/DIMENSIONS. Skipped while jobs are still queued, so sweeps do not pile
   * up duplicates (which would be harmless: a job skips what is already embedded). Answers how many it queued.
   */
  async sweep(): Promise<number> {
    const target = this.embeddings.target;
    if (!target) return 0;
    const counts = await this.queue.counts();
    if (counts.waiting + counts.active + counts.delayed > 0) return 0;
    const messageIds = await this.repository.unembeddedIds('message', target, SWEEP_LIMIT);
    const documentIds = await this.repository.unembeddedIds('page', target, SWEEP_LIMIT);
    for (let start = 0; start < messageIds.length; start += EMBED_BATCH) {
      await this.queue.add(EmbeddingJob.EmbedMessages, { messageIds: messageIds.slice(start, start + EMBED_BATCH) });
    }
    // Pages are long (several chunks each): fewer per job.
    for (let start = 0; start < documentIds.length; start += PAGES_PER_JOB) {
      await this.queue.add(EmbeddingJob.EmbedPages, { documentIds: documentIds.slice(start, start + PAGES_PER_JOB) });
    }
    const queued = messageIds.length + documentIds.length;
    if (queued) this.logger.log(`Sweep: ${messageIds.length} messages and ${documentIds.length} pages to embed with ${target.model} (${target.dimensions})`);
    return queued;
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const messageIds = [...this.gathered];
    this.gathered = new Set();
    if (messageIds.length === 0) return;
    // A lost enqueue is not lost work: the sweep finds the messages in the database.
    this.queue.add(EmbeddingJob.EmbedMessages, { messageIds }).catch((error: unknown) => this.logger.warn(`Enqueue failed: ${(error as Error).message}`));
  }
}
