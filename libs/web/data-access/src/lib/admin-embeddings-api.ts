import type { EmbeddingStatusDto, EmbeddingSweepDto } from '@kipux/contracts';
import type { ApiClient } from './api-client';

/** The admin's view of the embeddings behind search by meaning: progress, queue, failures, and a sweep now. */
export function createAdminEmbeddingsApi(client: ApiClient) {
  return {
    status: () => client.get<EmbeddingStatusDto>('/api/admin/embeddings/status'),
    sweep: () => client.post<EmbeddingSweepDto>('/api/admin/embeddings/sweep'),
  };
}

export type AdminEmbeddingsApi = ReturnType<typeof createAdminEmbeddingsApi>;
