import { AppConfig, ConfigError } from './app-config';

describe('AppConfig', () => {
  it('applies defaults for the embedded mode', () => {
    const config = AppConfig.fromEnv({});
    expect(config.env.PORT).toBe(3000);
    expect(config.embeddedDatabase).toBe(true);
    expect(config.redisEnabled).toBe(false);
    expect(config.runsHttp && config.runsWorkers).toBe(true);
  });

  it('switches to full mode when DATABASE_URL and REDIS_URL are set', () => {
    const config = AppConfig.fromEnv({ DATABASE_URL: 'postgres://u@db/kipux', REDIS_URL: 'redis://cache:6379' });
    expect(config.embeddedDatabase).toBe(false);
    expect(config.redisEnabled).toBe(true);
  });

  it('names every bad variable', () => {
    try {
      AppConfig.fromEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'short' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toMatch(/^PORT:/m);
      expect(problems).toMatch(/^DATABASE_URL: must be a postgres:\/\/ URL/m);
      expect(problems).toMatch(/^SESSION_SECRET:/m);
    }
  });

  it('gives the web tools their limits, and takes others from the environment', () => {
    expect(AppConfig.fromEnv({}).env).toMatchObject({
      WEB_SEARCH_TIMEOUT_SECONDS: 10,
      BROWSERLESS_TIMEOUT_SECONDS: 30,
      PAGE_FETCH_TIMEOUT_SECONDS: 15,
      PAGE_CACHE_HOURS: 24,
      PAGE_TOKEN_BUDGET: 6000,
    });
    expect(AppConfig.fromEnv({ PAGE_CACHE_HOURS: '0', PAGE_TOKEN_BUDGET: '12000' }).env).toMatchObject({ PAGE_CACHE_HOURS: 0, PAGE_TOKEN_BUDGET: 12000 });
    expect(() => AppConfig.fromEnv({ WEB_SEARCH_TIMEOUT_SECONDS: '0' })).toThrow(ConfigError);
  });

  it('treats empty strings as unset', () => {
    expect(AppConfig.fromEnv({ DATABASE_URL: '', REDIS_URL: '' }).embeddedDatabase).toBe(true);
  });
});
