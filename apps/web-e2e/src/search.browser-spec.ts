import type { Page } from 'playwright-core';
import { MOBILE, newContext, screenshot } from './support/browser';
import { chat } from './support/chat-flows';
import { startChatSession, type ChatSession } from './support/chat-session';
import { login, type Account } from './support/flows';

jest.setTimeout(90_000);

const user: Account = { name: 'Sara Search', email: 'sara@example.com', password: 'search-tester-1' };

async function searchFor(page: Page, q: string) {
  await page.keyboard.press('Control+k');
  const input = page.locator('[data-testid="search-input"]');
  await input.waitFor();
  await input.fill(q);
  return input;
}

describe('search box in Chromium', () => {
  let session: ChatSession;
  let page: Page;

  beforeAll(async () => {
    session = await startChatSession(user, (fakes) => ({
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIMENSIONS: '256',
      // fetch_url may read the fake's pages on loopback.
      SSRF_ALLOW_HOSTS: `127.0.0.1:${fakes.port}`,
    }));
    ({ page } = session);
  }, 120_000);

  afterAll(() => session?.close());
  afterEach(() => {
    expect(session.pageErrors).toEqual([]);
  });

  it('finds a message of another chat with Ctrl+K and lands on it, highlighted', async () => {
    const target = await chat(page, 'The lighthouse keeper feeds seventeen <b>pelicans</b> every morning.');
    await chat(page, 'Una receta de gazpacho andaluz, por favor.');

    const input = await searchFor(page, 'pelicans lighthouse');
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
  });

  it('finds a web page a chat read and lands on the step that read it', async () => {
    const url = `${session.fakes.url}/pages/kipux-overview`;
    const target = await chat(page, `Summarize ${url}`, { model: 'fake/tools', webSearch: true, answered: 'fetch_url returned' });

    // Words of the page only (not of the question): the hit is the page, shown as such.
    const input = await searchFor(page, 'curated catalog juggling keys');
    const hit = page.locator('[data-testid="search-result"]').filter({ has: page.locator('[data-testid="search-result-page"]') }).first();
    await hit.waitFor();
    expect(await hit.locator('[data-testid="search-result-page"]').innerText()).toContain('Kipux AI overview');
    expect(await hit.innerText()).toContain('Web page read');
    expect(await hit.locator('mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'search-box-page');

    await hit.hover();
    await input.press('Enter');
    await page.waitForURL((location) => location.pathname === `/c/${target}` && location.searchParams.has('m'));
    const landed = page.locator(`[data-message-id="${new URL(page.url()).searchParams.get('m')}"][data-found]`);
    await landed.waitFor({ timeout: 5000 });
    expect(await landed.locator('[data-testid="tool-call"]').allInnerTexts()).toEqual([expect.stringContaining('fetch_url')]);
  });

  it('fits a phone in the dark theme: the dialog stays inside the screen', async () => {
    const phone = await (await newContext(session.browser, { baseUrl: session.app.baseUrl, viewport: MOBILE, colorScheme: 'dark' })).newPage();
    await phone.goto('/login');
    await login(phone, user);
    await phone.locator('[data-testid="user-menu"]').waitFor();
    await phone.locator('[data-testid="open-search"]').click();
    await phone.locator('[data-testid="search-input"]').fill('curated catalog');
    await phone.locator('[data-testid="search-result"]').first().waitFor();
    const box = (await phone.locator('[data-testid="search-dialog"] [role="dialog"]').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(MOBILE.width);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await screenshot(phone, 'search-box-phone-dark');
    await phone.context().close();
  });
});
