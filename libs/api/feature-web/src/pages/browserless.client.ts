import { PAGE_MAX_BYTES } from '../ssrf/safe-fetcher';
/** browserless failed; the message is for the model and the user. */
export class BrowserUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserUnavailableError';
  }
}

/**
 * browserless's `POST /content?token=...` with `{ url }`: the page's HTML after its scripts ran. browserless
 * fetches on its side, so callers vet the URL against the SSRF guard before asking.
 */
export class BrowserlessClient {
  constructor(
    private readonly baseUrl: string | undefined,
    private readonly token: string | undefined,
    private readonly timeoutMs = 30_000,
    private readonly maxBytes = PAGE_MAX_BYTES,
  ) {}

  get configured(): boolean {
    return Boolean(this.baseUrl);
  }

  async content(pageUrl: string, signal?: AbortSignal): Promise<string> {
    if (!this.baseUrl) throw new BrowserUnavailableError('The page browser is not configured (BROWSERLESS_URL is not set)');
    const url = new URL('content', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    if (this.token) url.searchParams.set('token', this.token);
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/html' },
        body: JSON.stringify({ url: pageUrl }),
        signal: AbortSignal.any([timeout, ...(signal ? [signal] : [])]),
      });
    } catch (error) {
      if (timeout.aborted) throw new BrowserUnavailableError(`The page browser did not answer within ${this.timeoutMs / 1000} s`);
      if (signal?.aborted) throw new BrowserUnavailableError('The page fetch was cancelled');
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new BrowserUnavailableError(`The page browser could not be reached (${cause})`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      // The token travels in the query string: never echo the URL.
      const why = response.status === 401 || response.status === 403 ? ' (check BROWSERLESS_TOKEN)' : '';
      throw new BrowserUnavailableError(`The page browser answered HTTP ${response.status}${why}`);
    }
    return readLimited(response, this.maxBytes);
  }
}

/** The body's first `maxBytes` as text: a rendered page is the model's choice and may be huge. */
async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader && size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - size;
    parts.push(value.length > room ? value.subarray(0, room) : value);
    size += Math.min(value.length, room);
  }
  await reader?.cancel();
  return Buffer.concat(parts).toString('utf8');
}
