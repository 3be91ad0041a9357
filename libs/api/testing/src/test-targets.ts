import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * Where integration tests run: always embedded PGlite with in-process adapters, and also real
 * PostgreSQL + Redis when `TEST_DATABASE_URL` / `TEST_REDIS_URL` are set (`npm test` sets them when
 * the servers answer; CI requires them).
 */
export interface TestTarget {
  name: 'pglite' | 'postgres+redis' | 'postgres';
  databaseUrl?: string;
  redisUrl?: string;
}

export function testTargets(): TestTarget[] {
  const targets: TestTarget[] = [{ name: 'pglite' }];
  const databaseUrl = process.env['TEST_DATABASE_URL'];
  const redisUrl = process.env['TEST_REDIS_URL'];
  if (databaseUrl) targets.push({ name: redisUrl ? 'postgres+redis' : 'postgres', databaseUrl, redisUrl });
  return targets;
}

/** Targets with Redis, for tests of what only exists in full mode (several instances, BullMQ). */
export function redisTargets(): TestTarget[] {
  return testTargets().filter((target) => target.redisUrl);
}

export interface PreparedTarget {
  /** Environment for `AppConfig.fromEnv`: a fresh database (and Redis key prefix) for this test file. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

const BASE_TEST_ENV = { NODE_ENV: 'test', BCRYPT_ROUNDS: '4', LOG_LEVEL: 'warn', MODEL_SYNC_INTERVAL_MINUTES: '0' };

export async function prepareTarget(target: TestTarget, extraEnv: Record<string, string> = {}): Promise<PreparedTarget> {
  const id = randomBytes(6).toString('hex');
  const env: Record<string, string> = { ...BASE_TEST_ENV, DATA_DIR: ':memory:', ...extraEnv };
  const cleanups: Array<() => Promise<void>> = [];
  if (target.databaseUrl) {
    const database = `kipux_test_${id}`;
    await withClient(target.databaseUrl, (client) => client.query(`CREATE DATABASE ${database}`));
    env['DATABASE_URL'] = withDatabase(target.databaseUrl, database);
    cleanups.push(async () => {
      await withClient(target.databaseUrl as string, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    });
  }
  if (target.redisUrl) {
    const prefix = `kipux-test-${id}`;
    env['REDIS_URL'] = target.redisUrl;
    env['REDIS_PREFIX'] = prefix;
    cleanups.push(() => deleteRedisKeys(target.redisUrl as string, prefix));
  }
  return {
    env,
    cleanup: async () => {
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
