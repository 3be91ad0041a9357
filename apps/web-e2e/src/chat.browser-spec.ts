import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from './support/app-server';
import { collectPageErrors, MOBILE, newContext, screenshot } from './support/browser';
import { startChat } from './support/chat-flows';
import { startChatSession, type ChatSession } from './support/chat-session';
import { login, type Account } from './support/flows';

jest.setTimeout(90_000);

const user: Account = { name: 'Elena Chat', email: 'elena@example.com', password: 'chat-tester-1' };

const assistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last();
const userMessages = (page: Page) => page.locator('[data-testid="message"][data-role="user"]');

function contentOf(page: Page): Promise<string> {
  return assistant(page).locator('[data-testid="message-content"]').innerText();
}

describe('chat in Chromium against the built app and fake upstreams', () => {
  let session: ChatSession;
  let app: RunningApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    session = await startChatSession(user);
    ({ app, browser, page } = session);
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 120_000);

  afterAll(() => session?.close());

  afterEach(() => {
    expect(session.pageErrors).toEqual([]);
  });

  it('shows a new chat with example prompts and an empty conversation list', async () => {
    await page.locator('[data-testid="chat-empty"]').waitFor();
    expect(await page.locator('[data-testid="example-prompt"]').count()).toBe(4);
    expect(await page.locator('[data-testid="conversations-empty"]').innerText()).toContain('No conversations yet');
    await screenshot(page, 'chat-new-en-light');
  });

  it('streams the reasoning first, then the answer, and ends with its footer', async () => {
    const question = 'Tell me about the sea and the sky in one long sentence please';
    await startChat(page, question, { model: 'fake/reasoning?tps=12' });

    // While the model thinks, the reasoning block is open and no answer text exists yet.
    await assistant(page).locator('[data-testid="reasoning-label"]').filter({ hasText: 'Thinking' }).waitFor();
    expect(await assistant(page).locator('[data-testid="message-content"]').count()).toBe(0);
    await assistant(page).locator('[data-testid="reasoning-body"]').filter({ hasText: 'The user wrote' }).waitFor();
    await page.locator('[data-testid="stop"]').waitFor();
    await screenshot(page, 'chat-thinking-en-light');

    await assistant(page).locator('[data-testid="message-content"]').waitFor();
    expect(await assistant(page).getAttribute('data-status')).toBe('streaming');
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').waitFor();

    expect(await contentOf(page)).toBe(question);
    expect(await assistant(page).locator('[data-testid="reasoning-label"]').innerText()).toMatch(/^Thought for [\d.]+ s$/);
    const footer = await assistant(page).locator('[data-testid="message-footer"]').innerText();
    expect(footer).toContain('fake/reasoning?tps=12');
    expect(footer).toMatch(/\d+ in · \d+ out/);
    await page.locator('[data-testid="send"]').waitFor();
    expect(await page.locator('[data-testid="conversation-item"]').count()).toBe(1);
    await screenshot(page, 'chat-answer-en-light');
  });

  it('resumes an answer after a reload mid-stream and finishes it without gaps or repeats', async () => {
    await startChat(page, 'Count for me', { model: 'fake/slow?tps=10&words=40' });
    await assistant(page).locator('[data-testid="message-content"]').filter({ hasText: /\b4\b/ }).waitFor();

    await page.reload();

    await assistant(page).locator('[data-testid="message-content"]').waitFor();
    const afterReload = await contentOf(page);
    expect(afterReload).toMatch(/^1 2 3 4/);
    expect(afterReload).not.toContain('40');
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').waitFor({ timeout: 20_000 });
    expect(await contentOf(page)).toBe(Array.from({ length: 40 }, (_, i) => i + 1).join(' '));
  });

  it('stops mid-stream, keeping the partial answer as stopped', async () => {
    await startChat(page, 'Count slowly', { model: 'fake/slow?tps=10&words=200' });
    await assistant(page).locator('[data-testid="message-content"]').filter({ hasText: /\b5\b/ }).waitFor();

    await page.locator('[data-testid="stop"]').click();

    await page.locator('[data-testid="message"][data-role="assistant"][data-status="stopped"]').waitFor();
    const partial = await contentOf(page);
    expect(partial).toMatch(/^1 2 3 4 5/);
    expect(partial).not.toContain('200');
    expect(await assistant(page).locator('[data-testid="message-note"]').innerText()).toContain('Stopped');
    await page.locator('[data-testid="send"]').waitFor();
    await page.waitForTimeout(800);
    expect(await contentOf(page)).toBe(partial);
  });

  it('renders a hostile answer inert: no handler runs, no script or onerror reaches the DOM', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await startChat(page, 'Show me some HTML', { model: 'fake/xss' });
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').waitFor();
    await page.waitForTimeout(500);

    const answer = assistant(page);
    expect(dialogs).toEqual([]);
    expect(await answer.locator('script, [onerror], iframe').count()).toBe(0);
    expect(await answer.locator('a[href^="javascript:" i]').count()).toBe(0);
    // The model's raw HTML shows as text; markdown still renders.
    expect(await answer.locator('img').count()).toBe(0);
    expect(await answer.locator('[data-testid="message-content"]').innerText()).toContain('<img src=x onerror=alert(1)>');
    expect(await answer.locator('strong').innerText()).toBe('bold');
    expect(await answer.locator('.kx-code__lang').innerText()).toBe('js');
    expect(await answer.locator('code.hljs').innerText()).toContain('"<b>not bold</b>"');
    await answer.locator('[data-kx-copy]').click();
    await answer.locator('[data-kx-copy]').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('console.log(html);');
    await screenshot(page, 'chat-xss-en-light');
  });

  it('shows an upstream failure with its reason and retries it', async () => {
    await startChat(page, 'This will fail', { model: 'fake/error-500' });
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="error"]').waitFor();
    expect(await assistant(page).locator('[data-testid="message-error"]').innerText()).toMatch(/500/);
    await screenshot(page, 'chat-error-en-light');

    await assistant(page).locator('[data-testid="retry"]').click();
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="error"]').filter({ has: page.locator('[data-testid="branch-count"]', { hasText: '2/2' }) }).waitFor();
  });

  it('edits a question into a new branch and switches between the versions', async () => {
    await startChat(page, 'First version', { model: 'fake/echo' });
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').waitFor();
    await userMessages(page).last().hover();
    await userMessages(page).last().locator('[data-testid="edit-message"]').click();
    await userMessages(page).last().locator('textarea').fill('Second version');
    await userMessages(page).last().locator('[data-testid="edit-submit"]').click();

    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').filter({ hasText: 'Second version' }).waitFor();
    expect(await userMessages(page).last().locator('[data-testid="branch-count"]').innerText()).toBe('2/2');

    await userMessages(page).last().hover();
    await userMessages(page).last().getByRole('button', { name: 'Previous version' }).click();
    await assistant(page).filter({ hasText: 'First version' }).waitFor();
    expect(await userMessages(page).last().locator('[data-testid="branch-count"]').innerText()).toBe('1/2');
  });

  it('renames, pins and deletes conversations from the sidebar', async () => {
    const id = await startChat(page, 'Something to keep', { model: 'fake/echo' });
    await page.locator('[data-testid="message"][data-role="assistant"][data-status="complete"]').waitFor();
    const item = page.locator(`[data-testid="conversation-item"][data-conversation-id="${id}"]`);
    await item.waitFor();
    expect(await item.getAttribute('class')).toContain('active');

    await item.hover();
    await item.locator('[data-testid="conversation-actions"]').click();
    await item.locator('[data-testid="conversation-rename"]').click();
    await item.locator('[data-testid="rename-input"]').fill('Renamed chat');
    await item.locator('[data-testid="rename-input"]').press('Enter');
    await item.locator('[data-testid="conversation-title"]').filter({ hasText: 'Renamed chat' }).waitFor();
    expect(await page.locator('[data-testid="chat-title"]').innerText()).toBe('Renamed chat');

    await item.locator('[data-testid="conversation-actions"]').click();
    await item.locator('[data-testid="conversation-pin"]').click();
    await page.locator('.kx-convs__group').filter({ hasText: 'Pinned' }).locator(`[data-conversation-id="${id}"]`).waitFor();
    expect(await page.locator('.kx-convs__label').first().innerText()).toContain('Pinned');

    await page.locator('[data-testid="conversation-search"]').fill('renamed');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"]').length === 1);
    await screenshot(page, 'chat-sidebar-en-light');
    await page.locator('[data-testid="conversation-search"]').fill('');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="conversation-item"]').length > 1);

    const before = await page.locator('[data-testid="conversation-item"]').count();
    await item.locator('[data-testid="conversation-actions"]').click();
    await item.locator('[data-testid="conversation-delete"]').click();
    await page.locator('.swal2-confirm').click();
    await item.waitFor({ state: 'detached' });
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.locator('[data-testid="conversation-item"]').count()).toBe(before - 1);
  });

  it('looks right in dark mode and on a phone', async () => {
    const dark = await newContext(browser, { baseUrl: app.baseUrl, locale: 'es-ES', colorScheme: 'dark' });
    const darkPage = await dark.newPage();
    const darkErrors = collectPageErrors(darkPage);
    await darkPage.goto('/login');
    await login(darkPage, user);
    await darkPage.locator('[data-testid="conversation-item"]').first().waitFor();
    await darkPage.locator('[data-testid="conversation-item"] a').filter({ hasText: 'bold' }).click();
    await darkPage.locator('[data-testid="message"][data-role="assistant"]').first().waitFor();
    await screenshot(darkPage, 'chat-es-dark');
    await darkPage.goto('/');
    await darkPage.locator('[data-testid="chat-empty"]').waitFor();
    await screenshot(darkPage, 'chat-new-es-dark');
    expect(darkErrors).toEqual([]);
    await dark.close();

    const phone = await newContext(browser, { baseUrl: app.baseUrl, locale: 'en-US', viewport: MOBILE });
    const phonePage = await phone.newPage();
    const phoneErrors = collectPageErrors(phonePage);
    await phonePage.goto('/login');
    await login(phonePage, user);
    await phonePage.locator('[data-testid="chat-empty"]').waitFor();
    await screenshot(phonePage, 'chat-new-mobile');
    await phonePage.locator('[data-testid="open-sidebar"]').click();
    await phonePage.locator('[data-testid="conversation-item"] a').first().waitFor({ state: 'visible' });
    await screenshot(phonePage, 'chat-sidebar-mobile');
    await phonePage.locator('[data-testid="conversation-item"] a').first().click();
    await phonePage.locator('[data-testid="message"][data-role="assistant"]').first().waitFor();
    await screenshot(phonePage, 'chat-conversation-mobile');
    expect(phoneErrors).toEqual([]);
    await phone.close();
  });
});
