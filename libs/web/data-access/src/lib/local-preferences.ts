import type { Locale, Theme } from '@kipux/contracts';

/** Preferences kept in the browser so the UI speaks the right language and theme before login. */
const LOCALE_KEY = 'kipux.locale';
const THEME_KEY = 'kipux.theme';

export const LOCALES: readonly Locale[] = ['es', 'en'];
export const THEMES: readonly Theme[] = ['light', 'dark', 'system'];

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled (privacy mode): fall back to defaults
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not persisting is acceptable; the server copy still holds it after login.
  }
}

export function isLocale(value: unknown): value is Locale {
  return LOCALES.includes(value as Locale);
}

export function isTheme(value: unknown): value is Theme {
  return THEMES.includes(value as Theme);
}

/** First of the browser's languages that we speak; English otherwise. */
export function browserLocale(languages: readonly string[] = navigator.languages ?? [navigator.language]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function readLocalLocale(): Locale | null {
  const value = read(LOCALE_KEY);
  return isLocale(value) ? value : null;
}

export function readLocalTheme(): Theme | null {
  const value = read(THEME_KEY);
  return isTheme(value) ? value : null;
}

export function writeLocalLocale(locale: Locale): void {
  write(LOCALE_KEY, locale);
}

export function writeLocalTheme(theme: Theme): void {
  write(THEME_KEY, theme);
}
