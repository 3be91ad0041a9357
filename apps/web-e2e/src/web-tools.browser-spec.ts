import type { FakeUpstreams } from '@kipux/fake-upstreams';
import type { Page } from 'playwright-core';
import { screenshot } from './support/browser';
import { chooseModel } from './support/chat-flows';
import { startChatSession, type ChatSession } from './support/chat-session';
import type { Account } from './support/flows';

jest.setTimeout(90_000);

const user: Account = { name: 'Wen Search', email: 'wen@example.com', password: 'web-tools-tester-1' };

const assistant = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]').last();

describe('web search in Chromium: tool steps and source chips', () => {
  let session: ChatSession;
  let fakes: FakeUpstreams;
  let page: Page;

  beforeAll(async () => {
    session = await startChatSession(user, (fakes) => ({ SEARXNG_URL: fakes.url, SSRF_ALLOW_HOSTS: `127.0.0.1:${fakes.port}` }));
    ({ fakes, page } = session);
  }, 120_000);

  afterAll(() => session?.close());

  afterEach(() => {
    expect(session.pageErrors).toEqual([]);
  });

  it('searches and reads a page in parallel, then shows the cited pages as source chips', async () => {
    await page.goto('/');
    await page.locator('[data-testid="chat-empty"]').waitFor();
    await chooseModel(page, 'fake/tools');

    const toggle = page.locator('[data-testid="web-search-toggle"]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.locator('[data-testid="composer-input"]').fill(`What is SearXNG? Read ${fakes.url}/pages/searxng-notes`);
    await page.locator('[data-testid="composer-input"]').press('Enter');

    const chips = page.locator('[data-testid="sources"] a');
    await chips.first().waitFor();
    const cards = page.locator('[data-testid="tool-call"]');
    expect(await cards.count()).toBe(2);
    expect((await cards.allInnerTexts()).join(' ')).toMatch(/web_search[\s\S]*fetch_url|fetch_url[\s\S]*web_search/);

    const chipTexts = (await chips.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(chipTexts).toHaveLength(2);
    expect(chipTexts.some((text) => text.includes('Kipux AI overview') && text.includes('127.0.0.1'))).toBe(true);
    expect(chipTexts.some((text) => text.includes('Notes on SearXNG') && text.includes('127.0.0.1'))).toBe(true);
    const hrefs = await chips.evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href).sort());
    expect(hrefs).toEqual([`${fakes.url}/pages/kipux-overview`, `${fakes.url}/pages/searxng-notes`]);
    expect(await chips.first().getAttribute('rel')).toContain('noopener');

    // The answer names its sources by number, as the chips list them.
    const answerText = await assistant(page).locator('[data-testid="message-content"]').innerText();
    expect(answerText).toMatch(/\[\d\]/);
    for (const number of await page.locator('[data-testid="sources"] .kx-source__index').allInnerTexts()) expect(answerText).toContain(`[${number}]`);
    await screenshot(page, 'web-tools-sources-en-light');
  });
});
