/** One search result as the tools use it. */
export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
  engine: string | null;
}

export interface SearchOptions {
  categories?: string;
  /** e.g. `en`, `es-ES`, `all`. */
  language?: string;
  /** 0 off, 1 moderate, 2 strict. */
  safesearch?: 0 | 1 | 2;
  timeRange?: 'day' | 'month' | 'year';
  signal?: AbortSignal;
}

/** SearXNG failed or is not set up; the message is for the model and the user. */
export class SearchUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchUnavailableError';
  }
}

/**
 * SearXNG's JSON API (`/search?q=...&format=json`, which its settings must enable). The URL is the operator's,
 * not the model's, so it is not subject to the SSRF guard.
 */
export class SearxngClient {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  get configured(): boolean {
    return Boolean(this.baseUrl);
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchResult[]> {
    if (!this.baseUrl) throw new SearchUnavailableError('Web search is not configured on this server (SEARXNG_URL is not set)');
    const url = new URL('search', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    url.searchParams.set('q', query);
    url.searchParams.set('format', 'json');
    if (options.categories) url.searchParams.set('categories', options.categories);
    if (options.language) url.searchParams.set('language', options.language);
    if (options.safesearch !== undefined) url.searchParams.set('safesearch', String(options.safesearch));
    if (options.timeRange) url.searchParams.set('time_range', options.timeRange);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.any([timeout, ...(options.signal ? [options.signal] : [])]) });
    } catch (error) {
      if (timeout.aborted) throw new SearchUnavailableError(`The search engine did not answer within ${this.timeoutMs / 1000} s`);
      if (options.signal?.aborted) throw new SearchUnavailableError('The search was cancelled');
      throw new SearchUnavailableError(`The search engine could not be reached (${causeOf(error)})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SearchUnavailableError(`The search engine answered HTTP ${response.status}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new SearchUnavailableError('The search engine answered something that is not JSON (is format=json enabled in its settings?)');
    }
    return parseResults(body);
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** SearXNG results with a usable http(s) URL, deduplicated by URL, in its order. */
export function parseResults(body: unknown): SearchResult[] {
  const raw = (body as { results?: unknown })?.results;
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const results: SearchResult[] = [];
  for (const item of raw as Array<Record<string, unknown>>) {
    const url = typeof item['url'] === 'string' ? item['url'] : '';
    if (!/^https?:\/\//i.test(url) || seen.has(url)) continue;
    seen.add(url);
    results.push({
      title: clean(item['title']) || url,
      url,
      snippet: clean(item['content']),
      engine: typeof item['engine'] === 'string' ? item['engine'] : null,
    });
  }
  return results;
}

function clean(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}
