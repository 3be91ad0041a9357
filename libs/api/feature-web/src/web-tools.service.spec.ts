import type { ChatTurnInfo } from '@kipux/api/chat';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import type { DocumentEntity } from './documents/document.entity';
import type { DocumentsRepository, NewDocument } from './documents/documents.repository';
import { BrowserlessClient } from './pages/browserless.client';
import { HtmlExtractor } from './pages/html-extractor';
import { WebPageReader } from './pages/web-page.reader';
import { SearxngClient } from './search/searxng.client';
import { SafeFetcher } from './ssrf/safe-fetcher';
import { SsrfGuard } from './ssrf/ssrf-guard';
import { WebToolsService } from './web-tools.service';

/** The documents table in memory. */
class MemoryDocuments {
  readonly rows = new Map<string, DocumentEntity>();
  async findFresh(url: string, since: Date): Promise<DocumentEntity | null> {
    const row = this.rows.get(url);
    return row && row.fetchedAt > since ? row : null;
  }
  async save(document: NewDocument): Promise<DocumentEntity> {
    const row = { ...document, id: String(this.rows.size + 1), contentHash: 'hash', createdAt: new Date(), updatedAt: new Date() };
    this.rows.set(document.url, row);
    return row;
  }
}

describe('WebToolsService', () => {
  let fakes: FakeUpstreams;
  let web: WebToolsService;
  const extractor = new HtmlExtractor();
  const signal = new AbortController().signal;
  const turn = (turnId: string, overrides: Partial<ChatTurnInfo> = {}): ChatTurnInfo => ({
    userId: 'u1',
    conversationId: 'c1',
    turnId,
    model: 'm',
    question: 'what is kipux',
    toolSelection: { webSearch: true },
    toolsOffered: false,
    signal,
    ...overrides,
  });

  beforeAll(async () => {
    fakes = await startFakeUpstreams();
    const guard = new SsrfGuard({ allowHosts: [{ host: '127.0.0.1', port: String(fakes.port) }] });
    const reader = new WebPageReader(guard, new SafeFetcher(guard), new BrowserlessClient(undefined, undefined), new MemoryDocuments() as unknown as DocumentsRepository, extractor, { cacheHours: 24 });
    web = new WebToolsService(new SearxngClient(fakes.url), reader, 6000);
  });
  afterAll(async () => {
    await extractor.close();
    await fakes.close();
  });

  it('numbers sources per turn across parallel calls, one number per URL', async () => {
    const page = `${fakes.url}/pages/self-hosting-guide`;
    const [search, fetched] = await Promise.all([web.webSearch({ query: 'kipux' }, { turnId: 't1', signal }), web.fetchUrl({ url: page }, { turnId: 't1', signal })]);
    const numbers = new Map<string, number>();
    for (const text of [search.content, fetched.content]) for (const m of text.matchAll(/^\[(\d+)\] .*? — (\S+)$/gm)) numbers.set(m[2]!, Number(m[1]));
    expect(new Set(numbers.values())).toEqual(new Set([1, 2, 3]));
    expect(fetched.content).toMatch(new RegExp(`^\\[${numbers.get(page)}\\] Self-hosting guide — `));

    // Another turn starts from 1 again.
    const other = await web.webSearch({ query: 'kipux' }, { turnId: 't2', signal });
    expect(other.content).toContain(`[1] Kipux AI overview — ${fakes.url}/pages/kipux-overview`);

    const cited = web.annotate(turn('t1'), `Guide [${numbers.get(page)}], made up [9].`);
    expect(cited.map((c) => c.url_citation.url)).toEqual([page]);
    web.forget(turn('t1'));
    expect(web.annotate(turn('t1'), 'Guide [1].')).toEqual([]);
  });

  it('asks for the missing argument instead of failing', async () => {
    expect(await web.webSearch({}, { turnId: 't3', signal })).toEqual({ content: 'Error: web_search needs a non-empty "query" string.', isError: true });
    expect(await web.fetchUrl({ url: 42 }, { turnId: 't3', signal })).toEqual({ content: 'Error: fetch_url needs a "url" string.', isError: true });
  });

  it('reads a URL written without a scheme as https, and refuses other schemes', async () => {
    const refused = await web.fetchUrl({ url: 'gopher://127.0.0.1:6379/_INFO' }, { turnId: 't4', signal });
    expect(refused).toMatchObject({ isError: true, content: expect.stringContaining('Only http and https URLs can be fetched, not gopher:') });
    const loopback = await web.fetchUrl({ url: '127.0.0.1:6379/' }, { turnId: 't4', signal });
    expect(loopback.content).toBe('Error: https://127.0.0.1:6379/ could not be read: 127.0.0.1 is in a loopback range: internal addresses cannot be fetched.');
    const bare = await web.fetchUrl({ url: `localhost./admin` }, { turnId: 't4', signal });
    expect(bare).toMatchObject({ isError: true, content: 'Error: https://localhost./admin could not be read: localhost is a local address and cannot be fetched.' });
    expect(refused.notice).toBeUndefined();
  });

  it('searches first only for a model without tools and with the toggle on', async () => {
    expect(await web.searchFirst(turn('t5', { toolsOffered: true }))).toBeNull();
    expect(await web.searchFirst(turn('t5', { toolSelection: undefined }))).toBeNull();
    const prepared = await web.searchFirst(turn('t5'));
    expect(prepared?.context).toMatch(/^Web search results for the user's next message, numbered\./);
    expect(prepared?.context).toContain(`[3] Notes on SearXNG — ${fakes.url}/pages/searxng-notes`);
    expect(web.annotate(turn('t5'), 'See [3].')[0]?.url_citation).toEqual({ url: `${fakes.url}/pages/searxng-notes`, title: 'Notes on SearXNG', start_index: 4, end_index: 7 });
  });
});
