/** Names of the embedding queue's jobs, with the payload each carries. */
export enum EmbeddingJob {
  /** Messages, and the pages that tool messages among them read. */
  EmbedMessages = 'embed-messages',
  /** Pages (`documents`) the sweep found without vectors. */
  EmbedPages = 'embed-pages',
}

export interface EmbeddingJobPayloads {
  [EmbeddingJob.EmbedMessages]: { messageIds: string[] };
  [EmbeddingJob.EmbedPages]: { documentIds: string[] };
}

export type EmbeddingJobHandler = <J extends EmbeddingJob>(name: J, payload: EmbeddingJobPayloads[J]) => Promise<void>;

export const EMBEDDING_QUEUE = 'embeddings';
/** Tries per job, the first retry after `BACKOFF_MS`, then doubling. */
export const JOB_ATTEMPTS = 5;
export const BACKOFF_MS = 500;

export interface FailedEmbeddingJob {
  id: string;
  name: string;
  payload: unknown;
  attemptsMade: number;
  reason: string;
  failedAt: string | null;
}

export interface EmbeddingQueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}
