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
import { SafeFetcher } from './ssrf/safe-fetcher';
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
      useFactory: (config: AppConfig, guard: SsrfGuard, documents: DocumentsRepository, extractor: HtmlExtractor) =>
        new WebPageReader(guard, new SafeFetcher(guard), new BrowserlessClient(config.env.BROWSERLESS_URL, config.env.BROWSERLESS_TOKEN), documents, extractor),
    },
    {
      provide: WebToolsService,
      inject: [AppConfig, WebPageReader],
      useFactory: (config: AppConfig, reader: WebPageReader) => new WebToolsService(new SearxngClient(config.env.SEARXNG_URL), reader),
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
