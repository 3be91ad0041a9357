import type { Page } from 'playwright-core';
import { collectPageErrors, DESKTOP, MOBILE, newContext, screenshot } from './support/browser';
import { chat } from './support/chat-flows';
import { startChatSession, type ChatSession } from './support/chat-session';
import { login, register, type Account } from './support/flows';

jest.setTimeout(90_000);

const admin: Account = { name: 'Emma Embeddings', email: 'emma@example.com', password: 'embeddings-admin-1' };
const member: Account = { name: 'Mario Member', email: 'mario@example.com', password: 'embeddings-user-2' };

/** Opens the page from the sidebar, as an admin would. */
async function openEmbeddingsPage(page: Page): Promise<void> {
  await page.locator('[data-testid="nav-admin-embeddings"]').click();
  await page.waitForURL((url) => url.pathname === '/admin/embeddings');
}

/** Nothing on the page is wider than the viewport (phones must not scroll sideways). */
function overflowsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => [document.documentElement, ...Array.from(document.querySelectorAll('.kx-main, .kx-page'))].some((el) => el.scrollWidth > el.clientWidth));
}

describe('embeddings admin page in Chromium', () => {
  let session: ChatSession;
  let page: Page;

  beforeAll(async () => {
    session = await startChatSession(admin, () => ({ EMBEDDING_MODEL: 'text-embedding-3-small', EMBEDDING_DIMENSIONS: '256' }));
    ({ page } = session);
  }, 120_000);

  afterAll(() => session?.close());
  afterEach(() => {
    expect(session.pageErrors).toEqual([]);
  });

  it('shows the model and reaches 100% once a chat’s messages are embedded', async () => {
    await chat(page, 'Embeddings turn every message into a vector of numbers.');
    await openEmbeddingsPage(page);

    expect(await page.locator('[data-testid="embeddings-model-name"]').innerText()).toBe('text-embedding-3-small');
    expect(await page.locator('[data-testid="embeddings-dimensions"]').innerText()).toContain('256 dimensions');
    // The question and the echoed answer; the page polls until both have their vectors.
    await page.locator('[data-testid="embeddings-percent"]').filter({ hasText: '100%' }).waitFor();
    expect(await page.locator('[data-testid="embeddings-counts"]').innerText()).toMatch(/2 of 2 embedded\s+·\s+Everything is embedded/);
    expect(await page.locator('[data-kind="messages"] [data-testid="embeddings-kind-counts"]').innerText()).toBe('2 of 2 embedded');
    expect(await page.locator('[data-kind="pages"] [data-testid="embeddings-kind-counts"]').innerText()).toBe('0 of 0 embedded');
    expect(await page.locator('[data-testid="embeddings-progress"] [role="progressbar"]').first().getAttribute('aria-valuenow')).toBe('100');
    expect(await page.locator('[data-queue="failed"] dd').innerText()).toBe('0');
    await page.locator('[data-testid="embeddings-failed-empty"]').waitFor();
    // Idle: the page stopped refreshing itself.
    await page.locator('[data-testid="embeddings-auto-refresh"]').waitFor({ state: 'detached' });
    await screenshot(page, 'admin-embeddings-en');
  });

  it('sweeps on demand and tells that nothing was missing', async () => {
    await page.locator('[data-testid="embeddings-sweep"]').click();
    await page.locator('.swal2-toast').filter({ hasText: 'Nothing is missing' }).waitFor();
    await page.locator('[data-testid="embeddings-refresh"]').click();
    await page.locator('[data-testid="embeddings-refresh"]:not([disabled])').waitFor();
    expect(await page.locator('[data-testid="embeddings-percent"]').innerText()).toBe('100%');
  });

  it('fits a phone in dark mode', async () => {
    const phone = await (await newContext(session.browser, { baseUrl: session.app.baseUrl, viewport: MOBILE, colorScheme: 'dark' })).newPage();
    const errors = collectPageErrors(phone);
    await phone.goto('/login?redirect=/admin/embeddings');
    await login(phone, admin);
    await phone.waitForURL((url) => url.pathname === '/admin/embeddings');
    await phone.locator('[data-testid="embeddings-percent"]').filter({ hasText: '100%' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.getAttribute('data-bs-theme'))).toBe('dark');
    expect(await overflowsSideways(phone)).toBe(false);
    await screenshot(phone, 'admin-embeddings-phone-dark-en');
    expect(errors).toEqual([]);
  });

  it('is not there for a regular user: no link, the route sends them home and the API refuses', async () => {
    const userPage = await (await newContext(session.browser, { baseUrl: session.app.baseUrl, locale: 'en-US' })).newPage();
    const errors = collectPageErrors(userPage);
    await register(userPage, member);
    expect(await userPage.locator('[data-testid="nav-admin-models"]').count()).toBe(0);
    expect(await userPage.locator('[data-testid="nav-admin-embeddings"]').count()).toBe(0);

    await userPage.goto('/admin/embeddings');
    await userPage.waitForURL((url) => url.pathname === '/');
    expect(await userPage.evaluate(async () => (await fetch('/api/admin/embeddings/status')).status)).toBe(403);
    expect(errors).toEqual([]);
  });
});

