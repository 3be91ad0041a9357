import { scenarioDeployments } from '@kipux/fake-upstreams';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { chat } from './support/chat-flows';
import { startChatSession, type ChatSession } from './support/chat-session';
import type { Account } from './support/flows';

jest.setTimeout(90_000);

const user: Account = { name: 'Nora Notice', email: 'nora@example.com', password: 'notice-tester-1' };
/** About 400 tokens for fake/small-context: two such messages and a third overflow its 1,000-token window. */
const long = (topic: string) => `${topic} ${'lorem '.repeat(400).trim()}`;

const notice = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last().locator('[data-testid="message-notice"]');

describe('notices under an answer in Chromium', () => {
  let session: ChatSession;
  let page: Page;

  beforeAll(async () => {
    // The catalog learns fake/small-context's window from /model/info, as it would from LiteLLM.
    session = await startChatSession(user, () => ({}), { modelInfo: scenarioDeployments() });
    ({ page } = session);
  }, 120_000);
  afterAll(() => session?.close());
  afterEach(() => {
    expect(session.pageErrors).toEqual([]);
  });

  it('says which earlier messages were left out for the context window, in the chosen language, also after a reload', async () => {
    await chat(page, long('alpha'), { model: 'fake/small-context', answered: 'alpha' });
    expect(await notice(page).count()).toBe(0);

    await page.locator('[data-testid="composer-input"]').fill(long('beta'));
    await page.locator('[data-testid="composer-input"]').press('Enter');
    await notice(page).waitFor();
    expect(await notice(page).innerText()).toBe("Left out the 2 earliest messages of this chat to fit fake/small-context's context window");
    await page.locator('[data-testid="message"][data-role="assistant"]').last().locator('[data-testid="message-content"]').filter({ hasText: 'beta' }).waitFor();

    await page.locator('[data-testid="language-switcher"]').first().click();
    await page.locator('[data-locale="es"]').first().click();
    const spanish = 'Se omitieron los 2 primeros mensajes de este chat para que quepan en la ventana de contexto de fake/small-context';
    await notice(page).filter({ hasText: spanish }).waitFor();

    // Stored with the answer: a reload (no live events) still shows it.
    await page.reload();
    await notice(page).filter({ hasText: spanish }).waitFor();
    expect(await notice(page).count()).toBe(1);
    await screenshot(page, 'chat-notice-es');
  });
});
