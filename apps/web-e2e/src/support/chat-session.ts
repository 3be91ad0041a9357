import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startApp, type RunningApp } from './app-server';
import { collectPageErrors, launchBrowser, newContext } from './browser';
import { register, type Account } from './flows';

const PROXY_KEY = 'sk-browser-proxy-key';

export interface ChatSession {
  fakes: FakeUpstreams;
  app: RunningApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Errors the page reported; each test ends by expecting none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** The built app against fake-upstreams (as LiteLLM, with a key), and a signed-up user in English Chromium. */
export async function startChatSession(
  account: Account,
  env: (fakes: FakeUpstreams) => Record<string, string> = () => ({}),
  options: { /** What fake-upstreams lists at `/model/info` (the recorded fixture when left out). */ modelInfo?: unknown } = {},
): Promise<ChatSession> {
  const fakes = await startFakeUpstreams({ apiKey: PROXY_KEY, modelInfo: options.modelInfo });
  const app = await startApp({ env: { LITELLM_BASE_URL: fakes.url, LITELLM_API_KEY: PROXY_KEY, MODEL_SYNC_INTERVAL_MINUTES: '0', ...env(fakes) } });
  const browser = await launchBrowser();
  const context = await newContext(browser, { baseUrl: app.baseUrl, locale: 'en-US' });
  const page = await context.newPage();
  const pageErrors = collectPageErrors(page);
  await register(page, account);
  return {
    fakes,
    app,
    browser,
    context,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await app.stop();
      await fakes.close();
    },
  };
}
