export * from './rate-limiter';
export * from './redis.module';
export * from './redis.service';
