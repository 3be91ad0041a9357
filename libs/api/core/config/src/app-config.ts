import { envSchema, type Env } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The validated environment, read once at boot. Injected wherever configuration is needed. */
export class AppConfig {
  private constructor(readonly env: Env) {}

  static fromEnv(source: Record<string, string | undefined> = process.env): AppConfig {
    const result = envSchema.safeParse(source);
    if (!result.success) {
      throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
    }
    return new AppConfig(result.data);
  }

  /** Embedded mode: PGlite and in-process adapters instead of PostgreSQL and Redis. */
  get embeddedDatabase(): boolean {
    return !this.env.DATABASE_URL;
  }

  get redisEnabled(): boolean {
    return Boolean(this.env.REDIS_URL);
  }

  get runsHttp(): boolean {
    return this.env.PROCESS_ROLE !== 'worker';
  }

  get runsWorkers(): boolean {
    return this.env.PROCESS_ROLE !== 'api';
  }
}
