import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import type { IncomingMessage } from 'node:http';
import { postJson, readText } from './json-post';
import { LlmError, LlmErrorCode, llmErrorFromStatus, toLlmError, type LlmErrorContext } from './llm.exception';
import type { ChatCompletion, ChatCompletionChunk, ChatRequest, EmbeddingResult } from './llm.types';
import { mayCarryAccounting, parseStreamEvent } from './stream-event';
import { formatSeconds, Watchdog } from './watchdog';

export const LLM_CLIENT_OPTIONS = Symbol('LLM_CLIENT_OPTIONS');

export interface LlmClientOptions {
  /** Until the provider answers with headers (for a stream, that is until its first chunk is on its way). */
  firstByteTimeoutMs?: number;
  /** Longest silence between two stream chunks (and from the headers to the first chunk). */
  idleTimeoutMs?: number;
  /** Whole non-streaming calls (`complete`, `embed`). */
  requestTimeoutMs?: number;
}

export interface LlmCallOptions extends LlmClientOptions {
  signal?: AbortSignal;
}

/** One `data:` payload of a stream as sent; `chunk` is set when it may carry usage, a finish reason or an error. */
export interface ChatStreamEvent {
  data: string;
  chunk: ChatCompletionChunk | null;
}

export interface ChatEventsOptions extends LlmCallOptions {
  /** Parse every payload, not only those that may carry usage, a finish reason or an error. */
  parseAll?: boolean;
}

export interface EmbedOptions {
  /** Defaults to EMBEDDING_MODEL. */
  model?: string;
  /** Defaults to EMBEDDING_DIMENSIONS; every vector must have this length. */
  dimensions?: number;
  signal?: AbortSignal;
  requestTimeoutMs?: number;
}

/** The longest timer Node accepts: the SDK's own timeout never fires before ours. */
const SDK_TIMEOUT_OFF = 2_147_483_647;

const DEFAULTS: Required<LlmClientOptions> = {
  // Reasoning models can think for minutes before the proxy sends anything.
  firstByteTimeoutMs: 300_000,
  idleTimeoutMs: 120_000,
  requestTimeoutMs: 600_000,
};

/** LiteLLM serves its OpenAI API under `/v1` (and at the root); the SDK wants the `/v1` base. */
export function openAiBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1') ? path : `${path}/v1`;
  return url.toString().replace(/\/+$/, '');
}

/**
 * The one way Kipux talks to the model provider: LiteLLM's OpenAI-compatible API at LITELLM_BASE_URL.
 * Chunks and answers come back exactly as sent (provider extras kept); every failure is an `LlmError`.
 */
