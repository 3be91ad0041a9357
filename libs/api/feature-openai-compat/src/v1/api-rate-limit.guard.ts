import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import type { AuthenticatedRequest } from '@kipux/api/http';
import { RateLimiter } from '@kipux/api/redis';
import type { Response } from 'express';
import { OpenAiErrors } from '../openai-errors';

const WINDOW_SECONDS = 60;

/**
 * Requests per minute per API key and per user (all of the user's keys together), shared by every
 * instance through Redis in full mode. Runs after `ApiKeyGuard`. A limit of 0 switches that limit off.
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const user = request.user;
    if (!user?.apiKeyId) return true;
    const perKey = this.config.env.API_RATE_LIMIT_PER_KEY_PER_MINUTE;
    const perUser = this.config.env.API_RATE_LIMIT_PER_USER_PER_MINUTE;
    const [byKey, byUser] = await Promise.all([
      perKey > 0 ? this.limiter.hit(`v1:key:${user.apiKeyId}`, perKey, WINDOW_SECONDS) : null,
      perUser > 0 ? this.limiter.hit(`v1:user:${user.id}`, perUser, WINDOW_SECONDS) : null,
    ]);
    // OpenAI's headers, for the tightest of the two limits.
    const tightest = [byKey && { ...byKey, limit: perKey }, byUser && { ...byUser, limit: perUser }]
      .filter((entry) => entry !== null)
      .sort((a, b) => a.remaining - b.remaining)[0];
    if (tightest) {
      response.setHeader('x-ratelimit-limit-requests', String(tightest.limit));
      response.setHeader('x-ratelimit-remaining-requests', String(tightest.remaining));
      response.setHeader('x-ratelimit-reset-requests', `${tightest.retryAfterSeconds}s`);
    }
    if (byKey && !byKey.allowed) throw OpenAiErrors.rateLimited('key', perKey, byKey.retryAfterSeconds);
    if (byUser && !byUser.allowed) throw OpenAiErrors.rateLimited('user', perUser, byUser.retryAfterSeconds);
    return true;
  }
}
