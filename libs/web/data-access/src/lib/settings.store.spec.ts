import type { ModelDto, SessionDto } from '@kipux/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch } from '../testing/fake-fetch';
import { apiClient } from './api-client';
import { useSessionStore } from './session.store';
import { useSettingsStore } from './settings.store';

const session: SessionDto = {
  csrfToken: 'csrf-9',
  user: {
    id: 'u1',
    email: 'ana@example.com',
    name: 'Ana',
    phone: null,
    role: 'user',
    disabled: false,
    settings: { locale: 'es', theme: 'light', systemPrompt: 'Be brief.' },
    createdAt: '2026-11-23T09:00:00.000Z',
  },
};

describe('useSettingsStore', () => {
  beforeEach(() => {
    localStorage.clear();
    apiClient.setCsrfToken(null);
    setActivePinia(createPinia());
  });

  it('starts from the browser language and the system theme', () => {
    vi.stubGlobal('navigator', { ...navigator, languages: ['es-AR', 'en'] });
    const settings = useSettingsStore();
    expect(settings.locale).toBe('es');
    expect(settings.theme).toBe('system');
  });

  it('prefers what this browser chose before', () => {
    localStorage.setItem('kipux.locale', 'en');
    localStorage.setItem('kipux.theme', 'dark');
    const settings = useSettingsStore();
    expect(settings.locale).toBe('en');
    expect(settings.theme).toBe('dark');
  });

  it('saves a logged-in switch to the account, with the CSRF token', async () => {
    let stored = { ...session.user.settings };
    const fake = createFakeFetch({
      'POST /api/auth/login': { status: 200, body: session },
      'PATCH /api/me/settings': (request) => {
        stored = { ...stored, ...(request.body as object) };
        return { status: 200, body: stored };
      },
    });
    vi.stubGlobal('fetch', fake.fetch);
    await useSessionStore().login({ email: 'ana@example.com', password: 'secret-pass' });
    const settings = useSettingsStore();

    await settings.setTheme('dark');
    await settings.setLocale('en');

    const patches = fake.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.body)).toEqual([{ theme: 'dark' }, { locale: 'en' }]);
    expect(patches.every((r) => r.headers['x-csrf-token'] === 'csrf-9')).toBe(true);
    expect(settings.settings).toMatchObject({ locale: 'en', theme: 'dark', systemPrompt: 'Be brief.' });
    expect(localStorage.getItem('kipux.locale')).toBe('en');
  });

  it('keeps a switch in this browser when saving it fails', async () => {
    vi.stubGlobal(
      'fetch',
      createFakeFetch({
        'POST /api/auth/login': { status: 200, body: session },
        'PATCH /api/me/settings': { status: 403, body: { statusCode: 403, code: 'csrf_invalid', message: 'Bad token' } },
      }).fetch,
    );
    await useSessionStore().login({ email: 'ana@example.com', password: 'secret-pass' });
    const settings = useSettingsStore();

    await expect(settings.setTheme('dark')).rejects.toMatchObject({ code: 'csrf_invalid' });

    expect(settings.theme).toBe('dark');
    expect(localStorage.getItem('kipux.theme')).toBe('dark');
  });

  it('lists catalog models when /api/models answers, and null when it does not', async () => {
    const model = { id: 'm1', name: 'gpt-4o-mini', displayName: 'GPT-4o mini', mode: 'chat' } as ModelDto;
    vi.stubGlobal('fetch', createFakeFetch({ 'GET /api/models': { status: 200, body: [model] } }).fetch);
    await expect(useSettingsStore().loadModels()).resolves.toEqual([model]);

    vi.stubGlobal('fetch', createFakeFetch({}).fetch);
    await expect(useSettingsStore().loadModels()).resolves.toBeNull();
  });
});