@Injectable()
export class LlmClient {
  private readonly openai: OpenAI | null;
  private readonly chatCompletionsUrl: URL | null;
  private readonly origin: string;
  private readonly apiKey: string | undefined;
  private readonly timeouts: Required<LlmClientOptions>;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(LLM_CLIENT_OPTIONS) options?: LlmClientOptions,
  ) {
    const { LITELLM_BASE_URL, LITELLM_API_KEY } = config.env;
    this.apiKey = LITELLM_API_KEY;
    this.timeouts = { ...DEFAULTS, ...options };
    this.origin = LITELLM_BASE_URL ? new URL(LITELLM_BASE_URL).origin : '(not configured)';
    this.chatCompletionsUrl = LITELLM_BASE_URL ? new URL(`${openAiBaseUrl(LITELLM_BASE_URL)}/chat/completions`) : null;
    this.openai = LITELLM_BASE_URL
      ? new OpenAI({
          baseURL: openAiBaseUrl(LITELLM_BASE_URL),
          // A LiteLLM without a master key accepts any token; the SDK insists on one.
          apiKey: LITELLM_API_KEY ?? 'no-key',
          // Never picked up from the environment (OPENAI_ORG_ID, ...): only AppConfig configures us.
          organization: null,
          project: null,
          webhookSecret: null,
          maxRetries: 0,
          // Deadlines are ours (Watchdog), so a timeout is told apart from other aborts in every runtime.
          timeout: SDK_TIMEOUT_OFF,
          logLevel: 'off',
        })
      : null;
  }

  get configured(): boolean {
    return this.openai !== null;
  }

  /**
   * Streams a chat completion. Yields every `chat.completion.chunk` untouched, ends after `[DONE]`, and
   * asks for the usage-only final chunk. Breaking out of the loop cancels the upstream request.
   */
  async *streamChat(request: ChatRequest, options: LlmCallOptions = {}): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    const openai = this.requireOpenAi();
    const { watchdog, context, armFirstByte, armIdle } = this.streamingCall(request.model, options);

    let response: Response;
    try {
      armFirstByte();
      response = await openai.chat.completions
        .create(
          { ...request, stream: true, stream_options: { include_usage: true, ...request.stream_options } } as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
          { signal: watchdog.signal },
        )
        .asResponse();
    } catch (error) {
      throw toLlmError(error, context(false));
    } finally {
      watchdog.disarm();
    }
    if (!response.body) throw new LlmError(LlmErrorCode.UpstreamError, 'The model provider answered the stream request without a body.');

    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const pending: string[] = [];
    const parser = createParser({ onEvent: (event) => pending.push(event.data) });
    let finished = false;
    let sawFinishReason = false;
    try {
      for (;;) {
        for (let data = pending.shift(); data !== undefined; data = pending.shift()) {
          if (data.trim() === '[DONE]') {
            finished = true;
            return;
          }
          const chunk = parseStreamEvent(data, context(true));
          if (chunk.choices?.some((choice) => choice.finish_reason)) sawFinishReason = true;
          yield chunk;
        }
        armIdle();
        const read = await reader.read();
        watchdog.disarm();
        if (read.done) break;
        parser.feed(decoder.decode(read.value, { stream: true }));
      }
      finished = true;
      // LiteLLM always ends with [DONE]; a stream that stops without it or a finish_reason was cut short.
      if (!sawFinishReason) {
        throw new LlmError(LlmErrorCode.ConnectionFailed, `The model provider at ${this.origin} closed the stream before the answer was finished.`);
      }
    } catch (error) {
      throw toLlmError(error, context(true));
    } finally {
      if (finished) watchdog.disarm();
      else watchdog.abort();
      reader.cancel().catch(() => undefined);
    }
  }

  /**
   * Streams a chat completion as its `data:` payloads, for relays that pass them on as sent: one batch per
   * network read, `[DONE]` left out. Unless `parseAll`, only payloads that may carry usage, a finish reason or
   * an error are parsed. Same request, deadlines and failures as `streamChat`, over plain HTTP, not the SDK.
   */
  async *streamChatEvents(request: ChatRequest, options: ChatEventsOptions = {}): AsyncGenerator<ChatStreamEvent[], void, undefined> {
    const url = this.chatCompletionsUrl;
    if (!url) throw new LlmError(LlmErrorCode.NotConfigured, 'No model provider is configured: set LITELLM_BASE_URL.');
    const { watchdog, context, armFirstByte, armIdle } = this.streamingCall(request.model, options);

    let response: IncomingMessage;
    try {
      armFirstByte();
      const body = JSON.stringify({ ...request, stream: true, stream_options: { include_usage: true, ...request.stream_options } });
      const headers = { authorization: `Bearer ${this.apiKey ?? 'no-key'}`, accept: 'text/event-stream' };
      response = await postJson(url, body, headers, watchdog.signal);
      const status = response.statusCode ?? 502;
      if (status >= 400) throw llmErrorFromStatus(status, errorDetail(await readText(response)), context(false), response.headers['retry-after']);
    } catch (error) {
      throw toLlmError(error, context(false));
    } finally {
      watchdog.disarm();
    }

    response.setEncoding('utf8');
    // Not destroyed when we stop reading at [DONE]: the rest is drained and the connection reused.
    const reads = response.iterator({ destroyOnReturn: false }) as AsyncIterator<string>;
    const pending: string[] = [];
    const parser = createParser({ onEvent: (event) => pending.push(event.data) });
    let finished = false;
    let sawFinishReason = false;
    try {
      while (!finished) {
        armIdle();
        const read = await reads.next();
        watchdog.disarm();
        if (read.done) break;
        parser.feed(read.value);
        const batch: ChatStreamEvent[] = [];
        let failure: unknown = null;
        for (const data of pending.splice(0)) {
          if (data.trim() === '[DONE]') {
            finished = true;
            break;
          }
          try {
            const chunk = options.parseAll || mayCarryAccounting(data) ? parseStreamEvent(data, context(true)) : null;
            if (chunk?.choices?.some((choice) => choice.finish_reason)) sawFinishReason = true;
            batch.push({ data, chunk });
          } catch (error) {
            // The events before an error event are still the caller's.
            failure = error;
            break;
          }
        }
        if (batch.length > 0) yield batch;
        if (failure) throw failure;
      }
      // LiteLLM always ends with [DONE]; a stream that stops without it or a finish_reason was cut short.
      if (!finished && !sawFinishReason) {
        throw new LlmError(LlmErrorCode.ConnectionFailed, `The model provider at ${this.origin} closed the stream before the answer was finished.`);
      }
      finished = true;
    } catch (error) {
      throw toLlmError(error, context(true));
    } finally {
      if (finished) {
        watchdog.disarm();
        await reads.return?.();
        response.resume();
      } else {
        // Destroyed before the request is aborted, so the half-read answer ends quietly.
        response.destroy();
        watchdog.abort();
      }
    }
  }

  /** A non-streaming chat completion, returned exactly as the provider sent it. */
  async complete(request: ChatRequest, options: LlmCallOptions = {}): Promise<ChatCompletion> {
    const openai = this.requireOpenAi();
    // OpenAI rejects stream_options on a non-streaming request.
    const { stream_options: _streamOnly, ...body } = request;
    const completion = await this.withDeadline(options, request.model, (signal) =>
      openai.chat.completions.create({ ...body, stream: false } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal }),
    );
    return completion as unknown as ChatCompletion;
  }

  /** Embeds one text or a batch; vectors come back in input order and are checked against the dimensions. */
  async embed(input: string | string[], options: EmbedOptions = {}): Promise<EmbeddingResult> {
    const openai = this.requireOpenAi();
    const model = options.model ?? this.config.env.EMBEDDING_MODEL;
    if (!model) throw new LlmError(LlmErrorCode.NotConfigured, 'No embedding model is configured: set EMBEDDING_MODEL.');
    const dimensions = options.dimensions ?? this.config.env.EMBEDDING_DIMENSIONS;
    const inputs = Array.isArray(input) ? input : [input];
    if (inputs.length === 0) return { model, vectors: [], usage: { promptTokens: 0, totalTokens: 0 } };
    const answer = await this.withDeadline(options, model, (signal) => openai.embeddings.create({ model, input: inputs, dimensions }, { signal }));
    const vectors = [...answer.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
    if (vectors.length !== inputs.length) {
      throw new LlmError(LlmErrorCode.UpstreamError, `The embedding model "${model}" returned ${vectors.length} vectors for ${inputs.length} inputs.`);
    }
    const wrong = vectors.find((vector) => vector.length !== dimensions);
    if (wrong) {
      throw new LlmError(
        LlmErrorCode.BadRequest,
        `The embedding model "${model}" returned ${wrong.length} dimensions, but ${dimensions} were asked for (EMBEDDING_DIMENSIONS).`,
      );
    }
    return {
      model: answer.model || model,
      vectors,
      usage: { promptTokens: answer.usage?.prompt_tokens ?? 0, totalTokens: answer.usage?.total_tokens ?? 0 },
    };
  }

  /** Runs a non-streaming call under the request deadline, mapping whatever it throws. */
  private async withDeadline<T>(
    options: { signal?: AbortSignal; requestTimeoutMs?: number },
    model: string,
    call: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const timeoutMs = options.requestTimeoutMs ?? this.timeouts.requestTimeoutMs;
    const watchdog = new Watchdog(options.signal);
    watchdog.arm(timeoutMs, `The model provider at ${this.origin} did not answer within ${formatSeconds(timeoutMs)}.`);
    try {
      return await call(watchdog.signal);
    } catch (error) {
      throw toLlmError(error, { origin: this.origin, apiKey: this.apiKey, model, signal: options.signal, timeoutMessage: watchdog.timeoutMessage });
    } finally {
      watchdog.disarm();
    }
  }

  private requireOpenAi(): OpenAI {
    if (!this.openai) throw new LlmError(LlmErrorCode.NotConfigured, 'No model provider is configured: set LITELLM_BASE_URL.');
    return this.openai;
  }

  /** The deadlines of one streaming call, and what error mapping needs to know about it when it fails. */
  private streamingCall(model: string, options: LlmCallOptions) {
    const idleTimeoutMs = options.idleTimeoutMs ?? this.timeouts.idleTimeoutMs;
    const firstByteTimeoutMs = options.firstByteTimeoutMs ?? this.timeouts.firstByteTimeoutMs;
    const firstByteMessage = `The model provider at ${this.origin} did not answer within ${formatSeconds(firstByteTimeoutMs)}.`;
    const idleMessage = `The model provider at ${this.origin} sent nothing for ${formatSeconds(idleTimeoutMs)}.`;
    const watchdog = new Watchdog(options.signal);
    return {
      watchdog,
      // Read when the error happens: a deadline may have fired by then.
      context: (streaming: boolean): LlmErrorContext => ({
        origin: this.origin,
        apiKey: this.apiKey,
        model,
        signal: options.signal,
        streaming,
        timeoutMessage: watchdog.timeoutMessage,
      }),
      armFirstByte: () => watchdog.arm(firstByteTimeoutMs, firstByteMessage),
      armIdle: () => watchdog.arm(idleTimeoutMs, idleMessage),
    };
  }
}

/** The message of an error answer (`{error: {message}}`), else its text. */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof body.error === 'object' ? body.error?.message : (body.error ?? body.message);
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the text itself
  }
  return text.trim() || '(no body)';
}
