import { join } from 'node:path';
import { readJsonFile } from '../fixtures.util';
import type { ModelInfoBody } from '../route';
import { SMALL_CONTEXT_TOKENS } from './scripted.scenarios';

/**
 * The `/model/info` body from what a test or the CLI gives: nothing (the recorded fixture), a path to a
 * JSON file, a `{ data: [...] }` body, or just the array of deployments. Copied, so later changes by the
 * caller do not leak in.
 */
export function resolveModelInfo(input: unknown, fixturesDir: string): ModelInfoBody {
  const value = input === undefined ? readJsonFile(join(fixturesDir, 'litellm', 'model_info.json')) : typeof input === 'string' ? readJsonFile(input) : input;
  const data = Array.isArray(value) ? value : (value as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.some((entry) => typeof entry !== 'object' || entry === null || typeof entry.model_name !== 'string')) {
    throw new TypeError('modelInfo must be a /model/info body ({ data: [...] }) or an array of deployments, each with a model_name');
  }
  return { data: structuredClone(data) };
}

export function modelNames(modelInfo: ModelInfoBody): string[] {
  return [...new Set(modelInfo.data.map((entry) => entry['model_name'] as string))];
}

interface ScenarioModel {
  name: string;
  description: string;
  functionCalling?: boolean;
  reasoning?: boolean;
  maxInputTokens?: number;
}

const SCENARIO_MODELS: ScenarioModel[] = [
  { name: 'fake/echo', description: 'Repeats your last message word by word' },
  { name: 'fake/reasoning', description: 'Thinks out loud, then repeats your last message', reasoning: true },
  { name: 'fake/tools', description: 'Calls every offered tool in parallel, then sums up the results', functionCalling: true },
  { name: 'fake/small-context', description: `Repeats your last message; refuses more than ${SMALL_CONTEXT_TOKENS} tokens of input`, maxInputTokens: SMALL_CONTEXT_TOKENS },
  { name: 'fake/slow', description: 'Counts to 50 at 10 tokens per second' },
  { name: 'fake/xss', description: 'Answers markdown with hostile HTML in it' },
  { name: 'fake/cut', description: 'Loses the connection in the middle of the answer' },
  { name: 'fake/error-500', description: 'Always fails with 500' },
  { name: 'cassette/xai_grok_reasoning_stream', description: 'Recorded xAI grok-code-fast-1 answer with reasoning', reasoning: true },
  { name: 'cassette/groq_kimi_parallel_tool_calls_stream', description: 'Recorded Groq Kimi K2 parallel tool calls', functionCalling: true },
];

/** Deployments for the scripted scenarios, so a demo's model picker can offer them. */
export function scenarioDeployments(): ModelInfoBody['data'] {
  return SCENARIO_MODELS.map((model) => ({
    model_name: model.name,
    litellm_params: { model: `openai/${model.name}`, custom_llm_provider: 'openai' },
    model_info: {
      id: `scenario-${model.name.replace(/\W+/g, '-')}`,
      key: model.name,
      mode: 'chat',
      litellm_provider: 'openai',
      description: model.description,
      max_input_tokens: model.maxInputTokens ?? 128000,
      max_output_tokens: 8192,
      input_cost_per_token: 1e-6,
      output_cost_per_token: 2e-6,
      supports_function_calling: model.functionCalling ?? false,
      supports_parallel_function_calling: model.functionCalling ?? false,
      supports_reasoning: model.reasoning ?? false,
      supports_vision: false,
      supported_openai_params: ['max_tokens', 'stream', 'stream_options', 'temperature', ...(model.functionCalling ? ['tools', 'tool_choice'] : [])],
    },
  }));
}
