import type { Theme } from '@kipux/contracts';

export type ResolvedTheme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

function systemTheme(): ResolvedTheme {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

export function resolveTheme(theme: Theme): ResolvedTheme {
  return theme === 'system' ? systemTheme() : theme;
}

/** The theme Bootstrap currently paints (the `data-bs-theme` on <html>). */
export function currentTheme(): ResolvedTheme {
  return document.documentElement.getAttribute('data-bs-theme') === 'dark' ? 'dark' : 'light';
}

let stopFollowingSystem: (() => void) | null = null;

/**
 * Paints the theme through Bootstrap's `data-bs-theme` on <html>; for 'system' it keeps following
 * the operating system while the page is open.
 */
export function applyTheme(theme: Theme): ResolvedTheme {
  stopFollowingSystem?.();
  stopFollowingSystem = null;
  const root = document.documentElement;
  const paint = () => root.setAttribute('data-bs-theme', resolveTheme(theme));
  paint();
  if (theme === 'system' && typeof matchMedia === 'function') {
    const query = matchMedia(DARK_QUERY);
    query.addEventListener('change', paint);
    stopFollowingSystem = () => query.removeEventListener('change', paint);
  }
  return resolveTheme(theme);
}
