import { Injectable } from '@nestjs/common';
import { WEB_TOOLKIT, WebToolsService } from '@kipux/api/web-tools';
import type { UrlCitation } from '@kipux/contracts';
import { randomUUID } from 'node:crypto';

/** One searched answer: the results for the model, then the answer's `[n]` markers as citations. */
export interface WebSearchSession {
  /** A system message for the model (results, or why searching failed); null when there is nothing to add. */
  context: string | null;
  /** `url_citation` annotations of the final answer (indices into `content`). */
  annotate(content: string): UrlCitation[];
  /** Forgets the session's sources. */
  end(): void;
}

export interface WebSearchOptions {
  userId: string;
  model: string;
  signal: AbortSignal;
}

/** Server-side web search for `web_search_options`. */
export abstract class WebSearch {
  abstract get available(): boolean;
  abstract start(question: string, options: WebSearchOptions): Promise<WebSearchSession>;
}

/**
 * The app's web tools (SearXNG) in their search-first mode: the question is searched before the model
 * answers, results are numbered, and the answer's `[n]` markers map back to their URLs.
 */
@Injectable()
export class WebToolsSearch extends WebSearch {
  constructor(private readonly web: WebToolsService) {
    super();
  }

  get available(): boolean {
    return this.web.searchConfigured;
  }

  async start(question: string, options: WebSearchOptions): Promise<WebSearchSession> {
    const turn = {
      userId: options.userId,
      // Not a conversation: API calls are not stored as chats.
      conversationId: '',
      turnId: `v1-${randomUUID()}`,
      model: options.model,
      question,
      toolSelection: { [WEB_TOOLKIT]: true },
      toolsOffered: false,
      signal: options.signal,
    };
    try {
      const preparation = await this.web.searchFirst(turn);
      return { context: preparation?.context ?? null, annotate: (content) => this.web.annotate(turn, content), end: () => this.web.forget(turn) };
    } catch (error) {
      this.web.forget(turn);
      throw error;
    }
  }
}
