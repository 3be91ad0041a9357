import type { Page } from 'playwright-core';

export interface ChatOptions {
  /** A fake-upstreams scenario model, picked through the picker's free-text fallback (default `fake/echo`: it repeats the message). */
  model?: string;
  /** Switches the composer's web search on first. */
  webSearch?: boolean;
}

/** Picks a model in the composer's picker by typing its name (scenario models need not be in the catalog). */
export async function chooseModel(page: Page, name: string): Promise<void> {
  await page.locator('[data-testid="model-picker"]').click();
  await page.locator('[data-testid="model-search"]').fill(name);
  await page.locator('[data-testid="model-search"]').press('Enter');
  await page.locator('[data-testid="model-current"]').filter({ hasText: name }).waitFor();
}

/** Starts a new chat through the UI; resolves with its id as soon as the address names it (the answer may still stream). */
export async function startChat(page: Page, text: string, options: ChatOptions = {}): Promise<string> {
  await page.goto('/');
  await page.locator('[data-testid="chat-empty"]').waitFor();
  await chooseModel(page, options.model ?? 'fake/echo');
  if (options.webSearch) await page.locator('[data-testid="web-search-toggle"]').click();
  await page.locator('[data-testid="composer-input"]').fill(text);
  await page.locator('[data-testid="composer-input"]').press('Enter');
  await page.waitForURL((url) => url.pathname.startsWith('/c/'));
  return new URL(page.url()).pathname.slice('/c/'.length);
}

/** Starts a new chat and waits until an answer containing `answered` (default: the text, as the echo model answers) is shown. */
export async function chat(page: Page, text: string, options: ChatOptions & { answered?: string } = {}): Promise<string> {
  const id = await startChat(page, text, options);
  await page.locator('[data-testid="message"][data-role="assistant"] [data-testid="message-content"]').filter({ hasText: options.answered ?? text }).waitFor();
  return id;
}
