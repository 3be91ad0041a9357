import type { ModelCapabilities, ModelPrices } from '@kipux/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of LiteLLM's `GET /model/info` answer (`{ data: [...] }`). */
export interface LiteLlmDeployment {
  model_name: string;
  litellm_params?: Record<string, unknown>;
  model_info?: Record<string, unknown>;
}

/** A catalog row as a source describes it: everything sync may overwrite (never the admin's choices). */
export interface CatalogEntry {
  name: string;
  litellmModelId: string | null;
  provider: string | null;
  mode: string;
  upstreamDescription: string | null;
  capabilities: ModelCapabilities;
  prices: ModelPrices;
  maxInputTokens: number | null;
  maxOutputTokens: number | null;
  supportedOpenaiParams: string[];
  credentialName: string | null;
  apiBase: string | null;
  enrichedFromBundle: boolean;
  raw: Record<string, unknown>;
}

/** Field names that may hold secrets; `SAFE_KEY` lists the harmless ones they would also catch. */
const SECRET_KEY = /key|secret|token|password|passwd|credential|auth|cookie|signature/i;
const SAFE_KEY = /^(max_(input_|output_)?tokens|litellm_credential_name|supports_\w+|\w*(cost|price)\w*|output_vector_size)$/i;

/** A deep copy without any secret-like field, and URLs without user info or query (where keys hide). */
export function sanitize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitize);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => SAFE_KEY.test(key) || !SECRET_KEY.test(key))
        .map(([key, inner]) => [key, sanitize(inner)]),
    );
  }
  return typeof value === 'string' ? sanitizeUrl(value) : value;
}

function sanitizeUrl(text: string): string {
  if (!/^https?:\/\//i.test(text)) return text;
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString();
  } catch {
    return text;
  }
}

type ReferenceEntry = Record<string, unknown> & { kipux_aliases?: string[] };

/** The bundled reference data (see reference-data/model-reference-data.json), indexed by every name it knows. */
export class ReferenceData {
  private readonly byName = new Map<string, ReferenceEntry>();

  constructor(entries: Record<string, ReferenceEntry>) {
    for (const [key, entry] of Object.entries(entries)) {
      if (key.startsWith('_')) continue;
      for (const name of [key, ...(entry.kipux_aliases ?? [])]) this.byName.set(normalizeName(name), entry);
    }
  }

  lookup(...names: Array<string | null | undefined>): ReferenceEntry | undefined {
    for (const name of names) {
      const entry = name ? this.byName.get(normalizeName(name)) : undefined;
      if (entry) return entry;
    }
    return undefined;
  }
}

/** `groq/Llama-3.3-70B` and `llama3.3-70b` compare equal: provider prefix, case and punctuation are ignored. */
export function normalizeName(name: string): string {
  return (name.split('/').pop() ?? name).toLowerCase().replace(/[^a-z0-9]/g, '');
}

let referenceData: ReferenceData | undefined;

function bundledReference(): ReferenceData {
  referenceData ??= new ReferenceData(JSON.parse(readFileSync(join(__dirname, 'reference-data', 'model-reference-data.json'), 'utf8')));
  return referenceData;
}

/** Price fields LiteLLM also accepts in `litellm_params` (a deployment's own price overrides). */
const PRICE_FIELDS = [
  'input_cost_per_token',
  'output_cost_per_token',
  'input_cost_per_token_above_128k_tokens',
  'output_cost_per_token_above_128k_tokens',
  'input_cost_per_token_above_200k_tokens',
  'output_cost_per_token_above_200k_tokens',
  'cache_read_input_token_cost',
  'cache_read_input_token_cost_above_200k_tokens',
  'cache_creation_input_token_cost',
  'output_cost_per_reasoning_token',
];

/** Fields the reference data may fill in when the deployment leaves them empty. */
const ENRICHABLE_FIELDS = [
  ...PRICE_FIELDS,
  'max_tokens',
  'max_input_tokens',
  'max_output_tokens',
  'mode',
  'supports_vision',
  'supports_function_calling',
  'supports_parallel_function_calling',
  'supports_tool_choice',
  'supports_reasoning',
  'supports_web_search',
  'supports_pdf_input',
  'supports_audio_input',
  'supports_audio_output',
  'supports_prompt_caching',
  'supports_response_schema',
  'supports_system_messages',
];

const isSet = (value: unknown) => value !== null && value !== undefined;

/**
 * Turns one deployment into a catalog entry: model_info first, then the deployment's own prices in
 * litellm_params, then the bundled reference data for whatever is still unknown (bare `model_info`).
 */
