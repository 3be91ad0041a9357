import { Injectable } from '@nestjs/common';
import { RedisService } from './redis.service';

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets. */
  retryAfterSeconds: number;
}

/** Fixed-window counter: `limit` hits per `windowSeconds` per key. Redis-backed in full mode. */
export abstract class RateLimiter {
  abstract hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  abstract reset(key: string): Promise<void>;
}

export function toResult(count: number, limit: number, ttlMs: number): RateLimitResult {
  return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
}

const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

@Injectable()
export class RedisRateLimiter extends RateLimiter {
  constructor(private readonly redis: RedisService) {
    super();
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const [count, ttl] = (await this.redis.client.eval(HIT_SCRIPT, 1, this.redis.key('rl', key), windowSeconds * 1000)) as [number, number];
    return toResult(count, limit, ttl);
  }

  async reset(key: string): Promise<void> {
    await this.redis.client.del(this.redis.key('rl', key));
  }
}

/** One process only (embedded mode). Expired windows are dropped as they are touched and swept now and then. */
@Injectable()
export class MemoryRateLimiter extends RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const now = this.now();
    if (this.windows.size > 10_000) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return toResult(window.count, limit, window.resetAt - now);
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
