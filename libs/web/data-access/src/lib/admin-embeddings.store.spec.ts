import type { EmbeddingStatusDto } from '@kipux/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch, type FakeResponse } from '../testing/fake-fetch';
import { apiClient } from './api-client';
import { EMBEDDINGS_IDLE_POLL_MS, EMBEDDINGS_POLL_MS, queueBusy, useAdminEmbeddingsStore } from './admin-embeddings.store';

const IDLE_QUEUE = { waiting: 0, active: 0, delayed: 0, failed: 0 };

function status(embedded: number, total: number, queue: Partial<EmbeddingStatusDto['queue']> = {}): EmbeddingStatusDto {
  return {
    model: 'text-embedding-3-small',
    dimensions: 256,
    total,
    embedded,
    pending: total - embedded,
    progress: total === 0 ? 1 : embedded / total,
    messages: { total, embedded, pending: total - embedded },
    pages: { total: 0, embedded: 0, pending: 0 },
    queue: { ...IDLE_QUEUE, ...queue },
    failedJobs: [],
  };
}

/** Answers the status route with the given answers in turn (the last one from then on). */
function statusSequence(...answers: FakeResponse[]) {
  let calls = 0;
  return () => answers[Math.min(calls++, answers.length - 1)] as FakeResponse;
}

const statusReads = (requests: Array<{ url: string }>) => requests.filter((r) => r.url === '/api/admin/embeddings/status').length;

describe('useAdminEmbeddingsStore', () => {
  beforeEach(() => {
    apiClient.setCsrfToken('csrf-1');
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    useAdminEmbeddingsStore().stopAutoRefresh();
    vi.useRealTimers();
  });

  it('counts waiting, active and delayed jobs as a busy queue, failed ones not', () => {
    expect(queueBusy(null)).toBe(false);
    expect(queueBusy(status(1, 1, { failed: 3 }))).toBe(false);
    expect(queueBusy(status(1, 1, { delayed: 1 }))).toBe(true);
  });

  it('reads the status again every 2 s while something is pending, and stops once all is embedded', async () => {
    const fake = createFakeFetch({
      'GET /api/admin/embeddings/status': statusSequence(
        { status: 200, body: status(0, 4, { waiting: 1 }) },
        { status: 200, body: status(2, 4, { active: 1 }) },
        { status: 200, body: status(4, 4) },
      ),
    });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminEmbeddingsStore();

    await store.startAutoRefresh(() => undefined);
    expect(store.busy).toBe(true);
    expect(store.polling).toBe(true);
    await vi.advanceTimersByTimeAsync(EMBEDDINGS_POLL_MS);
    expect(store.status?.embedded).toBe(2);
    await vi.advanceTimersByTimeAsync(EMBEDDINGS_POLL_MS);
    expect(store.status?.progress).toBe(1);
    expect(store.polling).toBe(false);

    await vi.advanceTimersByTimeAsync(EMBEDDINGS_POLL_MS * 5);
    expect(statusReads(fake.requests)).toBe(3);
  });

  it('reads less often while work is pending but nothing is queued (failed jobs wait for the sweep)', async () => {
    const fake = createFakeFetch({
      'GET /api/admin/embeddings/status': statusSequence(
        { status: 200, body: status(0, 2, { failed: 1 }) },
        { status: 200, body: status(0, 2, { waiting: 1 }) },
        { status: 200, body: status(2, 2) },
      ),
    });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminEmbeddingsStore();

    await store.startAutoRefresh(() => undefined);
    expect(store.polling).toBe(true);
    expect(store.pollMs).toBe(EMBEDDINGS_IDLE_POLL_MS);
    await vi.advanceTimersByTimeAsync(EMBEDDINGS_IDLE_POLL_MS - 1);
    expect(statusReads(fake.requests)).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(statusReads(fake.requests)).toBe(2);
    // The sweep queued the work again: back to the quick pace.
    expect(store.pollMs).toBe(EMBEDDINGS_POLL_MS);
    await vi.advanceTimersByTimeAsync(EMBEDDINGS_POLL_MS);
    expect(store.status?.progress).toBe(1);
    expect(store.polling).toBe(false);
  });

  it('stops polling when the page lets go', async () => {
    const fake = createFakeFetch({ 'GET /api/admin/embeddings/status': { status: 200, body: status(0, 4, { waiting: 1 }) } });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminEmbeddingsStore();

    await store.startAutoRefresh(() => undefined);
    store.stopAutoRefresh();
    await vi.advanceTimersByTimeAsync(EMBEDDINGS_POLL_MS * 5);

    expect(statusReads(fake.requests)).toBe(1);
    expect(store.polling).toBe(false);
  });

  it('reports a failed poll once and pauses until the next load', async () => {
    const fake = createFakeFetch({
      'GET /api/admin/embeddings/status': statusSequence(
        { status: 200, body: status(0, 4, { waiting: 1 }) },
        { status: 500, body: { statusCode: 500, code: 'internal_error', message: 'boom' } },
        { status: 200, body: status(1, 4, { active: 1 }) },
      ),
    });
    vi.stubGlobal('fetch', fake.fetch);
    const errors: unknown[] = [];
    const store = useAdminEmbeddingsStore();

    await store.startAutoRefresh((error) => errors.push(error));
    await vi.advanceTimersByTimeAsync(EMBEDDINGS_POLL_MS * 5);
    expect(errors).toEqual([expect.objectContaining({ code: 'internal_error' })]);
    expect(statusReads(fake.requests)).toBe(2);

    await store.load();
    expect(store.polling).toBe(true);
    expect(store.status?.embedded).toBe(1);
  });

  it('sweeps with the CSRF header, then reads the status and follows the queued work', async () => {
    const fake = createFakeFetch({
      'POST /api/admin/embeddings/sweep': { status: 200, body: { queued: 3 } },
      'GET /api/admin/embeddings/status': statusSequence(
        { status: 200, body: status(4, 4) },
        { status: 200, body: status(4, 7, { waiting: 1 }) },
      ),
    });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminEmbeddingsStore();
    await store.startAutoRefresh(() => undefined);
    expect(store.polling).toBe(false);

    const result = await store.sweep();

    expect(result).toEqual({ queued: 3 });
    expect(store.sweeping).toBe(false);
    expect(store.status?.pending).toBe(3);
    expect(store.polling).toBe(true);
    expect(fake.requests.find((r) => r.method === 'POST')?.headers['x-csrf-token']).toBe('csrf-1');
  });

  it('keeps only the newest answer when a refresh overlaps a poll', async () => {
    const answers: Array<() => void> = [];
    vi.stubGlobal(
      'fetch',
      () =>
        new Promise<Response>((resolve) => {
          const embedded = answers.length;
          answers.push(() => resolve(new Response(JSON.stringify(status(embedded, 4, { waiting: 1 })), { status: 200 })));
        }),
    );
    const store = useAdminEmbeddingsStore();

    const older = store.load();
    const newer = store.load();
    answers[1]?.();
    await newer;
    answers[0]?.();
    await older;

    expect(store.status?.embedded).toBe(1);
    expect(store.loading).toBe(false);
  });
});
