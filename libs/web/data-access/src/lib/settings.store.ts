import type { Locale, ModelDto, Theme, UserSettings } from '@kipux/contracts';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from './api';
import {
  browserLocale,
  readLocalLocale,
  readLocalTheme,
  writeLocalLocale,
  writeLocalTheme,
} from './local-preferences';

/**
 * The user's settings. Locale and theme always have a value: the server's once logged in,
 * else what this browser last chose (or its language / the system theme).
 */
export const useSettingsStore = defineStore('settings', () => {
  /** Server copy; null while logged out. */
  const server = ref<UserSettings | null>(null);
  const locale = ref<Locale>(readLocalLocale() ?? browserLocale());
  const theme = ref<Theme>(readLocalTheme() ?? 'system');
  /** Chat models from the catalog; null when the catalog is not available. */
  const models = ref<ModelDto[] | null>(null);

  const settings = computed<UserSettings>(() => ({ ...server.value, locale: locale.value, theme: theme.value }));

  function applyLocal(next: UserSettings): void {
    if (next.locale) {
      locale.value = next.locale;
      writeLocalLocale(next.locale);
    }
    if (next.theme) {
      theme.value = next.theme;
      writeLocalTheme(next.theme);
    }
  }

  /**
   * Takes the settings of a freshly loaded session. What the account lacks (a new account has
   * no locale yet) is filled from this browser's choice so the language picked while
   * registering sticks.
   */
  async function adopt(userSettings: UserSettings): Promise<void> {
    server.value = { ...userSettings };
    applyLocal(userSettings);
    const missing: Partial<UserSettings> = {};
    if (!userSettings.locale) missing.locale = locale.value;
    if (!userSettings.theme) missing.theme = theme.value;
    if (Object.keys(missing).length === 0) return;
    try {
      server.value = await api.settings.update(missing);
    } catch {
      // Best effort: the local choice still applies in this browser.
    }
  }

  function reset(): void {
    server.value = null;
    models.value = null;
  }

  async function load(): Promise<UserSettings> {
    const loaded = await api.settings.get();
    server.value = loaded;
    applyLocal(loaded);
    return settings.value;
  }

  async function update(patch: Partial<UserSettings>): Promise<UserSettings> {
    if (server.value) {
      server.value = await api.settings.update(patch);
      applyLocal(server.value);
    } else {
      applyLocal(patch);
    }
    return settings.value;
  }

  /** Switches at once, then saves; a failed save keeps the switch in this browser. */
  async function setLocale(next: Locale): Promise<void> {
    applyLocal({ locale: next });
    if (server.value) await update({ locale: next });
  }

  async function setTheme(next: Theme): Promise<void> {
    applyLocal({ theme: next });
    if (server.value) await update({ theme: next });
  }

  async function loadModels(): Promise<ModelDto[] | null> {
    try {
      models.value = await api.settings.listModels();
    } catch {
      models.value = null; // the catalog arrives with a later feature; settings fall back to free text
    }
    return models.value;
  }

  return { locale, theme, settings, models, adopt, reset, load, update, setLocale, setTheme, loadModels };
});
