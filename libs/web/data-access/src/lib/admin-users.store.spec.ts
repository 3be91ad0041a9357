import type { Page, UserDto } from '@kipux/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch } from '../testing/fake-fetch';
import { ADMIN_USERS_PAGE_SIZE, useAdminUsersStore } from './admin-users.store';

const user = (id: string, overrides: Partial<UserDto> = {}): UserDto => ({
  id,
  email: `${id}@example.com`,
  name: id,
  phone: null,
  role: 'user',
  disabled: false,
  settings: {},
  createdAt: '2026-11-23T09:00:00.000Z',
  ...overrides,
});

function page(items: UserDto[], total: number, offset = 0): Page<UserDto> {
  return { items, total, limit: ADMIN_USERS_PAGE_SIZE, offset };
}

describe('useAdminUsersStore', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('pages with limit/offset and a search that starts over from the first page', async () => {
    const fake = createFakeFetch({ 'GET /api/admin/users': { status: 200, body: page([user('a')], 45) } });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminUsersStore();

    await store.load();
    await store.goTo(20);
    await store.search('  ana ');

    expect(fake.requests.map((r) => r.url)).toEqual([
      '/api/admin/users?limit=20&offset=0',
      '/api/admin/users?limit=20&offset=20',
      '/api/admin/users?limit=20&offset=0&q=ana',
    ]);
    expect(store.total).toBe(45);
    expect(store.offset).toBe(0);
  });

  it('keeps only the newest answer when searches overlap', async () => {
    const answers = new Map<string, () => void>();
    vi.stubGlobal('fetch', (input: string) => {
      const q = new URL(input, 'http://x').searchParams.get('q') ?? '';
      return new Promise<Response>((resolve) => {
        answers.set(q, () => resolve(new Response(JSON.stringify(page([user(q)], 1)), { status: 200 })));
      });
    });
    const store = useAdminUsersStore();

    const slow = store.search('an');
    const fast = store.search('ana');
    answers.get('ana')?.();
    await fast;
    answers.get('an')?.();
    await slow;

    expect(store.items.map((u) => u.id)).toEqual(['ana']);
    expect(store.loading).toBe(false);
  });

  it('PATCHes the change and replaces the user in place', async () => {
    const fake = createFakeFetch({
      'GET /api/admin/users': { status: 200, body: page([user('a'), user('b')], 2) },
      'PATCH /api/admin/users/b': (request) => ({ status: 200, body: user('b', request.body as Partial<UserDto>) }),
    });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useAdminUsersStore();
    await store.load();

    await store.update('b', { role: 'admin' });

    expect(fake.requests[1]).toMatchObject({ method: 'PATCH', body: { role: 'admin' } });
    expect(store.items.map((u) => [u.id, u.role])).toEqual([
      ['a', 'user'],
      ['b', 'admin'],
    ]);
  });

  it('surfaces cannot_modify_self as an ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      createFakeFetch({
        'PATCH /api/admin/users/me': {
          status: 400,
          body: { statusCode: 400, code: 'cannot_modify_self', message: 'You cannot demote or disable yourself' },
        },
      }).fetch,
    );

    await expect(useAdminUsersStore().update('me', { disabled: true })).rejects.toMatchObject({ code: 'cannot_modify_self' });
  });
});
