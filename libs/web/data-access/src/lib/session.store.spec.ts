import type { SessionDto, UserDto, UserSettings } from '@kipux/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch, type RecordedRequest } from '../testing/fake-fetch';
import { apiClient } from './api-client';
import { ApiError } from './api-error';
import { useSessionStore } from './session.store';
import { useSettingsStore } from './settings.store';

function user(overrides: Partial<UserDto> = {}): UserDto {
  return {
    id: 'u1',
    email: 'ana@example.com',
    name: 'Ana',
    phone: '+34600111222',
    role: 'admin',
    disabled: false,
    settings: { locale: 'es', theme: 'dark' },
    createdAt: '2026-11-23T09:00:00.000Z',
    ...overrides,
  };
}

const session = (u: UserDto = user()): SessionDto => ({ user: u, csrfToken: 'csrf-1' });
const unauthenticated = { status: 401, body: { statusCode: 401, code: 'unauthenticated', message: 'Log in' } };

describe('useSessionStore', () => {
  beforeEach(() => {
    localStorage.clear();
    apiClient.setCsrfToken(null);
    setActivePinia(createPinia());
  });

  it('ensureLoaded asks /api/auth/me once, even when called concurrently', async () => {
    const fake = createFakeFetch({ 'GET /api/auth/me': { status: 200, body: session() } });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useSessionStore();

    await Promise.all([store.ensureLoaded(), store.ensureLoaded()]);
    await store.ensureLoaded();

    expect(fake.requests).toHaveLength(1);
    expect(store.user?.name).toBe('Ana');
    expect(store.isAdmin).toBe(true);
    expect(store.csrfToken).toBe('csrf-1');
  });

  it('treats 401 from me as logged out', async () => {
    vi.stubGlobal('fetch', createFakeFetch({ 'GET /api/auth/me': unauthenticated }).fetch);
    const store = useSessionStore();

    await store.ensureLoaded();

    expect(store.loaded).toBe(true);
    expect(store.isAuthenticated).toBe(false);
  });

  it('login stores the user, sends the CSRF token on later mutations and adopts the settings', async () => {
    const fake = createFakeFetch({
      'POST /api/auth/login': { status: 200, body: session() },
      'POST /api/auth/logout': { status: 204 },
    });
    vi.stubGlobal('fetch', fake.fetch);
    const store = useSessionStore();

    await store.login({ email: 'ana@example.com', password: 'secret-pass' });

    expect(fake.requests[0].headers['x-csrf-token']).toBeUndefined();
    expect(store.user?.email).toBe('ana@example.com');
    expect(useSettingsStore().locale).toBe('es');
    expect(useSettingsStore().theme).toBe('dark');
    expect(localStorage.getItem('kipux.theme')).toBe('dark');

    await store.logout();

    expect(fake.requests[1]).toMatchObject({ method: 'POST', url: '/api/auth/logout' });
    expect(fake.requests[1].headers['x-csrf-token']).toBe('csrf-1');
    expect(store.user).toBeNull();
    expect(store.csrfToken).toBeNull();
  });

  it('register saves the language chosen before the account existed', async () => {
    localStorage.setItem('kipux.locale', 'en');
    const patches: RecordedRequest[] = [];
    const fresh = user({ role: 'user', settings: {} });
    vi.stubGlobal(
      'fetch',
      createFakeFetch({
        'POST /api/auth/register': { status: 201, body: session(fresh) },
        'PATCH /api/me/settings': (request) => {
          patches.push(request);
          return { status: 200, body: request.body as UserSettings };
        },
      }).fetch,
    );
    const store = useSessionStore();

    await store.register({ name: 'Ana', email: 'ana@example.com', password: 'secret-pass', phone: '+34600111222' });

    expect(store.isAdmin).toBe(false);
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toEqual({ locale: 'en', theme: 'system' });
    expect(patches[0].headers['x-csrf-token']).toBe('csrf-1');
    expect(useSettingsStore().settings).toMatchObject({ locale: 'en', theme: 'system' });
  });

  it('propagates login failures as ApiError and stays logged out', async () => {
    vi.stubGlobal(
      'fetch',
      createFakeFetch({
        'POST /api/auth/login': {
          status: 401,
          body: { statusCode: 401, code: 'invalid_credentials', message: 'Wrong email or password' },
        },
      }).fetch,
    );
    const store = useSessionStore();

    const error = await store.login({ email: 'ana@example.com', password: 'nope' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('invalid_credentials');
    expect(store.isAuthenticated).toBe(false);
  });

  it('forgets the user when any call answers 401 (session expired)', async () => {
    vi.stubGlobal(
      'fetch',
      createFakeFetch({
        'GET /api/auth/me': { status: 200, body: session() },
        'GET /api/me/settings': unauthenticated,
      }).fetch,
    );
    const store = useSessionStore();
    await store.ensureLoaded();

    await expect(useSettingsStore().load()).rejects.toBeInstanceOf(ApiError);

    expect(store.isAuthenticated).toBe(false);
  });

  it('a logged-out theme switch stays local and sends nothing', async () => {
    const fake = createFakeFetch({});
    vi.stubGlobal('fetch', fake.fetch);

    await useSettingsStore().setTheme('dark');

    expect(fake.requests).toHaveLength(0);
    expect(localStorage.getItem('kipux.theme')).toBe('dark');
  });
});
