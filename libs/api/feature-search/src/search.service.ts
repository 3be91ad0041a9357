import { Injectable, Logger } from '@nestjs/common';
import type { EmbeddingStatusDto, SearchResultDto } from '@kipux/contracts';
import { EmbeddingQueue } from './embedding/embedding.queue';
import { EmbeddingService } from './embedding/embedding.service';
import { SearchRepository } from './search.repository';
import { snippetHtml } from './snippet';

@Injectable()
export class SearchService {
  private readonly logger = new Logger('SearchService');

  constructor(
    private readonly repository: SearchRepository,
    private readonly embeddings: EmbeddingService,
    private readonly queue: EmbeddingQueue,
  ) {}

  /** Hybrid search of the user's messages; full-text only without an embedding model or when it fails. */
  async search(userId: string, q: string, limit: number, options: { excludeConversationId?: string } = {}): Promise<Array<SearchResultDto & { content: string }>> {
    const target = this.embeddings.target;
    let embedding: number[] | null = null;
    try {
      embedding = await this.embeddings.embedQuery(q);
    } catch (error) {
      this.logger.warn(`Query embedding failed, full-text only: ${(error as Error).message}`);
    }
    const rows = await this.repository.search({
      userId,
      q,
      limit,
      vector: target && embedding ? { target, embedding } : undefined,
      excludeConversationId: options.excludeConversationId,
    });
    return rows.map((row) => ({
      messageId: row.id,
      conversationId: row.conversation_id,
      conversationTitle: row.title,
      role: row.role as SearchResultDto['role'],
      snippet: snippetHtml(row.headline),
      content: row.content,
      createdAt: new Date(row.created_at).toISOString(),
      score: Number(row.score),
    }));
  }

  async status(): Promise<EmbeddingStatusDto> {
    const target = this.embeddings.target;
    const [progress, queue, failedJobs] = await Promise.all([
      target ? this.repository.embeddingProgress(target) : Promise.resolve({ total: 0, embedded: 0 }),
      this.queue.counts(),
      this.queue.failedJobs(50),
    ]);
    return {
      model: target?.model ?? null,
      dimensions: target?.dimensions ?? null,
      total: progress.total,
      embedded: progress.embedded,
      pending: progress.total - progress.embedded,
      progress: progress.total === 0 ? 1 : progress.embedded / progress.total,
      queue,
      failedJobs,
    };
  }
}
