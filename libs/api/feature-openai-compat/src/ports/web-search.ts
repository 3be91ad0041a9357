import { Injectable } from '@nestjs/common';
import type { UrlCitation } from '@kipux/contracts';

export interface WebSearchSource {
  url: string;
  title: string;
}

export interface WebSearchResult {
  /** What the model reads: the results, numbered [1], [2], ... in the order of `sources`. */
  context: string;
  sources: WebSearchSource[];
}

export interface WebSearchOptions {
  userId: string;
  contextSize: 'low' | 'medium' | 'high';
  signal: AbortSignal;
}

/** Server-side web search for `web_search_options`: the app's own web_search tool when it is installed. */
export abstract class WebSearch {
  abstract get available(): boolean;
  abstract search(query: string, options: WebSearchOptions): Promise<WebSearchResult>;
}

/** Until a search backend is wired: requests with web_search_options are refused with a 400. */
@Injectable()
export class UnavailableWebSearch extends WebSearch {
  get available(): boolean {
    return false;
  }

  search(): Promise<WebSearchResult> {
    return Promise.reject(new Error('Web search is not available'));
  }
}

export type { UrlCitation };
