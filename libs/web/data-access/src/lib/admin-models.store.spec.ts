import type { AdminModelDto } from '@kipux/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch } from '../testing/fake-fetch';
import { apiClient } from './api-client';
import { useAdminModelsStore } from './admin-models.store';

/** Only the fields the store looks at. */
function model(id: string): AdminModelDto {
  return { id, name: id, displayName: id, isDefault: false, enabled: true, available: true, mode: 'chat' } as AdminModelDto;
}

describe('useAdminModelsStore', () => {
  beforeEach(() => {
    apiClient.setCsrfToken('csrf-1');
    setActivePinia(createPinia());
  });

  it('sends the filters (without blank text) and keeps the answer', async () => {
    const fake = createFakeFetch({ 'GET /api/admin/models': { status: 200, body: [model('gpt-4o')] } });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminModelsStore();
    await store.setFilters({ capability: 'vision', q: '  ', sort: 'priceIn', order: 'desc' });
    const url = new URL(fake.requests[0]?.url ?? '', 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ capability: 'vision', sort: 'priceIn', order: 'desc' });
    expect(store.items.map((m) => m.id)).toEqual(['gpt-4o']);
  });

  it('moves the default star to the model just made default', async () => {
    vi.stubGlobal(
      'fetch',
      createFakeFetch({
        'GET /api/admin/models': { status: 200, body: [{ ...model('a'), isDefault: true }, model('b')] },
        'PATCH /api/admin/models/b': { status: 200, body: { ...model('b'), isDefault: true } },
      }).fetch,
    );
    const store = useAdminModelsStore();
    await store.load();
    await store.update('b', { isDefault: true });
    expect(store.items.map((m) => [m.id, m.isDefault])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('refreshes the rows and the status after a sync', async () => {
    const fake = createFakeFetch({
      'POST /api/admin/models/sync': { status: 200, body: { ok: true, total: 1 } },
      'GET /api/admin/models': { status: 200, body: [model('a')] },
      'GET /api/admin/models/sync-status': { status: 200, body: { running: false, lastResult: null, lastSuccessAt: '2026-11-23T10:00:00Z', intervalMinutes: 60 } },
    });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminModelsStore();
    const result = await store.sync();
    expect(result.ok).toBe(true);
    expect(store.syncing).toBe(false);
    expect(store.items).toHaveLength(1);
    expect(store.status?.lastSuccessAt).toBe('2026-11-23T10:00:00Z');
    expect(fake.requests.find((r) => r.method === 'POST')?.headers['x-csrf-token']).toBe('csrf-1');
  });
});
