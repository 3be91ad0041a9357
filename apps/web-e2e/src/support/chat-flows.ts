import type { Page } from 'playwright-core';

/** Starts a new chat through the UI with fake-upstreams' `fake/echo` (it repeats the message); resolves once the answer is shown. */
export async function chatWithEcho(page: Page, text: string): Promise<void> {
  await page.goto('/');
  await page.locator('[data-testid="chat-empty"]').waitFor();
  await page.locator('[data-testid="model-picker"]').click();
  await page.locator('[data-testid="model-search"]').fill('fake/echo');
  await page.locator('[data-testid="model-search"]').press('Enter');
  await page.locator('[data-testid="composer-input"]').fill(text);
  await page.locator('[data-testid="composer-input"]').press('Enter');
  await page.waitForURL((url) => url.pathname.startsWith('/c/'));
  await page.locator('[data-testid="message"][data-role="assistant"] [data-testid="message-content"]').filter({ hasText: text }).waitFor();
}
