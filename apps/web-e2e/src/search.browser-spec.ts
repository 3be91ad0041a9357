import type { Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { startChatSession, type ChatSession } from './support/chat-session';
import type { Account } from './support/flows';

jest.setTimeout(90_000);

const user: Account = { name: 'Sara Search', email: 'sara@example.com', password: 'search-tester-1' };

/** Starts a chat with the echo model through the UI; resolves with its id once the answer is complete. */
async function chat(page: Page, text: string): Promise<string> {
  await page.goto('/');
  await page.locator('[data-testid="chat-empty"]').waitFor();
  await page.locator('[data-testid="model-picker"]').click();
  await page.locator('[data-testid="model-search"]').fill('fake/echo');
  await page.locator('[data-testid="model-search"]').press('Enter');
  await page.locator('[data-testid="composer-input"]').fill(text);
  await page.locator('[data-testid="composer-input"]').press('Enter');
  await page.waitForURL((url) => url.pathname.startsWith('/c/'));
  await page.locator('[data-testid="message"][data-role="assistant"] [data-testid="message-content"]').filter({ hasText: text }).waitFor();
  return new URL(page.url()).pathname.slice('/c/'.length);
}

describe('search box in Chromium', () => {
  let session: ChatSession;
  let page: Page;

  beforeAll(async () => {
    session = await startChatSession(user, () => ({ EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: '256' }));
    ({ page } = session);
  }, 120_000);

  afterAll(() => session?.close());

  it('finds a message of another chat with Ctrl+K and lands on it, highlighted', async () => {
    const target = await chat(page, 'The lighthouse keeper feeds seventeen <b>pelicans</b> every morning.');
    await chat(page, 'Una receta de gazpacho andaluz, por favor.');

    await page.keyboard.press('Control+k');
    const input = page.locator('[data-testid="search-input"]');
    await input.waitFor();
    await input.fill('pelicans lighthouse');
    const first = page.locator('[data-testid="search-result"]').first();
    await first.waitFor();
    // The matched words are marked; the message's own markup stays text.
    expect(await first.locator('mark').allInnerTexts()).toEqual(expect.arrayContaining(['lighthouse', 'pelicans']));
    expect(await first.locator('b').count()).toBe(0);
    expect(await first.innerText()).toContain('<b>');
    await screenshot(page, 'search-box');

    await input.press('Enter');
    await page.waitForURL((url) => url.pathname === `/c/${target}` && url.searchParams.has('m'));
    const messageId = new URL(page.url()).searchParams.get('m')!;
    const landed = page.locator(`[data-message-id="${messageId}"][data-found]`);
    await landed.waitFor({ timeout: 5000 });
    expect(await landed.isVisible()).toBe(true);
    expect(await page.locator('[data-testid="search-dialog"]').count()).toBe(0);

    await page.keyboard.press('Control+k');
    await input.fill('zzzqqq');
    await page.locator('[data-testid="search-empty"]').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="search-dialog"]').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
