import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { MemoryRateLimiter, RateLimiter, RedisRateLimiter } from './rate-limiter';
import { RedisService } from './redis.service';

@Global()
@Module({
  providers: [
    RedisService,
    {
      provide: RateLimiter,
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService) => (config.redisEnabled ? new RedisRateLimiter(redis) : new MemoryRateLimiter()),
    },
  ],
  exports: [RedisService, RateLimiter],
})
export class RedisModule {}
