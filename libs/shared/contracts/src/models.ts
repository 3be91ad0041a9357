/** LiteLLM's `mode`; deployments without one are chat models (LiteLLM's own default). */
export type ModelMode = 'chat' | 'completion' | 'embedding' | 'image_generation' | 'audio_transcription' | 'audio_speech' | 'rerank' | (string & {});

export interface ModelCapabilities {
  vision: boolean;
  functionCalling: boolean;
  parallelFunctionCalling: boolean;
  toolChoice: boolean;
  reasoning: boolean;
  webSearch: boolean;
  pdfInput: boolean;
  audioInput: boolean;
  audioOutput: boolean;
  promptCaching: boolean;
  responseSchema: boolean;
  systemMessages: boolean;
}

export type ModelCapability = keyof ModelCapabilities;

export const MODEL_CAPABILITIES: readonly ModelCapability[] = [
  'vision',
  'functionCalling',
  'parallelFunctionCalling',
  'toolChoice',
  'reasoning',
  'webSearch',
  'pdfInput',
  'audioInput',
  'audioOutput',
  'promptCaching',
  'responseSchema',
  'systemMessages',
];

/**
 * Prices in USD per token, as LiteLLM reports them (multiply by 1e6 for $ per 1M tokens). `null` = unknown.
 * Above a tier (128k / 200k prompt tokens) the tier's prices apply to the whole request, as LiteLLM bills.
 */
export interface ModelPrices {
  inputPerToken: number | null;
  outputPerToken: number | null;
  inputPerTokenAbove128k: number | null;
  outputPerTokenAbove128k: number | null;
  inputPerTokenAbove200k: number | null;
  outputPerTokenAbove200k: number | null;
  cacheReadPerToken: number | null;
  cacheReadPerTokenAbove200k: number | null;
  cacheWritePerToken: number | null;
  reasoningPerToken: number | null;
}

/** What a user sees in the model picker. */
export interface ModelDto {
  id: string;
  /** The LiteLLM model name: what chat requests send as `model`. */
  name: string;
  displayName: string;
  description: string | null;
  provider: string | null;
  mode: ModelMode;
  capabilities: ModelCapabilities;
  maxInputTokens: number | null;
  maxOutputTokens: number | null;
  isDefault: boolean;
}

/** Where a catalog row last came from: a LiteLLM proxy, MODEL_CATALOG_FILE, or the catalog bundled with Kipux. */
export type ModelSource = 'litellm' | 'file' | 'bundled';

/** Everything an admin can see of a catalog row. Never a credential. */
export interface AdminModelDto extends ModelDto {
  litellmModelId: string | null;
  enabled: boolean;
  available: boolean;
  prices: ModelPrices;
  supportedOpenaiParams: string[];
  /** Name of the LiteLLM credential the deployment uses (a name, never the secret). */
  credentialName: string | null;
  apiBase: string | null;
  source: ModelSource;
  /** Limits, prices or capabilities were filled in from Kipux's bundled reference data. */
  enrichedFromBundle: boolean;
  lastSyncedAt: string | null;
  /** The deployment as LiteLLM described it, with every secret-like field removed. */
  raw: Record<string, unknown>;
}

export type AdminModelSort = 'name' | 'provider' | 'priceIn' | 'priceOut' | 'context';

export interface AdminModelListQuery {
  q?: string;
  provider?: string;
  mode?: string;
  capability?: ModelCapability;
  enabled?: boolean;
  available?: boolean;
  sort?: AdminModelSort;
  order?: 'asc' | 'desc';
}

export interface AdminUpdateModelRequest {
  enabled?: boolean;
  /** `true` makes this the only default; `false` clears it. */
  isDefault?: boolean;
  /** `null` or '' goes back to the model name. */
  displayName?: string | null;
  /** `null` or '' goes back to the description LiteLLM gives, if any. */
  description?: string | null;
}

export interface ModelSyncResultDto {
  source: ModelSource;
  ok: boolean;
  added: number;
  updated: number;
  markedUnavailable: number;
  /** Models in the source (after merging deployments that share a name). */
  total: number;
  /** Why the sync failed, readable by an admin; the catalog is left as it was. */
  error: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface ModelSyncStatusDto {
  running: boolean;
  lastResult: ModelSyncResultDto | null;
  /** Last sync that succeeded (may be older than `lastResult`). */
  lastSuccessAt: string | null;
  /** 0 = only at boot and on request. */
  intervalMinutes: number;
}

/** Usage summed over messages; `costUsd` adds up the messages whose cost is known. */
export interface UsageTotals {
  /** Chat answers plus API calls. */
  messages: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  totalTokens: number;
  costUsd: number;
}

/** Where tokens were spent: answers in the app's chat, or calls of the OpenAI-compatible `/v1` API. */
export type UsageSource = 'chat' | 'api';

export interface UsageRow extends UsageTotals {
  /** YYYY-MM-DD (UTC). */
  day: string;
  model: string;
  source: UsageSource;
  /** Only in the admin report. */
  userId?: string;
  userEmail?: string;
}

export interface UsageReportDto {
  from: string;
  to: string;
  totals: UsageTotals;
  rows: UsageRow[];
}
