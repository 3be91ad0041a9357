import { RedisService } from '@kipux/api/redis';
import { randomUUID } from 'node:crypto';

/** Lets one instance at a time sync the catalog. */
export abstract class SyncLock {
  /** A release function, or null when another instance holds the lock. */
  abstract acquire(ttlMs: number): Promise<(() => Promise<void>) | null>;
  abstract isHeld(): Promise<boolean>;
}

/** Without Redis there is one process; the service already merges concurrent calls within it. */
export class LocalSyncLock extends SyncLock {
  private held = false;

  async acquire(): Promise<(() => Promise<void>) | null> {
    if (this.held) return null;
    this.held = true;
    return async () => {
      this.held = false;
    };
  }

  async isHeld(): Promise<boolean> {
    return this.held;
  }
}

/** Deletes the key only if it still holds our token, so an expired lock taken over by another instance survives. */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisSyncLock extends SyncLock {
  constructor(private readonly redis: RedisService) {
    super();
  }

  private get key(): string {
    return this.redis.key('model-catalog', 'sync-lock');
  }

  async acquire(ttlMs: number): Promise<(() => Promise<void>) | null> {
    const token = randomUUID();
    const ok = await this.redis.client.set(this.key, token, 'PX', ttlMs, 'NX');
    if (ok !== 'OK') return null;
    return async () => {
      await this.redis.client.eval(RELEASE_SCRIPT, 1, this.key, token);
    };
  }

  async isHeld(): Promise<boolean> {
    return (await this.redis.client.exists(this.key)) === 1;
  }
}
