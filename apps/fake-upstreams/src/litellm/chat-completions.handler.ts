import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { readJsonFile } from '../fixtures.util';
import { bearerToken, sendJson, sendOpenAiError, sleep, startEventStream } from '../http.util';
import type { RouteContext } from '../route';
import { cassetteScenario } from './cassette.scenario';
import type { ChatPlan, ScenarioContext } from './chat-plan';
import { parseModel, validateChatRequest } from './chat-request';
import { chunksToCompletion } from './completion.builder';
import { modelNames } from './model-info';
import { errorScenario, SCRIPTED_SCENARIOS } from './scripted.scenarios';
import { unknownModelError } from './upstream-errors';

export async function handleChatCompletions(ctx: RouteContext): Promise<void> {
  const validated = validateChatRequest(ctx.body);
  if ('error' in validated) return sendOpenAiError(ctx.res, 400, validated.error, 'invalid_request_error', validated.param);
  const { request } = validated;
  const plan = planChat({ request, model: parseModel(request.model), state: ctx.state, bearerToken: bearerToken(ctx.req) });
  if (request.stream === true) await stream(ctx, plan);
  else answer(ctx, plan);
}

function planChat(ctx: ScenarioContext): ChatPlan {
  const scripted = SCRIPTED_SCENARIOS[ctx.model.name];
  if (scripted) return scripted(ctx);
  const special = errorScenario(ctx.model, ctx.bearerToken) ?? cassetteScenario(ctx);
  if (special) return special;
  if (modelNames(ctx.state.modelInfo).includes(ctx.model.name)) return deploymentPlan(ctx);
  return { kind: 'error', status: 404, body: unknownModelError(ctx.request.model) };
}

/**
 * A model listed in `/model/info` answers like `fake/echo`; a `groq/...` one answers `stream: false` with
 * the recorded Groq completion, provider extras included.
 */
function deploymentPlan(ctx: ScenarioContext): ChatPlan {
  const plan = SCRIPTED_SCENARIOS['fake/echo'](ctx);
  if (plan.kind !== 'stream' || !ctx.model.name.startsWith('groq/')) return plan;
  return { ...plan, completion: readJsonFile(join(ctx.state.fixturesDir, 'litellm', 'chat_completion_groq.json')) };
}

function write(res: ServerResponse, text: string): Promise<void> {
  return new Promise((resolve) => res.write(text, () => resolve()));
}

async function stream({ res, signal }: RouteContext, plan: ChatPlan): Promise<void> {
  if (plan.kind === 'error') return sendJson(res, plan.status, plan.body, plan.headers);
  if (plan.kind === 'hang') {
    if (plan.sendHeaders) startEventStream(res);
    return;
  }
  startEventStream(res);
  for (const [index, event] of plan.events.entries()) {
    if (index > 0) await sleep(plan.delayMs, signal);
    if (signal.aborted) return;
    await write(res, `data: ${event}\n\n`);
  }
  if (plan.end === 'cut') {
    res.destroy();
    return;
  }
  await write(res, plan.end === 'error' ? `data: ${JSON.stringify(plan.errorBody)}\n\n` : 'data: [DONE]\n\n');
  res.end();
}

function answer({ res }: RouteContext, plan: ChatPlan): void {
  if (plan.kind === 'error') return sendJson(res, plan.status, plan.body, plan.headers);
  if (plan.kind === 'hang') return;
  if (plan.end === 'cut') {
    res.destroy();
    return;
  }
  if (plan.end === 'error') return sendJson(res, 500, plan.errorBody);
  sendJson(res, 200, plan.completion ?? chunksToCompletion(plan.events.map((event) => JSON.parse(event) as Record<string, unknown>)));
}
