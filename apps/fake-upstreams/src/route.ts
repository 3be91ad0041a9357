import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as the fake received it, so tests can assert what the app forwarded. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text if it was not JSON, or `undefined` when empty. */
  body: unknown;
  receivedAt: Date;
}

/** A LiteLLM `/model/info` answer. */
export interface ModelInfoBody {
  data: Array<Record<string, unknown>>;
}

/** Mutable state shared by every route of one running fake. */
export interface FakeState {
  apiKey: string | undefined;
  modelInfo: ModelInfoBody;
  fixturesDir: string;
  requests: RecordedRequest[];
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: unknown;
  state: FakeState;
  /** Aborted when the client goes away or the fake closes; long-running answers stop on it. */
  signal: AbortSignal;
}

/**
 * One entry of the route table. Each upstream the fake plays (LiteLLM, SearXNG, browserless) contributes
 * its own list from its own folder; `routes.ts` joins them.
 */
export interface FakeRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(ctx: RouteContext): void | Promise<void>;
}
