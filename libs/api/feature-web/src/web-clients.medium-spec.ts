import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { BrowserlessClient, BrowserUnavailableError } from './pages/browserless.client';
import { SearchUnavailableError, SearxngClient } from './search/searxng.client';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SearXNG and browserless clients against fake-upstreams', () => {
  let fakes: FakeUpstreams;

  beforeAll(async () => {
    fakes = await startFakeUpstreams({ apiKey: 'browser-token' });
  });
  afterAll(() => fakes.close());

  it('searches with the JSON API, passing categories, language, safe search and time range', async () => {
    const results = await new SearxngClient(fakes.url).search('self hosted chat', { categories: 'news', language: 'es', safesearch: 2, timeRange: 'month' });
    expect(results).toEqual([
      { title: 'Kipux AI overview', url: `${fakes.url}/pages/kipux-overview`, snippet: expect.stringContaining('self-hosted chat app'), engine: 'duckduckgo' },
      { title: 'Self-hosting guide', url: `${fakes.url}/pages/self-hosting-guide`, snippet: expect.any(String), engine: 'brave' },
      { title: 'Notes on SearXNG', url: `${fakes.url}/pages/searxng-notes`, snippet: expect.any(String), engine: 'wikipedia' },
    ]);
    expect(fakes.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/search',
      query: { q: 'self hosted chat', format: 'json', categories: 'news', language: 'es', safesearch: '2', time_range: 'month' },
    });
  });

  it('turns a failing, slow, unreachable or unconfigured SearXNG into readable errors', async () => {
    await expect(new SearxngClient(fakes.url).search('x __fail__')).rejects.toThrow(new SearchUnavailableError('The search engine answered HTTP 500'));
    await expect(new SearxngClient(fakes.url, 200).search('x __slow__')).rejects.toThrow('The search engine did not answer within 0.2 s');
    await expect(new SearxngClient(`http://127.0.0.1:${await closedPort()}`).search('x')).rejects.toThrow(/The search engine could not be reached \(ECONNREFUSED\)/);
    await expect(new SearxngClient(undefined).search('x')).rejects.toThrow('SEARXNG_URL is not set');
  });

  it('gets the rendered page from browserless with its token', async () => {
    const html = await new BrowserlessClient(fakes.url, 'browser-token').content('https://anywhere.example/pages/searxng-notes');
    expect(html).toContain('<title>Notes on SearXNG</title>');
    expect(fakes.requests.at(-1)).toMatchObject({ method: 'POST', path: '/content', query: { token: 'browser-token' }, body: { url: 'https://anywhere.example/pages/searxng-notes' } });
  });

  it('turns a wrong token, a crash or a hang of browserless into readable errors without the token', async () => {
    const wrong = new BrowserlessClient(fakes.url, 'not-the-token').content('https://example.com/');
    await expect(wrong).rejects.toThrow(new BrowserUnavailableError('The page browser answered HTTP 401 (check BROWSERLESS_TOKEN)'));
    await expect(new BrowserlessClient(fakes.url, 'browser-token').content('https://example.com/__fail__')).rejects.toThrow('The page browser answered HTTP 500');
    await expect(new BrowserlessClient(fakes.url, 'browser-token', 200).content('https://example.com/__slow__')).rejects.toThrow('did not answer within 0.2 s');
  });
});
