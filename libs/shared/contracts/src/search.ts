/** `GET /api/search?q=&limit=`: one message of the user's that matches, best first. */
export interface SearchResultDto {
  messageId: string;
  conversationId: string;
  conversationTitle: string | null;
  role: 'user' | 'assistant';
  /** HTML: the text is escaped; only `<mark>` elements (the matched words) are markup. */
  snippet: string;
  createdAt: string;
  /** Reciprocal rank fusion of the full-text and vector rankings (higher is better). */
  score: number;
}

/** `GET /api/admin/embeddings/status`. */
export interface EmbeddingStatusDto {
  /** null: no EMBEDDING_MODEL, search is full-text only. */
  model: string | null;
  dimensions: number | null;
  /** Finished messages eligible for search, those embedded with the current model, and those still to do. */
  total: number;
  embedded: number;
  pending: number;
  /** embedded / total (1 when there is nothing to embed): the progress of a re-embed after a model change. */
  progress: number;
  queue: { waiting: number; active: number; delayed: number; failed: number };
  failedJobs: Array<{ id: string; name: string; payload: unknown; attemptsMade: number; reason: string; failedAt: string | null }>;
}
