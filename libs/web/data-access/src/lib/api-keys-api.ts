import type { ApiKeyDto, CreatedApiKeyDto } from '@kipux/contracts';
import type { ApiClient } from './api-client';

/** The user's keys for the OpenAI-compatible API. */
export function createApiKeysApi(client: ApiClient) {
  return {
    list: () => client.get<ApiKeyDto[]>('/api/api-keys'),
    create: (name: string) => client.post<CreatedApiKeyDto>('/api/api-keys', { name }),
    revoke: (id: string) => client.delete<ApiKeyDto>(`/api/api-keys/${encodeURIComponent(id)}`),
  };
}

export type ApiKeysApi = ReturnType<typeof createApiKeysApi>;
