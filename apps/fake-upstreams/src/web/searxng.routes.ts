import { sendJson } from '../http.util';
import type { FakeRoute, RouteContext } from '../route';
import { FAKE_PAGES } from './fake-pages';

/**
 * SearXNG's JSON search. Every query gets the same three results, pointing at pages this fake serves, so a
 * test can fetch them. A query containing `__fail__` answers 500; `__slow__` never answers.
 */
async function search({ req, res, url, signal }: RouteContext): Promise<void> {
  const query = url.searchParams.get('q') ?? '';
  if (url.searchParams.get('format') !== 'json') return sendJson(res, 403, { error: 'format not enabled' });
  if (query.trim() === '') return sendJson(res, 400, { error: 'q is required' });
  if (query.includes('__fail__')) return sendJson(res, 500, { error: 'searx engine failure' });
  if (query.includes('__slow__')) {
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    return;
  }
  const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
  const engines = ['duckduckgo', 'brave', 'wikipedia'];
  sendJson(res, 200, {
    query,
    number_of_results: FAKE_PAGES.length,
    results: FAKE_PAGES.map((page, index) => ({
      url: `${origin}/pages/${page.slug}`,
      title: page.title,
      content: page.snippet,
      engine: engines[index % engines.length],
      engines: [engines[index % engines.length]],
      score: FAKE_PAGES.length - index,
      category: url.searchParams.get('categories') ?? 'general',
    })),
    answers: [],
    suggestions: [`${query} guide`],
    unresponsive_engines: [],
  });
}

export const searxngRoutes: FakeRoute[] = [{ method: 'GET', path: '/search', handle: search }];
