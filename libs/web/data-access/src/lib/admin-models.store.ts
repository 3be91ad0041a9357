import type { AdminModelDto, AdminModelListQuery, AdminUpdateModelRequest, ModelSyncResultDto, ModelSyncStatusDto } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from './api';
import { latestRequest } from './latest-request';

/** The admin's view of the model catalog: filters, the matching rows, and the sync state. */
export const useAdminModelsStore = defineStore('adminModels', () => {
  const items = ref<AdminModelDto[]>([]);
  const filters = ref<AdminModelListQuery>({ sort: 'name', order: 'asc' });
  const loading = ref(false);
  const syncing = ref(false);
  const status = ref<ModelSyncStatusDto | null>(null);
  // Only the newest answer may land when filters change quickly.
  const latest = latestRequest(loading);

  function load(): Promise<void> {
    const query = { ...filters.value, q: filters.value.q?.trim() || undefined };
    return latest.run(
      () => api.modelCatalog.list(query),
      (rows) => (items.value = rows),
    );
  }

  async function setFilters(next: Partial<AdminModelListQuery>): Promise<void> {
    filters.value = { ...filters.value, ...next };
    await load();
  }

  async function update(id: string, patch: AdminUpdateModelRequest): Promise<AdminModelDto> {
    const updated = await api.modelCatalog.update(id, patch);
    // Making one model the default clears the flag everywhere else.
    items.value = items.value.map((model) =>
      model.id === id ? updated : patch.isDefault === true ? { ...model, isDefault: false } : model,
    );
    return updated;
  }

  async function loadStatus(): Promise<ModelSyncStatusDto> {
    status.value = await api.modelCatalog.syncStatus();
    return status.value;
  }

  async function sync(): Promise<ModelSyncResultDto> {
    syncing.value = true;
    try {
      const result = await api.modelCatalog.sync();
      await Promise.all([load(), loadStatus()]);
      return result;
    } finally {
      syncing.value = false;
    }
  }

  return { items, filters, loading, syncing, status, load, setFilters, update, loadStatus, sync };
});
