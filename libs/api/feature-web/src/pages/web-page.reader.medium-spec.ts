import { TypeOrmModule } from '@nestjs/typeorm';
import { createTestApp, testTargets, type TestApp } from '@kipux/api/testing';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsRepository } from '../documents/documents.repository';
import { SafeFetcher } from '../ssrf/safe-fetcher';
import { SsrfError, SsrfGuard } from '../ssrf/ssrf-guard';
import { BrowserlessClient, BrowserUnavailableError } from './browserless.client';
import { HtmlExtractor } from './html-extractor';
import { WebPageReader } from './web-page.reader';

const CACHE_HOURS = 24;

describe.each(testTargets())('WebPageReader on $name', (target) => {
  let fakes: FakeUpstreams;
  let testApp: TestApp;
  let documents: DocumentsRepository;
  let guard: SsrfGuard;
  let now: Date;
  const extractor = new HtmlExtractor();

  const reader = (browserless = new BrowserlessClient(undefined, undefined), cacheHours = CACHE_HOURS) =>
    new WebPageReader(guard, new SafeFetcher(guard), browserless, documents, extractor, { cacheHours, now: () => now });
  const pagesRead = () => fakes.requests.filter((r) => r.path.startsWith('/pages/') || r.path === '/content').length;

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: 'token-1' });
    testApp = await createTestApp(target, { imports: [TypeOrmModule.forFeature([DocumentEntity])], providers: [DocumentsRepository] });
    documents = testApp.app.get(DocumentsRepository);
    // Public names resolve to a public address without real DNS (browserless, not this process, fetches them).
    guard = new SsrfGuard({ allowHosts: [{ host: '127.0.0.1', port: String(fakes.port) }], resolver: async () => [{ address: '93.184.215.14', family: 4 }] });
  });
  afterAll(async () => {
    await extractor.close();
    await testApp?.close();
    await fakes?.close();
  });
  beforeEach(() => {
    now = new Date('2026-11-23T10:00:00Z');
  });

  it('reads a page directly, keeps its main content as markdown and caches it', async () => {
    const url = `${fakes.url}/pages/kipux-overview`;
    const page = await reader().read(`${url}#section`);
    expect(page).toMatchObject({ url, finalUrl: url, title: 'Kipux AI overview', truncated: false, fromCache: false });
    expect(page.content).toContain('Kipux AI is a self-hosted chat app for teams.');
    expect(page.content).not.toMatch(/Buy more GPUs|Privacy/);
    const row = await documents.findFresh(url, new Date(0));
    expect(row).toMatchObject({ url, title: 'Kipux AI overview', content: page.content, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('reuses a fresh reading and reads again once it is older than the cache window', async () => {
    const url = `${fakes.url}/pages/self-hosting-guide`;
    await reader().read(url);
    const before = pagesRead();
    now = new Date(now.getTime() + (CACHE_HOURS - 1) * 3_600_000);
    expect(await reader().read(url)).toMatchObject({ fromCache: true, title: 'Self-hosting guide' });
    expect(pagesRead()).toBe(before);
    now = new Date(now.getTime() + 2 * 3_600_000);
    expect(await reader().read(url)).toMatchObject({ fromCache: false });
    expect(pagesRead()).toBe(before + 1);
  });

  it('reads a page again every time with a cache window of 0 hours (PAGE_CACHE_HOURS=0)', async () => {
    const url = `${fakes.url}/pages/searxng-notes`;
    const uncached = reader(undefined, 0);
    await uncached.read(url);
    const before = pagesRead();
    expect(await uncached.read(url)).toMatchObject({ fromCache: false, title: 'Notes on SearXNG' });
    expect(pagesRead()).toBe(before + 1);
  });

  it('follows redirects and records where the page came from', async () => {
    const target = `${fakes.url}/pages/searxng-notes`;
    const page = await reader().read(`${fakes.url}/redirect?to=${encodeURIComponent(target)}`);
    expect(page).toMatchObject({ finalUrl: target, title: 'Notes on SearXNG' });
  });

  it('renders through browserless when configured', async () => {
    const page = await reader(new BrowserlessClient(fakes.url, 'token-1')).read('https://news.example/pages/searxng-notes');
    expect(page).toMatchObject({ url: 'https://news.example/pages/searxng-notes', title: 'Notes on SearXNG', fromCache: false });
    expect(fakes.requests.at(-1)).toMatchObject({ path: '/content', body: { url: 'https://news.example/pages/searxng-notes' } });
  });

  it('refuses internal URLs before asking browserless', async () => {
    const before = fakes.requests.length;
    await expect(reader(new BrowserlessClient(fakes.url, 'token-1')).read('http://169.254.169.254/latest/meta-data/')).rejects.toBeInstanceOf(SsrfError);
    await expect(reader(new BrowserlessClient(fakes.url, 'token-1')).read('http://0x7f.1:6379/')).rejects.toBeInstanceOf(SsrfError);
    expect(fakes.requests.length).toBe(before);
  });

  it('reports browserless failures as such', async () => {
    await expect(reader(new BrowserlessClient(fakes.url, 'wrong')).read('https://example.com/a')).rejects.toBeInstanceOf(BrowserUnavailableError);
  });
});
