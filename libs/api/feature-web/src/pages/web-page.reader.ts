import type { DocumentsRepository } from '../documents/documents.repository';
import type { SafeFetcher } from '../ssrf/safe-fetcher';
import type { SsrfGuard } from '../ssrf/ssrf-guard';
import type { BrowserlessClient } from './browserless.client';
import type { HtmlExtractor } from './html-extractor';
import { extractText, type ExtractedPage } from './page-extractor';

export interface ReadPage {
  /** The `documents` row the page is stored in. */
  documentId: string;
  /** The URL as asked for. */
  url: string;
  /** Where it was read from, after redirects (browserless does not say: then the asked URL). */
  finalUrl: string;
  title: string;
  /** The main content as markdown, whole. */
  content: string;
  truncated: boolean;
  fromCache: boolean;
}


/**
 * Reads a web page for the model: refuses internal addresses first (also before asking browserless, which
 * fetches on its side), renders it through browserless when configured, else fetches it directly through
 * the SSRF-safe fetcher, keeps the main content as markdown, and caches it in `documents`.
 */
export class WebPageReader {
  constructor(
    private readonly guard: SsrfGuard,
    private readonly fetcher: SafeFetcher,
    private readonly browserless: BrowserlessClient,
    private readonly documents: DocumentsRepository,
    private readonly extractor: HtmlExtractor,
    private readonly options: { /** How long a page read stays good for reuse. */ cacheHours: number; now?: () => Date },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async read(input: string, signal?: AbortSignal): Promise<ReadPage> {
    const vetted = await this.guard.vet(input);
    vetted.url.hash = '';
    const url = vetted.url.toString();
    const cached = await this.documents.findFresh(url, new Date(this.now().getTime() - this.options.cacheHours * 3_600_000));
    if (cached) return { documentId: cached.id, url, finalUrl: cached.finalUrl, title: cached.title, content: cached.content, truncated: cached.truncated, fromCache: true };

    let page: ExtractedPage;
    let finalUrl = url;
    let truncated = false;
    if (this.browserless.configured) {
      page = await this.extractor.extract(await this.browserless.content(url, signal), url);
    } else {
      const response = await this.fetcher.fetch(url, { signal });
      finalUrl = response.url;
      truncated = response.truncated;
      const isHtml = response.contentType === 'text/html' || response.contentType === 'application/xhtml+xml';
      page = isHtml ? await this.extractor.extract(response.body, finalUrl) : extractText(response.body, response.contentType, finalUrl);
    }
    const stored = await this.documents.save({ url, finalUrl, title: page.title, content: page.markdown, truncated, fetchedAt: this.now() });
    return { documentId: stored.id, url, finalUrl: stored.finalUrl, title: stored.title, content: stored.content, truncated, fromCache: false };
  }
}
