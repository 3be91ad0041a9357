import type { UsageReportDto } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from './api';
import type { UsageRange } from './model-catalog-api';

export type UsageScope = 'me' | 'all';

/** Token and cost report for a date range: the user's own, or everyone's for admins. */
export const useUsageStore = defineStore('usage', () => {
  const report = ref<UsageReportDto | null>(null);
  const scope = ref<UsageScope>('me');
  const range = ref<UsageRange>({});
  const loading = ref(false);
  let latest = 0;

  async function load(): Promise<void> {
    const ticket = ++latest;
    loading.value = true;
    try {
      const next = scope.value === 'all' ? await api.modelCatalog.adminUsage(range.value) : await api.modelCatalog.usage(range.value);
      if (ticket === latest) report.value = next;
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  return { report, scope, range, loading, load };
});
