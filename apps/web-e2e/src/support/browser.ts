import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT } from './app-server';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts/screenshots');

export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 390, height: 844 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface ContextOptions {
  baseUrl: string;
  /** The browser's language; the SPA starts in it before login. */
  locale?: string;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

export function newContext(browser: Browser, options: ContextOptions): Promise<BrowserContext> {
  const mobile = options.viewport === MOBILE;
  return browser.newContext({
    baseURL: options.baseUrl,
    locale: options.locale ?? 'es-ES',
    viewport: options.viewport ?? DESKTOP,
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: mobile ? 2 : 1,
    isMobile: mobile,
    hasTouch: mobile,
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Let transitions (offcanvas, SweetAlert2, toasts) settle so the picture shows the final state.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/**
 * Collects what the page reports as errors (uncaught exceptions, Vue/i18n warnings logged as
 * errors, CSP violations). HTTP error statuses the app handles (401 before login, 4xx the test
 * provokes) are logged by Chromium as "Failed to load resource" and are left out.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (message.text().startsWith('Failed to load resource')) return;
    errors.push(`${message.type()}: ${message.text()}`);
  });
  return errors;
}
