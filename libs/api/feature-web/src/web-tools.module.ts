import { Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule, ToolRegistry } from '@kipux/api/chat';
import { AppConfig } from '@kipux/api/config';
import { DocumentEntity } from './documents/document.entity';
import { DocumentsRepository } from './documents/documents.repository';
import { BrowserlessClient } from './pages/browserless.client';
import { HtmlExtractor } from './pages/html-extractor';
import { WebPageReader } from './pages/web-page.reader';
import { SearxngClient } from './search/searxng.client';
import { PAGE_MAX_BYTES, SafeFetcher } from './ssrf/safe-fetcher';
import { parseAllowList, SsrfGuard } from './ssrf/ssrf-guard';
import { FETCH_URL_PARAMETERS, WEB_SEARCH_PARAMETERS, WEB_TOOLKIT, WebToolsService } from './web-tools.service';

/**
 * Web search (SearXNG) and page reading (browserless or a direct SSRF-safe fetch) as chat tools, switched on
 * per request with `tools: { webSearch: true }`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DocumentEntity]), ChatModule],
  providers: [
    DocumentsRepository,
    { provide: HtmlExtractor, useFactory: () => new HtmlExtractor() },
    {
      provide: SsrfGuard,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SsrfGuard({ allowHosts: parseAllowList(config.env.SSRF_ALLOW_HOSTS) }),
    },
    {
      provide: WebPageReader,
      inject: [AppConfig, SsrfGuard, DocumentsRepository, HtmlExtractor],
      useFactory: ({ env }: AppConfig, guard: SsrfGuard, documents: DocumentsRepository, extractor: HtmlExtractor) =>
        new WebPageReader(
          guard,
          new SafeFetcher(guard, { maxBytes: PAGE_MAX_BYTES, timeoutMs: env.PAGE_FETCH_TIMEOUT_SECONDS * 1000 }),
          new BrowserlessClient(env.BROWSERLESS_URL, env.BROWSERLESS_TOKEN, env.BROWSERLESS_TIMEOUT_SECONDS * 1000),
          documents,
          extractor,
          { cacheHours: env.PAGE_CACHE_HOURS },
        ),
    },
    {
      provide: WebToolsService,
      inject: [AppConfig, WebPageReader],
      useFactory: ({ env }: AppConfig, reader: WebPageReader) =>
        new WebToolsService(new SearxngClient(env.SEARXNG_URL, env.WEB_SEARCH_TIMEOUT_SECONDS * 1000), reader, env.PAGE_TOKEN_BUDGET),
    },
  ],
  exports: [WebToolsService, WebPageReader],
})
export class WebToolsModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly registry: ToolRegistry,
    private readonly web: WebToolsService,
    private readonly extractor: HtmlExtractor,
  ) {}

  onModuleDestroy(): Promise<void> {
    return this.extractor.close();
  }

  onModuleInit(): void {
    // Without SearXNG there is nothing to search; pages can still be read.
    if (this.web.searchConfigured) {
      this.registry.register({
        name: 'web_search',
        description: 'Search the web. Returns numbered results (title, URL, snippet); cite the ones you use as [n].',
        parameters: WEB_SEARCH_PARAMETERS,
        toolkit: WEB_TOOLKIT,
        execute: (args, context) => this.web.webSearch(args, context),
      });
    }
    this.registry.register({
      name: 'fetch_url',
      description: 'Read a web page (http or https) as markdown: its main content, numbered as a source to cite as [n].',
      parameters: FETCH_URL_PARAMETERS,
      toolkit: WEB_TOOLKIT,
      execute: (args, context) => this.web.fetchUrl(args, context),
    });
    this.registry.extendTurns({
      beforeTurn: (turn) => this.web.searchFirst(turn),
      annotate: (turn, content) => this.web.annotate(turn, content),
      afterTurn: (turn) => this.web.forget(turn),
    });
  }
}
