import type { ApiKeyDto } from '@kipux/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch } from '../testing/fake-fetch';
import { useApiKeysStore } from './api-keys.store';

const key = (id: string, overrides: Partial<ApiKeyDto> = {}): ApiKeyDto => ({
  id,
  name: id,
  prefix: `kpx_${id.padEnd(8, 'x')}`,
  createdAt: '2026-11-23T09:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  requests: 0,
  totalTokens: 0,
  costUsd: 0,
  ...overrides,
});

describe('useApiKeysStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('lists keys, adds a created one first without keeping its secret, and marks revoked ones', async () => {
    const fake = createFakeFetch({
      'GET /api/api-keys': { status: 200, body: [key('old')] },
      'POST /api/api-keys': { status: 201, body: { ...key('new'), secret: 'kpx_secret' } },
      'DELETE /api/api-keys/old': { status: 200, body: key('old', { revokedAt: '2026-11-23T10:00:00.000Z' }) },
    });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useApiKeysStore();

    await store.load();
    const created = await store.create('new');
    await store.revoke('old');

    expect(created.secret).toBe('kpx_secret');
    expect(store.keys.map((k) => k.id)).toEqual(['new', 'old']);
    expect(JSON.stringify(store.keys)).not.toContain('kpx_secret');
    expect(store.active.map((k) => k.id)).toEqual(['new']);
    expect(store.revoked.map((k) => k.id)).toEqual(['old']);
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toEqual({ name: 'new' });
  });
});
