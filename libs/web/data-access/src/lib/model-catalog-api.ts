import type {
  AdminModelDto,
  AdminModelListQuery,
  AdminUpdateModelRequest,
  ModelSyncResultDto,
  ModelSyncStatusDto,
  UsageReportDto,
} from '@kipux/contracts';
import type { ApiClient } from './api-client';

export interface UsageRange {
  from?: string;
  to?: string;
}

export function createModelCatalogApi(client: ApiClient) {
  return {
    list: (query: AdminModelListQuery) => client.get<AdminModelDto[]>('/api/admin/models', { query: { ...query } }),
    get: (id: string) => client.get<AdminModelDto>(`/api/admin/models/${encodeURIComponent(id)}`),
    update: (id: string, patch: AdminUpdateModelRequest) => client.patch<AdminModelDto>(`/api/admin/models/${encodeURIComponent(id)}`, patch),
    sync: () => client.post<ModelSyncResultDto>('/api/admin/models/sync'),
    syncStatus: () => client.get<ModelSyncStatusDto>('/api/admin/models/sync-status'),
    usage: (range: UsageRange) => client.get<UsageReportDto>('/api/usage', { query: { ...range } }),
    adminUsage: (range: UsageRange) => client.get<UsageReportDto>('/api/admin/usage', { query: { ...range } }),
  };
}

export type ModelCatalogApi = ReturnType<typeof createModelCatalogApi>;