describe('embeddings admin page without an embedding model', () => {
  let session: ChatSession;

  beforeAll(async () => {
    session = await startChatSession(admin);
  }, 120_000);

  afterAll(() => session?.close());

  it('says search is full-text only and offers no sweep', async () => {
    await openEmbeddingsPage(session.page);
    const state = session.page.locator('[data-testid="embeddings-full-text-only"]');
    await state.waitFor();
    expect(await state.innerText()).toContain('Search is full-text only: no embedding model configured');
    expect(await session.page.locator('[data-testid="embeddings-sweep"]').count()).toBe(0);
    expect(await session.page.locator('[data-testid="embeddings-progress"]').count()).toBe(0);
    await screenshot(session.page, 'admin-embeddings-full-text-only-en');
    expect(session.pageErrors).toEqual([]);
  });
});

describe('embeddings admin page when the embedding model fails', () => {
  let session: ChatSession;

  beforeAll(async () => {
    // fake-upstreams answers 503 to this model: every job fails its 5 attempts (about 8 s of backoff).
    session = await startChatSession(admin, () => ({ EMBEDDING_MODEL: 'fake/error-503', EMBEDDING_DIMENSIONS: '64' }));
  }, 120_000);

  afterAll(() => session?.close());

  it('lists the failed jobs with their reason and keeps the messages pending', async () => {
    const { page } = session;
    await chat(page, 'This message will not get a vector.');
    await openEmbeddingsPage(page);

    const row = page.locator('[data-testid="embeddings-failed-table"] tbody tr').first();
    await row.waitFor({ timeout: 60_000 });
    expect(await row.innerText()).toContain('embed-messages');
    expect(await row.locator('td').nth(1).innerText()).toBe('5');
    expect(await row.locator('[data-testid="failed-reason"]').innerText()).not.toBe('');
    await row.locator('summary').click();
    expect(await row.locator('pre').innerText()).toContain('"messageIds"');
    expect(await page.locator('[data-testid="embeddings-counts"]').innerText()).toContain('2 pending');
    expect(await page.locator('[data-testid="embeddings-percent"]').innerText()).toBe('0%');
    await screenshot(page, 'admin-embeddings-failed-en');
    // On a phone the jobs are stacked cards, and nothing scrolls sideways.
    await page.setViewportSize(MOBILE);
    await page.locator('[data-testid="embeddings-failed"] [data-job-card]').first().scrollIntoViewIfNeeded();
    expect(await overflowsSideways(page)).toBe(false);
    await screenshot(page, 'admin-embeddings-failed-phone-en');
    await page.setViewportSize(DESKTOP);

    // Once the queue is idle the sweep queues the two messages again; the workers' own minute sweep may have done
    // it first, and then the answer is that jobs are still running.
    await page.locator('[data-testid="embeddings-sweep"]').click();
    await page.locator('.swal2-toast').filter({ hasText: /Queued 2 items to embed|Nothing new was queued/ }).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
