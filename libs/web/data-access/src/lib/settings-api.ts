import type { ModelDto, UserSettings } from '@kipux/contracts';
import type { ApiClient } from './api-client';

export function createSettingsApi(client: ApiClient) {
  return {
    get: () => client.get<UserSettings>('/api/me/settings'),
    update: (patch: Partial<UserSettings>) => client.patch<UserSettings>('/api/me/settings', patch),
    listModels: () => client.get<ModelDto[]>('/api/models'),
  };
}

export type SettingsApi = ReturnType<typeof createSettingsApi>;
