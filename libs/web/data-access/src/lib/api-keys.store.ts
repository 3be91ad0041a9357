import type { ApiKeyDto, CreatedApiKeyDto } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from './api';

/** The user's API keys: listed newest first, active ones before revoked ones. */
export const useApiKeysStore = defineStore('apiKeys', () => {
  const keys = ref<ApiKeyDto[]>([]);
  const loading = ref(false);
  const loaded = ref(false);

  const active = computed(() => keys.value.filter((key) => !key.revokedAt));
  const revoked = computed(() => keys.value.filter((key) => key.revokedAt));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      keys.value = await api.apiKeys.list();
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  /** The answer carries the secret: the caller shows it once and drops it. */
  async function create(name: string): Promise<CreatedApiKeyDto> {
    const created = await api.apiKeys.create(name);
    const { secret: _secret, ...listed } = created;
    keys.value = [listed, ...keys.value];
    return created;
  }

  async function revoke(id: string): Promise<void> {
    const updated = await api.apiKeys.revoke(id);
    keys.value = keys.value.map((key) => (key.id === id ? updated : key));
  }

  return { keys, active, revoked, loading, loaded, load, create, revoke };
});
