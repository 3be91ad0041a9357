import { createHash } from 'node:crypto';
import { delayFromParams, type ChatPlan, type ScenarioContext } from './chat-plan';
import { contentText, lastUserIndex, lastUserText, promptText, type ChatMessage, type ParsedModel, type ToolDefinition } from './chat-request';
import { ChunkFactory, estimateTokens, wordPieces, type Json } from './completion.builder';
import { invalidApiKeyError, upstreamError } from './upstream-errors';

/** What a scripted answer says; turned into chunks by `scriptPlan`. */
interface Script {
  reasoning?: { field: 'reasoning_content' | 'reasoning'; text: string };
  content?: string;
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string;
}

type Scenario = (ctx: ScenarioContext) => ChatPlan;

const CUT_TEXT = 'This answer is cut off by the connection dropping before it is complete.';
const CHUNKS_BEFORE_CUT = 4;

export const XSS_MARKDOWN = [
  'Here is **bold** text and an image: <img src=x onerror=alert(1)>',
  '',
  '<script>alert(1)</script>',
  '',
  '[click me](javascript:alert(1))',
  '',
  '```js',
  'const html = "<b>not bold</b>";',
  'console.log(html);',
  '```',
].join('\n');

/** `fake/small-context` refuses requests longer than this (as LiteLLM does past a model's window). */
export const SMALL_CONTEXT_TOKENS = 1000;

/** Scripted scenarios by model name (before any `?params`). */
export const SCRIPTED_SCENARIOS: Record<string, Scenario> = {
  'fake/echo': (ctx) => scriptPlan(ctx, { content: echoText(ctx), finishReason: 'stop' }),
  'fake/reasoning': (ctx) =>
    scriptPlan(ctx, {
      reasoning: {
        field: ctx.model.params.get('field') === 'reasoning' ? 'reasoning' : 'reasoning_content',
        text: `The user wrote "${lastUserText(ctx.request.messages)}". I will repeat it back exactly.`,
      },
      content: echoText(ctx),
      finishReason: 'stop',
    }),
  'fake/tools': toolsScenario,
  'fake/small-context': (ctx) => {
    const used = ctx.request.messages.reduce((sum, message) => sum + estimateTokens(contentText(message.content)), 0);
    if (used > SMALL_CONTEXT_TOKENS) {
      return {
        kind: 'error',
        status: 400,
        body: upstreamError(400, `ContextWindowExceededError: This model's maximum context length is ${SMALL_CONTEXT_TOKENS} tokens. However, your messages resulted in ${used} tokens.`),
      };
    }
    return scriptPlan(ctx, { content: echoText(ctx), finishReason: 'stop' });
  },
  'fake/slow': (ctx) => scriptPlan(ctx, { content: countingText(ctx.model.params), finishReason: 'stop' }, { defaultTps: 10 }),
  'fake/xss': (ctx) => scriptPlan(ctx, { content: XSS_MARKDOWN, finishReason: 'stop' }),
  'fake/cut': (ctx) => truncate(scriptPlan(ctx, { content: CUT_TEXT, finishReason: 'stop' }), 'cut'),
  'fake/error-midstream': (ctx) => truncate(scriptPlan(ctx, { content: CUT_TEXT, finishReason: 'stop' }), 'error'),
  'fake/hang': () => ({ kind: 'hang', sendHeaders: true }),
  'fake/hang-before-headers': () => ({ kind: 'hang', sendHeaders: false }),
};

/** `fake/error-<status>`: answers that HTTP status in LiteLLM's error shape. */
export function errorScenario(model: ParsedModel, bearerToken: string | undefined): Extract<ChatPlan, { kind: 'error' }> | null {
  const match = /^fake\/error-([1-5]\d\d)$/.exec(model.name);
  if (!match) return null;
  const status = Number(match[1]);
  if (status === 401) return { kind: 'error', status, body: invalidApiKeyError(bearerToken) };
  if (status === 429) {
    const retryAfter = model.params.get('retry_after') ?? '7';
    return {
      kind: 'error',
      status,
      body: upstreamError(429, `Rate limit reached for ${model.name}. Please try again in ${retryAfter}s.`),
      headers: { 'retry-after': retryAfter },
    };
  }
  return { kind: 'error', status, body: upstreamError(status, `The fake upstream answered ${status} as scripted for ${model.name}.`) };
}

function echoText(ctx: ScenarioContext): string {
  return lastUserText(ctx.request.messages) || `Hello from ${ctx.model.name}.`;
}

/** `1 2 3 ... N` (`?words=`, default 50): any prefix of it is recognisable as a partial answer. */
function countingText(params: URLSearchParams): string {
  const words = Math.max(1, Math.min(10_000, Number(params.get('words')) || 50));
  return Array.from({ length: words }, (_, i) => String(i + 1)).join(' ');
}

