import type { LoginRequest, RegisterRequest, SessionDto, UserDto } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from './api';
import { apiClient } from './api-client';
import { isApiError } from './api-error';
import { useSettingsStore } from './settings.store';

/** Who is logged in, and the CSRF token their mutations must carry. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<UserDto | null>(null);
  const csrfToken = ref<string | null>(null);
  const loaded = ref(false);
  let loading: Promise<void> | null = null;

  const isAuthenticated = computed(() => user.value !== null);
  const isAdmin = computed(() => user.value?.role === 'admin');

  async function apply(session: SessionDto | null): Promise<void> {
    const settings = useSettingsStore();
    user.value = session?.user ?? null;
    csrfToken.value = session?.csrfToken ?? null;
    apiClient.setCsrfToken(csrfToken.value);
    loaded.value = true;
    if (session) await settings.adopt(session.user.settings);
    else settings.reset();
  }

  // A 401 on any call means the cookie is gone: forget the user so guards send them to login.
  apiClient.onUnauthorized(() => {
    if (user.value) void apply(null);
  });

  async function fetchMe(): Promise<void> {
    try {
      await apply(await api.auth.me());
    } catch (error) {
      if (!isApiError(error)) throw error;
      // 401 is the normal logged-out answer; other failures also leave us logged out, and the
      // login form then shows the real error when the user tries again.
      await apply(null);
    }
  }

  /** Resolves once the session is known; concurrent callers share one request. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value) return Promise.resolve();
    loading ??= fetchMe().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function login(request: LoginRequest): Promise<UserDto> {
    await apply(await api.auth.login(request));
    return user.value as UserDto;
  }

  async function register(request: RegisterRequest): Promise<UserDto> {
    await apply(await api.auth.register(request));
    return user.value as UserDto;
  }

  async function logout(): Promise<void> {
    try {
      await api.auth.logout();
    } finally {
      await apply(null);
    }
  }

  return { user, csrfToken, loaded, isAuthenticated, isAdmin, ensureLoaded, fetchMe, login, register, logout };
});
