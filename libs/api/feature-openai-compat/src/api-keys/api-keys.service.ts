import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import { AppException, type AuthUser } from '@kipux/api/http';
import type { ApiKeyDto, CreatedApiKeyDto } from '@kipux/contracts';
import { toApiKeyDto } from '../entities/api-key.entity';
import { OpenAiErrors } from '../openai-errors';
import { generateApiKeySecret, hashApiKeySecret, looksLikeApiKey } from './api-key-secret';
import { SharedLookup } from '../shared-lookup';
import { ApiKeysRepository, type ApiKeyOwner } from './api-keys.repository';

export const MAX_ACTIVE_KEYS = 50;
/** last_used_at is a hint, not an audit log: one write a minute per key is enough. */
const TOUCH_INTERVAL_MS = 60_000;
const NO_USAGE = { requests: 0, totalTokens: 0, costUsd: 0 };

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');
  /** When this process last wrote last_used_at per key, so most requests skip the write entirely. */
  private readonly touchedAt = new Map<string, number>();
  private readonly owners: SharedLookup<ApiKeyOwner | null>;

  constructor(
    private readonly repository: ApiKeysRepository,
    config: AppConfig,
  ) {
    this.owners = new SharedLookup(config.env.API_LOOKUP_CACHE_SECONDS * 1000);
  }

  async list(userId: string): Promise<ApiKeyDto[]> {
    const keys = await this.repository.listForUser(userId);
    const totals = await this.repository.totals(keys.map((key) => key.id));
    return keys.map((key) => toApiKeyDto(key, totals.get(key.id) ?? NO_USAGE));
  }

  async create(userId: string, name: string): Promise<CreatedApiKeyDto> {
    const active = (await this.repository.listForUser(userId)).filter((key) => !key.revokedAt).length;
    if (active >= MAX_ACTIVE_KEYS) throw OpenAiErrors.tooManyKeys(MAX_ACTIVE_KEYS);
    const { secret, prefix, hash } = generateApiKeySecret();
    const key = await this.repository.create({ userId, name, prefix, hash });
    return { ...toApiKeyDto(key, NO_USAGE), secret };
  }

  async revoke(userId: string, id: string): Promise<ApiKeyDto> {
    const key = await this.repository.revoke(userId, id);
    if (!key) throw AppException.notFound('API key');
    this.owners.invalidate(key.hash);
    const totals = await this.repository.totals([key.id]);
    return toApiKeyDto(key, totals.get(key.id) ?? NO_USAGE);
  }

  /** The caller behind a bearer secret, or the OpenAI-shaped error to answer with. */
  async authenticate(secret: string | undefined): Promise<AuthUser> {
    if (!secret || !looksLikeApiKey(secret)) throw OpenAiErrors.invalidApiKey();
    const hash = hashApiKeySecret(secret);
    const owner = await this.owners.get(hash, () => this.repository.findOwnerByHash(hash));
    if (!owner) throw OpenAiErrors.invalidApiKey();
    if (owner.revoked) throw OpenAiErrors.revokedApiKey();
    if (owner.userDisabled) throw OpenAiErrors.accountDisabled();
    this.touch(owner.keyId);
    return { id: owner.userId, email: owner.email, role: owner.role, apiKeyId: owner.keyId };
  }

  private touch(keyId: string): void {
    const now = Date.now();
    if (now - (this.touchedAt.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touchedAt.set(keyId, now);
    if (this.touchedAt.size > 10_000) this.touchedAt.clear();
    this.repository.touch(keyId).catch((error: unknown) => this.logger.warn(`Could not record the use of API key ${keyId}: ${String(error)}`));
  }
}
