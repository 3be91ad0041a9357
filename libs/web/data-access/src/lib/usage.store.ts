import type { UsageReportDto } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from './api';
import { latestRequest } from './latest-request';
import type { UsageRange } from './model-catalog-api';

export type UsageScope = 'me' | 'all';

/** Token and cost report for a date range: the user's own, or everyone's for admins. */
export const useUsageStore = defineStore('usage', () => {
  const report = ref<UsageReportDto | null>(null);
  const scope = ref<UsageScope>('me');
  const range = ref<UsageRange>({});
  const loading = ref(false);
  const latest = latestRequest(loading);

  function load(): Promise<void> {
    return latest.run(
      () => (scope.value === 'all' ? api.modelCatalog.adminUsage(range.value) : api.modelCatalog.usage(range.value)),
      (next) => (report.value = next),
    );
  }

  return { report, scope, range, loading, load };
});
