/** `GET /api/search?q=&limit=`: one message of the user's, or one web page read in a chat of theirs, that matches; best first. */
export interface SearchResultDto {
  /** The message to land on: the message itself, or for a page the assistant step whose tool read it. */
  messageId: string;
  conversationId: string;
  conversationTitle: string | null;
  role: 'user' | 'assistant';
  /** HTML: the text is escaped; only `<mark>` elements (the matched words) are markup. */
  snippet: string;
  createdAt: string;
  /** Reciprocal rank fusion of the full-text and vector rankings (higher is better). */
  score: number;
  /** The web page the hit is in (a page a tool read during that turn); null when the hit is the message's own text. */
  page: { url: string; title: string } | null;
}

/** Items eligible for search of one kind, those embedded with the current model, and those still to do. */
export interface EmbeddingCountsDto {
  total: number;
  embedded: number;
  pending: number;
}

/** `GET /api/admin/embeddings/status`. */
export interface EmbeddingStatusDto {
  /** null: no EMBEDDING_MODEL, search is full-text only. */
  model: string | null;
  dimensions: number | null;
  /** Messages and fetched pages together (each counted once, however many chunks it has). */
  total: number;
  embedded: number;
  pending: number;
  /** embedded / total (1 when there is nothing to embed): the progress of a re-embed after a model change. */
  progress: number;
  /** Finished user and assistant messages. */
  messages: EmbeddingCountsDto;
  /** Web pages the tools read (`documents`), embedded in chunks. */
  pages: EmbeddingCountsDto;
  queue: { waiting: number; active: number; delayed: number; failed: number };
  failedJobs: Array<{ id: string; name: string; payload: unknown; attemptsMade: number; reason: string; failedAt: string | null }>;
}

/** `POST /api/admin/embeddings/sweep`: what a sweep for missing embeddings queued (0 while jobs are still queued). */
export interface EmbeddingSweepDto {
  /** Messages and pages put on the queue. */
  queued: number;
}
