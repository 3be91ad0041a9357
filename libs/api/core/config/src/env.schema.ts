import { z } from 'zod';

const optionalUrl = z.url().optional();
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** Every environment variable the app reads, with its default. Nothing else reads `process.env`. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Embedded mode's data folder (PGlite lives in `DATA_DIR/pglite`); `:memory:` keeps nothing (tests). */
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional()),
  REDIS_URL: z.preprocess(emptyAsUndefined, z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional()),
  /** Prefix of every Redis key (and BullMQ queue), so several deployments or test runs can share one Redis. */
  REDIS_PREFIX: z.string().default('kipux'),
  SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  /** bcrypt cost factor; tests lower it to stay fast. */
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).default(24 * 14),
  /** `auto` marks cookies Secure when the request came over TLS (directly or via a trusted proxy). */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().optional()),
  LITELLM_BASE_URL: z.preprocess(emptyAsUndefined, optionalUrl),
  LITELLM_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Catalog file in LiteLLM's `/model/info` format, used when LiteLLM is not configured. */
  MODEL_CATALOG_FILE: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Deadlines of chat generations upstream (the LLM client's defaults when unset: 300 s to the first byte, 120 s idle). */
  LLM_FIRST_BYTE_TIMEOUT_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).optional()),
  LLM_IDLE_TIMEOUT_SECONDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).optional()),
  /** A generation whose process sent no heartbeat for this long is marked interrupted (full mode, several instances). */
  CHAT_ORPHAN_AFTER_SECONDS: z.coerce.number().int().min(2).default(30),
  MODEL_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(60),
  /** OpenAI-compatible API (`/v1`): requests per minute per API key and per user (all keys together); 0 = no limit. */
  API_RATE_LIMIT_PER_KEY_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  API_RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().min(0).default(120),
  /** How long /v1 reuses a key's owner and the enabled model list; revoking a key applies at once in the process that revoked it. */
  API_LOOKUP_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(5),
  SEARXNG_URL: z.preprocess(emptyAsUndefined, optionalUrl),
  BROWSERLESS_URL: z.preprocess(emptyAsUndefined, optionalUrl),
  BROWSERLESS_TOKEN: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Deadlines of the web tools: a SearXNG search, a page rendered by browserless, a page fetched directly. */
  WEB_SEARCH_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(10),
  BROWSERLESS_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(30),
  PAGE_FETCH_TIMEOUT_SECONDS: z.coerce.number().min(1).max(300).default(15),
  /** A page read is reused for this long (0: read again every time). */
  PAGE_CACHE_HOURS: z.coerce.number().min(0).default(24),
  /** About this many tokens of a page reach the model (the whole page is stored and embedded). */
  PAGE_TOKEN_BUDGET: z.coerce.number().int().min(500).max(200_000).default(6000),
  EMBEDDING_MODEL: z.preprocess(emptyAsUndefined, z.string().optional()),
  EMBEDDING_DIMENSIONS: z.coerce.number().int().min(1).max(16000).default(1536),
  /** `all` serves HTTP and runs workers; `api` only HTTP; `worker` only background jobs. */
  PROCESS_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  /** Serve the built SPA from this folder (defaults to dist/web next to the API build). */
  WEB_DIST_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** Allow outbound fetches of the model's tools to reach these hosts even if private (tests, demo). */
  SSRF_ALLOW_HOSTS: z.preprocess(emptyAsUndefined, z.string().optional()),
});

export type Env = z.infer<typeof envSchema>;
