export type ModelMode = 'chat' | 'completion' | 'embedding' | 'image_generation' | 'audio_transcription' | 'audio_speech' | 'rerank' | string;

export interface ModelCapabilities {
  vision: boolean;
  functionCalling: boolean;
  parallelFunctionCalling: boolean;
  reasoning: boolean;
  webSearch: boolean;
  pdfInput: boolean;
  audioInput: boolean;
  audioOutput: boolean;
  promptCaching: boolean;
  responseSchema: boolean;
}

/** Prices in USD per token, as LiteLLM reports them. */
export interface ModelPrices {
  inputPerToken: number | null;
  outputPerToken: number | null;
  inputPerTokenAbove128k: number | null;
  outputPerTokenAbove128k: number | null;
  inputPerTokenAbove200k: number | null;
  outputPerTokenAbove200k: number | null;
  cacheReadPerToken: number | null;
  cacheWritePerToken: number | null;
  reasoningPerToken: number | null;
}

/** What a user sees in the model picker. */
export interface ModelDto {
  id: string;
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

/** Everything an admin can see of a catalog row. Never a credential. */
export interface AdminModelDto extends ModelDto {
  enabled: boolean;
  available: boolean;
  prices: ModelPrices;
  supportedOpenaiParams: string[];
  credentialName: string | null;
  apiBase: string | null;
  source: 'litellm' | 'file';
  enrichedFromBundle: boolean;
  lastSyncedAt: string | null;
  raw: Record<string, unknown>;
}

export interface ModelSyncResultDto {
  source: 'litellm' | 'file';
  ok: boolean;
  added: number;
  updated: number;
  markedUnavailable: number;
  total: number;
  error: string | null;
  finishedAt: string;
}
