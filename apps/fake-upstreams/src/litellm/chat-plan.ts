import type { OpenAiErrorBody } from '../http.util';
import type { FakeState } from '../route';
import type { ChatRequestBody, ParsedModel } from './chat-request';
import type { Json } from './completion.builder';

/** What the fake will answer to one chat completion request; streaming and non-streaming share it. */
export type ChatPlan =
  | { kind: 'error'; status: number; body: OpenAiErrorBody; headers?: Record<string, string> }
  /** Never answer; with `sendHeaders` a stream's headers go out first (a stalled stream). */
  | { kind: 'hang'; sendHeaders: boolean }
  | {
      kind: 'stream';
      /** The `data:` payloads (JSON text) in order, without the final `[DONE]`. */
      events: string[];
      delayMs: number;
      /** `done` ends with `[DONE]`; `cut` destroys the socket; `error` sends `errorBody` as a data event and ends. */
      end: 'done' | 'cut' | 'error';
      errorBody?: OpenAiErrorBody;
      /** The non-streaming answer when it is not simply the chunks merged (a recorded completion). */
      completion?: Json;
    };

export interface ScenarioContext {
  request: ChatRequestBody;
  model: ParsedModel;
  state: FakeState;
  /** The bearer token the caller sent, which some real error messages echo back. */
  bearerToken: string | undefined;
}

/** `?tps=` on any streaming scenario: tokens (chunks) per second; 0 or absent streams as fast as possible. */
export function delayFromParams(params: URLSearchParams, defaultTps = 0): number {
  const tps = Number(params.get('tps') ?? defaultTps);
  return Number.isFinite(tps) && tps > 0 ? 1000 / tps : 0;
}
