/** A personal key for the OpenAI-compatible API (`/v1`), as listed: never the secret. */
export interface ApiKeyDto {
  id: string;
  name: string;
  /** The first characters of the secret (`kpx_` + 8), to recognise the key. */
  prefix: string;
  createdAt: string;
  /** Updated at most once a minute. */
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Calls that reached the model provider with this key, their tokens, and their cost in USD (0 when unpriced). */
  requests: number;
  totalTokens: number;
  costUsd: number;
}

export interface CreateApiKeyRequest {
  name: string;
}

/** The answer to creating a key: the only time the secret is shown. */
export interface CreatedApiKeyDto extends ApiKeyDto {
  secret: string;
}
