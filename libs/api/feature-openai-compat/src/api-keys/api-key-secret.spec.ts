import { generateApiKeySecret, hashApiKeySecret, looksLikeApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('are kpx_ and 43 base64url characters, listed by their first 12 characters, stored as SHA-256', () => {
    const key = generateApiKeySecret();
    expect(key.secret).toMatch(/^kpx_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(key.secret.slice(0, 12));
    expect(key.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(key.hash).toBe(hashApiKeySecret(key.secret));
    expect(key.hash).not.toContain(key.secret.slice(4));
  });

  it('never repeat', () => {
    const secrets = new Set(Array.from({ length: 200 }, () => generateApiKeySecret().secret));
    expect(secrets.size).toBe(200);
  });

  it('are recognised by shape before any lookup', () => {
    expect(looksLikeApiKey(generateApiKeySecret().secret)).toBe(true);
    expect(looksLikeApiKey('sk-not-ours')).toBe(false);
    expect(looksLikeApiKey(`kpx_${'a'.repeat(42)}`)).toBe(false);
    expect(looksLikeApiKey(`kpx_${'a'.repeat(42)}!`)).toBe(false);
  });
});
