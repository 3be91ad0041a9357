import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import type { Browser, Page } from 'playwright-core';
import { startApp, type RunningApp } from './support/app-server';
import { collectPageErrors, launchBrowser, newContext, screenshot } from './support/browser';
import { register, type Account } from './support/flows';

jest.setTimeout(60_000);

const PROXY_KEY = 'sk-browser-test-proxy-key';
const admin: Account = { name: 'Carla Admin', email: 'carla@example.com', password: 'catalog-admin-1' };
const member: Account = { name: 'Diego User', email: 'diego@example.com', password: 'catalog-user-2' };

function rowNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="models-table"] tbody tr[data-model]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-model') ?? ''));
}

describe('model catalog in Chromium against the built app', () => {
  let fakes: FakeUpstreams;
  let app: RunningApp;
  let browser: Browser;
  let adminPage: Page;
  let adminErrors: string[];

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: PROXY_KEY });
    app = await startApp({ env: { LITELLM_BASE_URL: fakes.url, LITELLM_API_KEY: PROXY_KEY, MODEL_SYNC_INTERVAL_MINUTES: '0' } });
    browser = await launchBrowser();
    adminPage = await (await newContext(browser, { baseUrl: app.baseUrl, locale: 'en-US' })).newPage();
    adminErrors = collectPageErrors(adminPage);
    await register(adminPage, admin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await fakes?.close();
  });

  it('lists the synced catalog for the admin, with prices per 1M tokens and a sync button', async () => {
    await adminPage.locator('[data-testid="nav-admin-models"]').click();
    await adminPage.waitForURL((url) => url.pathname === '/admin/models');
    await adminPage.locator('[data-testid="sync-models"]').click();
    await adminPage.locator('.swal2-toast').filter({ hasText: 'Synced 11 models' }).waitFor();
    await adminPage.locator('tr[data-model="gpt-image-1"]').waitFor();
    expect(await rowNames(adminPage)).toHaveLength(11);
    expect(await adminPage.locator('[data-testid="last-sync"]').innerText()).not.toContain('Never');
    const pro = adminPage.locator('tr[data-model="gemini/gemini-2.5-pro"]');
    expect(await pro.locator('[data-testid="price-in"]').innerText()).toMatch(/\$1\.25\s+>200K: \$2\.50/);
    expect(await pro.locator('[data-capability]').evaluateAll((badges) => badges.map((b) => b.getAttribute('data-capability')))).toEqual([
      'vision',
      'functionCalling',
      'reasoning',
      'webSearch',
      'pdfInput',
      'audioInput',
    ]);
    await screenshot(adminPage, 'admin-models-en');
  });

  it('filters to vision models and sorts them by input price', async () => {
    await adminPage.locator('[data-testid="filter-capability"]').selectOption('vision');
    await adminPage.waitForFunction(() => document.querySelectorAll('[data-testid="models-table"] tbody tr[data-model]').length === 4);
    expect((await rowNames(adminPage)).sort()).toEqual(['gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro', 'gpt-4o', 'gpt-4o-mini']);
    await adminPage.locator('[data-testid="sort-price-in"]').click();
    await adminPage.waitForFunction(() => document.querySelector('[data-testid="models-table"] tbody tr[data-model]')?.getAttribute('data-model') === 'gpt-4o-mini');
    expect(await rowNames(adminPage)).toEqual(['gpt-4o-mini', 'gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro', 'gpt-4o']);
    await screenshot(adminPage, 'admin-models-vision-en');
  });

  it('opens gemini-2.5-pro’s details with every field', async () => {
    await adminPage.locator('tr[data-model="gemini/gemini-2.5-pro"] [data-testid="model-details"]').click();
    const detail = adminPage.locator('[data-testid="model-detail"]');
    await detail.locator('#model-detail-title').waitFor();
    await adminPage.waitForFunction(() => document.querySelector('[data-testid="model-detail"]')?.classList.contains('show'));
    const text = await detail.innerText();
    expect(text).toContain('gemini/gemini-2.5-pro');
    expect(text).toContain('1,048,576');
    expect(text).toContain('50d5a246-0565-4cd5-8444-b120f154c791');
    expect(text).toContain('google');
    expect(await detail.locator('[data-price="inputPerTokenAbove200k"]').innerText()).toMatch(/Input above 200K\s+\$2\.50/);
    expect(await detail.locator('[data-price="outputPerTokenAbove200k"]').innerText()).toMatch(/\$15\.00/);
    expect(text).toContain('reasoning_effort');
    await screenshot(adminPage, 'admin-model-detail-en');
    await detail.locator('.btn-close').click();
    await adminPage.waitForFunction(() => !document.querySelector('[data-testid="model-detail"]')?.classList.contains('show'));
  });

  it('disables gpt-4o, and a user no longer sees it', async () => {
    const row = adminPage.locator('tr[data-model="gpt-4o"]');
    await row.locator('[data-testid="enabled-switch"]').click();
    await adminPage.locator('.swal2-toast').filter({ hasText: 'gpt-4o is disabled' }).waitFor();
    expect(await row.locator('[data-testid="enabled-switch"]').isChecked()).toBe(false);
    await screenshot(adminPage, 'admin-models-disabled-en');

    const userPage = await (await newContext(browser, { baseUrl: app.baseUrl, locale: 'en-US' })).newPage();
    const userErrors = collectPageErrors(userPage);
    await register(userPage, member);
    expect(await userPage.locator('[data-testid="nav-admin-models"]').count()).toBe(0);
    const models = await userPage.evaluate(async () => (await (await fetch('/api/models')).json()) as Array<{ name: string }>);
    expect(models.map((m) => m.name)).not.toContain('gpt-4o');
    expect(models.map((m) => m.name)).toContain('gpt-4o-mini');

    await userPage.goto('/settings');
    const picker = userPage.locator('select#settings-default-model');
    await picker.locator('option[value="gpt-4o-mini"]').waitFor({ state: 'attached' });
    const options = await picker.locator('option').evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value));
    expect(options).not.toContain('gpt-4o');
    expect(options).not.toContain('gpt-image-1');
    await screenshot(userPage, 'settings-models-user-en');

    // The chat's model picker offers the same list.
    await userPage.goto('/');
    await userPage.locator('[data-testid="model-picker"]').click();
    const items = userPage.locator('.kx-model-picker__list .dropdown-item');
    await items.first().waitFor();
    const pickable = await items.evaluateAll((buttons) => buttons.map((b) => (b.querySelector('.small')?.textContent ?? '').split(' · ').pop()?.trim()));
    expect(pickable).toContain('gpt-4o-mini');
    expect(pickable).not.toContain('gpt-4o');
    expect(pickable).not.toContain('gpt-image-1');
    await screenshot(userPage, 'chat-model-picker-user-en');
    await userPage.keyboard.press('Escape');

    // Admin pages are not theirs: the route sends them home and the API refuses.
    await userPage.goto('/admin/models');
    await userPage.waitForURL((url) => url.pathname === '/');
    expect(await userPage.evaluate(async () => (await fetch('/api/admin/models')).status)).toBe(403);
    expect(userErrors).toEqual([]);
  });

  it('charts the tokens and cost of a chat answer on the usage page', async () => {
    // One answer through the chat API (the fake proxy echoes and reports usage), priced by the catalog.
    const answer = await adminPage.evaluate(async () => {
      const { csrfToken } = await (await fetch('/api/auth/me')).json();
      const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken };
      const conversation = await (await fetch('/api/conversations', { method: 'POST', headers, body: '{}' })).json();
      const sent = await (
        await fetch(`/api/conversations/${conversation.id}/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ content: 'count the cost of these words', model: 'gpt-4o-mini' }),
        })
      ).json();
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const { messages } = await (await fetch(`/api/conversations/${conversation.id}/messages`)).json();
        const assistant = messages.find((m: { id: string }) => m.id === sent.assistantMessage.id);
        if (assistant && !['pending', 'streaming'].includes(assistant.status)) return assistant as { status: string; costUsd: number | null };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the answer never finished');
    });
    expect(answer.status).toBe('complete');
    expect(answer.costUsd).toBeGreaterThan(0);

    await adminPage.locator('[data-testid="nav-usage"]').click();
    await adminPage.waitForURL((url) => url.pathname === '/usage');
    await adminPage.locator('[data-testid="usage-chart"]').waitFor();
    const row = adminPage.locator('[data-testid="usage-table"] tbody tr').filter({ hasText: 'gpt-4o-mini' });
    await row.waitFor();
    expect(await adminPage.locator('[data-testid="usage-total-cost"]').innerText()).not.toBe('$0.00');
    await adminPage.locator('[data-testid="usage-all"]').click();
    await adminPage.locator('[data-testid="usage-table"] tbody tr').filter({ hasText: admin.email }).waitFor();
    await screenshot(adminPage, 'usage-en');
    expect(adminErrors).toEqual([]);
  });
});
