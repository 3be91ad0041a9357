import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import Redis from 'ioredis';

/**
 * Redis connections, when `REDIS_URL` is set. `client` is the shared command connection; blocking
 * readers (stream followers, BullMQ) ask for their own with `duplicate()`. All keys go through `key()`
 * so deployments and test runs sharing one Redis never see each other's data.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly connections: Redis[] = [];
  private shared?: Redis;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.redisEnabled;
  }

  get prefix(): string {
    return this.config.env.REDIS_PREFIX;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  get client(): Redis {
    this.shared ??= this.duplicate('shared');
    return this.shared;
  }

  /** A new connection (closed with the app). `maxRetriesPerRequest: null` is what BullMQ workers need. */
  duplicate(name: string, options: { maxRetriesPerRequest?: number | null } = {}): Redis {
    const url = this.config.env.REDIS_URL;
    if (!url) throw new Error('Redis is not configured (REDIS_URL is unset)');
    const connection = new Redis(url, { connectionName: `kipux:${name}`, lazyConnect: false, ...options });
    connection.on('error', (error) => this.logger.warn(`${name}: ${error.message}`));
    this.connections.push(connection);
    return connection;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
