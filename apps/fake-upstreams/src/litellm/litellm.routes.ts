import { bearerToken, sendJson } from '../http.util';
import type { FakeRoute, RouteContext } from '../route';
import { handleChatCompletions } from './chat-completions.handler';
import { handleEmbeddings } from './embeddings.handler';
import { modelNames } from './model-info';
import { invalidApiKeyError } from './upstream-errors';

type Handler = FakeRoute['handle'];

/** LiteLLM checks its master/virtual key on every API route. */
function withApiKey(handle: Handler): Handler {
  return (ctx: RouteContext) => {
    const { apiKey } = ctx.state;
    if (apiKey !== undefined && bearerToken(ctx.req) !== apiKey) return sendJson(ctx.res, 401, invalidApiKeyError(bearerToken(ctx.req)));
    return handle(ctx);
  };
}

function listModels({ res, state }: RouteContext): void {
  sendJson(res, 200, {
    object: 'list',
    data: modelNames(state.modelInfo).map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' })),
  });
}

function modelInfo({ res, state }: RouteContext): void {
  sendJson(res, 200, state.modelInfo);
}

/** LiteLLM serves its OpenAI routes both with and without the `/v1` prefix. */
function bothPrefixes(method: FakeRoute['method'], path: string, handle: Handler): FakeRoute[] {
  return [
    { method, path, handle },
    { method, path: `/v1${path}`, handle },
  ];
}

export const litellmRoutes: FakeRoute[] = [
  ...bothPrefixes('POST', '/chat/completions', withApiKey(handleChatCompletions)),
  ...bothPrefixes('POST', '/embeddings', withApiKey(handleEmbeddings)),
  ...bothPrefixes('GET', '/models', withApiKey(listModels)),
  ...bothPrefixes('GET', '/model/info', withApiKey(modelInfo)),
  { method: 'GET', path: '/health/liveliness', handle: ({ res }) => sendJson(res, 200, "I'm alive!") },
];
