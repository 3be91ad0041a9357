import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'kpx_';
/** `kpx_` and the first 8 characters of the random part: shown in lists, too short to guess the rest. */
const VISIBLE_LENGTH = API_KEY_PREFIX.length + 8;
/** 32 random bytes in base64url: 43 characters. */
const SECRET_PATTERN = /^kpx_[A-Za-z0-9_-]{43}$/;

export interface NewApiKeySecret {
  secret: string;
  prefix: string;
  hash: string;
}

/** 256 random bits: a plain SHA-256 is enough to store them (no brute force can reach a key that long). */
export function generateApiKeySecret(): NewApiKeySecret {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, VISIBLE_LENGTH), hash: hashApiKeySecret(secret) };
}

export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Cheap shape check before touching the database with whatever a client sent. */
export function looksLikeApiKey(value: string): boolean {
  return SECRET_PATTERN.test(value);
}