export function toCatalogEntry(deployment: LiteLlmDeployment, reference: ReferenceData = bundledReference()): CatalogEntry {
  const params = deployment.litellm_params ?? {};
  const info: Record<string, unknown> = { ...deployment.model_info };
  for (const field of PRICE_FIELDS) if (!isSet(info[field]) && isSet(params[field])) info[field] = params[field];

  const upstreamModel = str(params['model']);
  const bundled = reference.lookup(deployment.model_name, upstreamModel, str(info['key']));
  let enriched = false;
  if (bundled) {
    for (const field of ENRICHABLE_FIELDS) {
      if (!isSet(info[field]) && isSet(bundled[field])) {
        info[field] = bundled[field];
        enriched = true;
      }
    }
  }

  const supportedOpenaiParams = Array.isArray(info['supported_openai_params']) ? info['supported_openai_params'].filter((p): p is string => typeof p === 'string') : [];
  const flag = (field: string) => info[field] === true;
  const functionCalling = flag('supports_function_calling');
  return {
    name: deployment.model_name,
    litellmModelId: str(info['id']),
    provider: str(info['litellm_provider']) ?? str(params['custom_llm_provider']) ?? (upstreamModel?.includes('/') ? (upstreamModel.split('/')[0] ?? null) : null),
    mode: str(info['mode']) ?? 'chat',
    upstreamDescription: str(info['description']),
    capabilities: {
      vision: flag('supports_vision'),
      functionCalling,
      parallelFunctionCalling: flag('supports_parallel_function_calling') || (functionCalling && supportedOpenaiParams.includes('parallel_tool_calls')),
      toolChoice: flag('supports_tool_choice'),
      reasoning: flag('supports_reasoning'),
      webSearch: flag('supports_web_search'),
      pdfInput: flag('supports_pdf_input'),
      audioInput: flag('supports_audio_input'),
      audioOutput: flag('supports_audio_output'),
      promptCaching: flag('supports_prompt_caching'),
      responseSchema: flag('supports_response_schema'),
      systemMessages: flag('supports_system_messages'),
    },
    prices: {
      inputPerToken: num(info['input_cost_per_token']),
      outputPerToken: num(info['output_cost_per_token']),
      inputPerTokenAbove128k: num(info['input_cost_per_token_above_128k_tokens']),
      outputPerTokenAbove128k: num(info['output_cost_per_token_above_128k_tokens']),
      inputPerTokenAbove200k: num(info['input_cost_per_token_above_200k_tokens']),
      outputPerTokenAbove200k: num(info['output_cost_per_token_above_200k_tokens']),
      cacheReadPerToken: num(info['cache_read_input_token_cost']),
      cacheReadPerTokenAbove200k: num(info['cache_read_input_token_cost_above_200k_tokens']),
      cacheWritePerToken: num(info['cache_creation_input_token_cost']),
      reasoningPerToken: num(info['output_cost_per_reasoning_token']),
    },
    maxInputTokens: int(info['max_input_tokens']),
    maxOutputTokens: int(info['max_output_tokens']) ?? int(info['max_tokens']),
    supportedOpenaiParams,
    credentialName: str(params['litellm_credential_name']),
    apiBase: str(params['api_base']) === null ? null : sanitizeUrl(str(params['api_base']) as string),
    enrichedFromBundle: enriched,
    raw: sanitize({ model_name: deployment.model_name, litellm_params: params, model_info: deployment.model_info ?? {} }) as Record<string, unknown>,
  };
}

/** The deployments of a `/model/info` body (or a bare array), validated enough to be read safely. */
export function parseModelInfoBody(body: unknown): LiteLlmDeployment[] {
  const data = Array.isArray(body) ? body : (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new Error('expected { "data": [...] } (LiteLLM\'s /model/info format)');
  return data.map((entry, index) => {
    if (!entry || typeof entry !== 'object' || typeof (entry as { model_name?: unknown }).model_name !== 'string' || !(entry as LiteLlmDeployment).model_name.trim()) {
      throw new Error(`data[${index}] has no model_name`);
    }
    const deployment = entry as LiteLlmDeployment;
    return {
      model_name: deployment.model_name.trim(),
      litellm_params: isObject(deployment.litellm_params) ? deployment.litellm_params : {},
      model_info: isObject(deployment.model_info) ? deployment.model_info : {},
    };
  });
}

/**
 * Catalog entries by model name. LiteLLM lists one deployment per backend, so a load-balanced model
 * appears several times under one name; the deployment that says the most about it describes it.
 */
export function toCatalogEntries(deployments: LiteLlmDeployment[]): CatalogEntry[] {
  const byName = new Map<string, LiteLlmDeployment>();
  for (const deployment of deployments) {
    const current = byName.get(deployment.model_name);
    if (!current || knownFields(deployment) > knownFields(current)) byName.set(deployment.model_name, deployment);
  }
  return [...byName.values()].map((deployment) => toCatalogEntry(deployment));
}

function knownFields(deployment: LiteLlmDeployment): number {
  return Object.values(deployment.model_info ?? {}).filter(isSet).length;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}
