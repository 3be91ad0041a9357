import type { SearchResultDto } from '@kipux/contracts';
import type { ApiClient } from './api-client';

/** Search over the user's own messages (full-text and by meaning). */
export function createSearchApi(client: ApiClient) {
  return {
    search: (q: string, options: { limit?: number; signal?: AbortSignal } = {}) =>
      client.get<SearchResultDto[]>('/api/search', { query: { q, limit: options.limit ?? 20 }, signal: options.signal }),
  };
}

export type SearchApi = ReturnType<typeof createSearchApi>;
