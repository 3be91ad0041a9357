import { Injectable, Logger } from '@nestjs/common';
import type { EmbeddingStatusDto, SearchResultDto } from '@kipux/contracts';
import { EmbeddingQueue } from './embedding/embedding.queue';
import { EmbeddingService } from './embedding/embedding.service';
import { SearchRepository, type EmbeddedKind } from './search.repository';
import { snippetHtml } from './snippet';

@Injectable()
export class SearchService {
  private readonly logger = new Logger('SearchService');

  constructor(
    private readonly repository: SearchRepository,
    private readonly embeddings: EmbeddingService,
    private readonly queue: EmbeddingQueue,
  ) {}

  /**
   * Hybrid search of the user's messages and of the pages their chats read; full-text only without an
   * embedding model or when it fails.
   */
  async search(
    userId: string,
    q: string,
    limit: number,
    options: { excludeConversationId?: string; pages?: boolean } = {},
  ): Promise<Array<SearchResultDto & { content: string }>> {
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
      pages: options.pages,
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
      page: row.page_url ? { url: row.page_url, title: row.page_title ?? row.page_url } : null,
    }));
  }

  async status(): Promise<EmbeddingStatusDto> {
    const target = this.embeddings.target;
    const progress = (kind: EmbeddedKind) => (target ? this.repository.embeddingProgress(kind, target) : Promise.resolve({ total: 0, embedded: 0 }));
    const [messages, pages, queue, failedJobs] = await Promise.all([progress('message'), progress('page'), this.queue.counts(), this.queue.failedJobs(50)]);
    const total = messages.total + pages.total;
    const embedded = messages.embedded + pages.embedded;
    return {
      model: target?.model ?? null,
      dimensions: target?.dimensions ?? null,
      total,
      embedded,
      pending: total - embedded,
      progress: total === 0 ? 1 : embedded / total,
      messages: { ...messages, pending: messages.total - messages.embedded },
      pages: { ...pages, pending: pages.total - pages.embedded },
      queue,
      failedJobs,
    };
  }
}
