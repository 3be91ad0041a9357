import { Injectable } from '@nestjs/common';
import { EmbeddingJob, type EmbeddingJobPayloads } from './embedding-job';
import { EmbeddingService } from './embedding.service';

/** Runs one embedding job; a thrown error makes the queue retry it with backoff. */
@Injectable()
export class EmbeddingProcessor {
  constructor(private readonly embeddings: EmbeddingService) {}

  async process<J extends EmbeddingJob>(name: J, payload: EmbeddingJobPayloads[J]): Promise<void> {
    switch (name) {
      case EmbeddingJob.EmbedMessages:
        await this.embeddings.embedMessages((payload as EmbeddingJobPayloads[EmbeddingJob.EmbedMessages]).messageIds);
        return;
      case EmbeddingJob.EmbedPages:
        await this.embeddings.embedPages((payload as EmbeddingJobPayloads[EmbeddingJob.EmbedPages]).documentIds);
        return;
      default:
        throw new Error(`Unknown embedding job ${String(name)}`);
    }
  }
}
