import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { LlmClient } from '@kipux/api/llm';
import { SearchRepository, type EmbeddedKind, type EmbeddingTarget, type NewEmbedding } from '../search.repository';
import { chunkText } from './chunk-text';

/** Texts per `/v1/embeddings` call. */
export const EMBED_BATCH = 64;

/** Turns messages and read pages into stored vectors (one per chunk) for the configured model. */
@Injectable()
export class EmbeddingService {
  constructor(
    private readonly config: AppConfig,
    private readonly llm: LlmClient,
    private readonly repository: SearchRepository,
  ) {}

  /** The model and dimension in force, or null when no embedding model is configured (full-text only). */
  get target(): EmbeddingTarget | null {
    const model = this.config.env.EMBEDDING_MODEL;
    return model ? { model, dimensions: this.config.env.EMBEDDING_DIMENSIONS } : null;
  }

  /**
   * Embeds those of the messages that still need it (so a repeated or duplicated job costs nothing), and the
   * pages that tool messages among them read.
   */
  async embedMessages(ids: string[]): Promise<number> {
    if (!this.target || ids.length === 0) return 0;
    const pages = await this.repository.pagesReadBy(ids);
    return (await this.embed('message', ids)) + (await this.embed('page', pages));
  }

  /** Embeds those of the pages whose current content has no vectors yet. */
  embedPages(ids: string[]): Promise<number> {
    return this.embed('page', ids);
  }

  private async embed(kind: EmbeddedKind, ids: string[]): Promise<number> {
    const target = this.target;
    if (!target || ids.length === 0) return 0;
    const sources = await this.repository.toEmbed(kind, ids, target);
    const pieces = sources.flatMap((source) => chunkText(source.content).map((content, chunk) => ({ ownerId: source.id, contentHash: source.contentHash, chunk, content })));
    const rows: NewEmbedding[] = [];
    for (let start = 0; start < pieces.length; start += EMBED_BATCH) {
      const batch = pieces.slice(start, start + EMBED_BATCH);
      const { vectors } = await this.llm.embed(
        batch.map((piece) => piece.content),
        target,
      );
      batch.forEach((piece, index) => rows.push({ ...piece, embedding: vectors[index]! }));
    }
    await this.repository.replaceEmbeddings(kind, target, rows);
    return sources.length;
  }

  async embedQuery(q: string, signal?: AbortSignal): Promise<number[] | null> {
    const target = this.target;
    if (!target) return null;
    const { vectors } = await this.llm.embed([q], { ...target, signal, requestTimeoutMs: 10_000 });
    return vectors[0] ?? null;
  }
}
