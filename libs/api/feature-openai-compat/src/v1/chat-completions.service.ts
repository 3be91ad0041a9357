import { Injectable } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import type { AuthUser } from '@kipux/api/http';
import { LlmClient, LlmError, toUsage, type ChatCompletion, type ChatCompletionChunk, type ChatRequest, type ChatStreamEvent, type UsageJson } from '@kipux/api/llm';
import type { Usage } from '@kipux/contracts';
import type { Response } from 'express';
import { OpenAiErrors, toOpenAiError } from '../openai-errors';
import { ModelDirectory } from '../ports/model-directory';
import { WebSearch, type WebSearchSession } from '../ports/web-search';
import type { ChatCompletionRequest } from './chat-completion.schema';
import { clientPayload } from './client-payload';
import { fromLlmError, toRelayException } from './llm-errors';
import { SseWriter } from './sse-writer';
import { UsageMeter } from './usage-meter';
import { lastUserText, withContextBeforeLastUser } from './web-search-context';

interface PreparedCall {
  upstream: ChatRequest;
  /** Set when the answer should carry `url_citation` annotations from a server-side web search. */
  search: WebSearchSession | null;
}

function usageOf(chunk: ChatCompletionChunk | ChatCompletion): Usage | null {
  const raw = (chunk.usage ?? (chunk as ChatCompletionChunk).x_groq?.usage) as UsageJson | null | undefined;
  return raw && typeof raw === 'object' ? toUsage(raw) : null;
}

/** `POST /v1/chat/completions`: checks the model, forwards the request to LiteLLM, relays the answer. */
@Injectable()
export class ChatCompletionsService {
  /** The deadlines chat generations use (LLM_*_TIMEOUT_SECONDS), else the client's defaults. */
  private readonly deadlines: { firstByteTimeoutMs?: number; idleTimeoutMs?: number };

  constructor(
    config: AppConfig,
    private readonly llm: LlmClient,
    private readonly models: ModelDirectory,
    private readonly webSearch: WebSearch,
    private readonly meter: UsageMeter,
  ) {
    const { LLM_FIRST_BYTE_TIMEOUT_SECONDS: firstByte, LLM_IDLE_TIMEOUT_SECONDS: idle } = config.env;
    this.deadlines = {
      ...(firstByte ? { firstByteTimeoutMs: firstByte * 1000 } : {}),
      ...(idle ? { idleTimeoutMs: idle * 1000 } : {}),
    };
  }

  async complete(user: AuthUser, request: ChatCompletionRequest, signal: AbortSignal): Promise<ChatCompletion> {
    const { upstream, search } = await this.prepare(user, request, signal);
    let completion: ChatCompletion;
    try {
      completion = await this.llm.complete(upstream, { signal });
      if (search) {
        for (const choice of completion.choices) choice.message['annotations'] = search.annotate(choice.message.content ?? '');
      }
    } catch (error) {
      this.meter.record(user, { endpoint: 'chat.completions', model: request.model, stream: false, status: signal.aborted ? 'aborted' : 'error', usage: null });
      throw toRelayException(error, request.model);
    } finally {
      search?.end();
    }
    if (request.metadata && completion['metadata'] === undefined) completion['metadata'] = request.metadata;
    this.meter.record(user, { endpoint: 'chat.completions', model: request.model, stream: false, status: 'ok', usage: usageOf(completion) });
    return completion;
  }

  /**
   * Relays the upstream stream as it arrives: the events of each upstream read, as sent, in one write.
   * Only events that may carry usage, a finish reason or an error are parsed (all of them for a web search,
   * whose citations need the text). Failures before the first event are answered as plain HTTP errors
   * (right status, OpenAI's body); later ones as an `error` event, as OpenAI does. A client that goes away
   * aborts the upstream request (`signal`).
   */
  async stream(user: AuthUser, request: ChatCompletionRequest, response: Response, signal: AbortSignal): Promise<void> {
    const includeUsage = request.stream_options?.include_usage === true;
    let usage: Usage | null = null;
    let status: 'ok' | 'error' | 'aborted' = 'ok';
    let search: WebSearchSession | null = null;
    try {
      const prepared = await this.prepare(user, request, signal);
      search = prepared.search;
      // Usage is always asked for (accounting needs it) and only passed on when the client asked too.
      const batches = this.llm.streamChatEvents(
        { ...prepared.upstream, stream_options: { ...request.stream_options, include_usage: true } },
        { ...this.deadlines, signal, parseAll: search !== null },
      );
      let next: IteratorResult<ChatStreamEvent[], void>;
      try {
        next = await batches.next();
      } catch (error) {
        status = signal.aborted ? 'aborted' : 'error';
        throw toRelayException(error, request.model);
      }

      const sse = new SseWriter(response);
      sse.open();
      let content = '';
      try {
        while (!next.done) {
          const payloads: string[] = [];
          for (const { data, chunk } of next.value) {
            if (chunk) usage = usageOf(chunk) ?? usage;
            if (chunk && search) content = this.withCitations(payloads, chunk, content, search);
            const payload = clientPayload(data, chunk, includeUsage);
            if (payload !== null) payloads.push(payload);
          }
          await sse.send(payloads);
          next = await batches.next();
        }
        await sse.data('[DONE]');
      } catch (error) {
        if (signal.aborted) {
          status = 'aborted';
        } else {
          status = 'error';
          const failure = error instanceof LlmError ? fromLlmError(error, request.model) : null;
          const body = failure
            ? toOpenAiError({ statusCode: failure.status, code: failure.code, message: failure.message })
            : toOpenAiError({ statusCode: 500, code: 'internal_error', message: 'The answer failed on our side.' });
          await sse.data(JSON.stringify(body));
          if (!failure) throw error;
        }
      } finally {
        sse.end();
        // Ends the upstream request if the loop stopped early.
        await batches.return();
      }
    } finally {
      search?.end();
      if (status === 'ok' && signal.aborted) status = 'aborted';
      this.meter.record(user, { endpoint: 'chat.completions', model: request.model, stream: true, status, usage });
    }
  }

  /** Adds an `annotations` delta just before the chunk that finishes the first choice; returns the text so far. */
  private withCitations(payloads: string[], chunk: ChatCompletionChunk, content: string, search: WebSearchSession): string {
    const choice = chunk.choices?.find((c) => (c.index ?? 0) === 0);
    const text = content + (typeof choice?.delta?.content === 'string' ? choice.delta.content : '');
    if (choice?.finish_reason) {
      const annotations = search.annotate(text);
      if (annotations.length) {
        const { id, object, created, model } = chunk;
        payloads.push(JSON.stringify({ id, object, created, model, choices: [{ index: 0, delta: { annotations }, finish_reason: null }] }));
      }
    }
    return text;
  }

  private async prepare(user: AuthUser, request: ChatCompletionRequest, signal: AbortSignal): Promise<PreparedCall> {
    if (request.web_search_options && !this.webSearch.available) throw OpenAiErrors.webSearchUnavailable();
    if (!(await this.models.isChatModelAvailable(request.model))) throw OpenAiErrors.modelNotFound(request.model);
    const { stream: _stream, stream_options: _streamOptions, web_search_options: webSearchOptions, ...rest } = request;
    const upstream = rest as ChatRequest;
    if (!webSearchOptions) return { upstream, search: null };

    const search = await this.webSearch.start(lastUserText(request.messages), { userId: user.id, model: request.model, signal });
    if (!search.context) return { upstream, search };
    return { upstream: { ...upstream, messages: withContextBeforeLastUser(request.messages, search.context) } as ChatRequest, search };
  }
}