export function scriptPlan(ctx: ScenarioContext, script: Script, options: { defaultTps?: number } = {}): ChatPlan {
  const chunks = new ChunkFactory(ctx.request.model);
  const events: Json[] = [chunks.delta({ role: 'assistant', content: script.content === undefined ? null : '' })];
  const reasoningPieces = script.reasoning ? wordPieces(script.reasoning.text) : [];
  for (const piece of reasoningPieces) events.push(chunks.delta({ [script.reasoning!.field]: piece }));
  const contentPieces = wordPieces(script.content ?? '');
  for (const piece of contentPieces) events.push(chunks.delta({ content: piece }));
  let toolTokens = 0;
  (script.toolCalls ?? []).forEach((call, index) => {
    events.push(chunks.delta({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }));
    // Arguments arrive in several fragments, as real providers send them.
    const middle = Math.ceil(call.arguments.length / 2);
    for (const fragment of [call.arguments.slice(0, middle), call.arguments.slice(middle)]) {
      if (fragment) events.push(chunks.delta({ tool_calls: [{ index, function: { arguments: fragment } }] }));
    }
    toolTokens += estimateTokens(call.name + call.arguments);
  });
  events.push(chunks.finish(script.finishReason));
  const streaming = ctx.request.stream === true;
  if (!streaming || ctx.request.stream_options?.include_usage) {
    const promptTokens = estimateTokens(promptText(ctx.request.messages));
    const completionTokens = reasoningPieces.length + contentPieces.length + toolTokens;
    events.push(
      chunks.usage({
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: reasoningPieces.length },
      }),
    );
  }
  return {
    kind: 'stream',
    events: events.map((event) => JSON.stringify(event)),
    delayMs: delayFromParams(ctx.model.params, options.defaultTps),
    end: 'done',
  };
}

function truncate(plan: ChatPlan, end: 'cut' | 'error'): ChatPlan {
  if (plan.kind !== 'stream') return plan;
  return {
    ...plan,
    events: plan.events.slice(0, CHUNKS_BEFORE_CUT),
    end,
    errorBody: end === 'error' ? upstreamError(500, 'The provider failed in the middle of the answer.') : undefined,
  };
}

/**
 * `fake/tools`: calls every offered tool once, in parallel, with arguments made up from its JSON schema;
 * `url`-like arguments get the first http(s) URL of the user's message (else `https://example.com/`);
 * once the follow-up request carries the results it answers in text naming them. `?rounds=N` asks for N
 * rounds of tool calls before the text answer (to exercise step limits).
 */
function toolsScenario(ctx: ScenarioContext): ChatPlan {
  const { messages, tools = [] } = ctx.request;
  const since = messages.slice(lastUserIndex(messages) + 1);
  const roundsDone = since.filter((m) => m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0).length;
  const rounds = Math.max(1, Number(ctx.model.params.get('rounds')) || 1);
  const offered = tools.filter((tool) => tool.type === 'function' && tool.function?.name);
  if (offered.length === 0) {
    return scriptPlan(ctx, { content: `No tools were offered, so I cannot call any. You said: ${echoText(ctx)}`, finishReason: 'stop' });
  }
  if (roundsDone < rounds) {
    const question = lastUserText(messages);
    const toolCalls = offered.map((tool, index) => ({
      id: `call_${createHash('sha256').update(`${question}|${roundsDone}|${index}|${tool.function.name}`).digest('hex').slice(0, 24)}`,
      name: tool.function.name,
      arguments: JSON.stringify(exampleArguments(tool, question)),
    }));
    return scriptPlan(ctx, { toolCalls, finishReason: 'tool_calls' });
  }
  return scriptPlan(ctx, { content: describeToolResults(since), finishReason: 'stop' });
}

function describeToolResults(since: ChatMessage[]): string {
  const names = new Map<string, string>();
  for (const message of since) for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
  const results = since
    .filter((m) => m.role === 'tool')
    .map((m) => {
      const text = contentText(m.content);
      const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
      return `${names.get(m.tool_call_id ?? '') ?? m.tool_call_id ?? 'a tool'} returned "${shown}"`;
    });
  return results.length > 0 ? `Here is what the tools found: ${results.join('; ')}.` : 'The tools returned nothing.';
}

type JsonSchema = Record<string, unknown>;

function exampleArguments(tool: ToolDefinition, question: string): unknown {
  const numbers = { next: 2 };
  return exampleValue(tool.function.parameters ?? { type: 'object', properties: {} }, '', question, numbers);
}

/** A plausible value for a JSON schema: the question for query-like strings, 2, 3, ... for numbers. */
function exampleValue(schema: JsonSchema, name: string, question: string, numbers: { next: number }): unknown {
  if (schema['default'] !== undefined) return schema['default'];
  if (Array.isArray(schema['enum']) && schema['enum'].length > 0) return schema['enum'][0];
  const type = Array.isArray(schema['type']) ? schema['type'].find((t) => t !== 'null') : schema['type'];
  switch (type) {
    case 'integer':
    case 'number':
      return numbers.next++;
    case 'boolean':
      return true;
    case 'array':
      return [exampleValue((schema['items'] as JsonSchema | undefined) ?? { type: 'string' }, name, question, numbers)];
    case 'object': {
      const properties = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {};
      const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : Object.keys(properties);
      return Object.fromEntries(required.map((key) => [key, exampleValue(properties[key] ?? { type: 'string' }, key, question, numbers)]));
    }
    default:
      // A URL in the user's message lets a test choose the page (e.g. one the fake serves under /pages).
      if (/url|link|href/i.test(name)) return /https?:\/\/[^\s"'<>]+/.exec(question)?.[0] ?? 'https://example.com/';
      return question || 'example';
  }
}
