import type { EmbeddingStatusDto, EmbeddingSweepDto } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from './api';
import { latestRequest } from './latest-request';

/** How often the status is read again while jobs are queued or running. */
export const EMBEDDINGS_POLL_MS = 2000;
/**
 * How often while work is pending but nothing is queued (e.g. every job failed): the workers' sweep queues it
 * again within a minute, so reading the counts every 2 s would only load the database.
 */
export const EMBEDDINGS_IDLE_POLL_MS = 15_000;

/** Jobs still to run (failed ones are done: they wait for the next sweep, not for a worker). */
export function queueBusy(status: EmbeddingStatusDto | null): boolean {
  return status !== null && status.queue.waiting + status.queue.active + status.queue.delayed > 0;
}

/**
 * The embedding status for the admin page. Between `startAutoRefresh` and `stopAutoRefresh` (while the page is open) it
 * reads the status again every {@link EMBEDDINGS_POLL_MS} while jobs are queued or running, every
 * {@link EMBEDDINGS_IDLE_POLL_MS} while work is pending with nothing queued, and stops when all is embedded. A failed read pauses the polling and goes to `onError` once; the next load resumes it.
 */
export const useAdminEmbeddingsStore = defineStore('adminEmbeddings', () => {
  const status = ref<EmbeddingStatusDto | null>(null);
  const loading = ref(false);
  const sweeping = ref(false);
  const polling = ref(false);
  /** The delay before the next read while polling. */
  const pollMs = computed(() => (queueBusy(status.value) ? EMBEDDINGS_POLL_MS : EMBEDDINGS_IDLE_POLL_MS));
  const busy = computed(() => queueBusy(status.value) || (status.value?.pending ?? 0) > 0);
  let autoRefresh = false;
  let onPollError: (error: unknown) => void = () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const latest = latestRequest(loading);

  function stopTimer(): void {
    clearTimeout(timer);
    timer = undefined;
    polling.value = false;
  }

  function schedule(): void {
    stopTimer();
    if (!autoRefresh || !busy.value) return;
    polling.value = true;
    timer = setTimeout(() => load().catch(onPollError), pollMs.value);
  }

  function load(): Promise<void> {
    // A manual refresh may overlap a poll; only the newest answer lands and schedules the next one.
    stopTimer();
    return latest.run(
      () => api.adminEmbeddings.status(),
      (answer) => {
        status.value = answer;
        schedule();
      },
    );
  }

  /** Starts keeping the status fresh: loads it now, then polls while busy. */
  function startAutoRefresh(onError: (error: unknown) => void): Promise<void> {
    autoRefresh = true;
    onPollError = onError;
    return load();
  }

  function stopAutoRefresh(): void {
    autoRefresh = false;
    onPollError = () => undefined;
    stopTimer();
  }

  /** Queues whatever still lacks an embedding, then reads the status (which starts polling if work was queued). */
  async function sweep(): Promise<EmbeddingSweepDto> {
    sweeping.value = true;
    try {
      const result = await api.adminEmbeddings.sweep();
      await load();
      return result;
    } finally {
      sweeping.value = false;
    }
  }

  return { status, loading, sweeping, polling, pollMs, busy, load, startAutoRefresh, stopAutoRefresh, sweep };
});
