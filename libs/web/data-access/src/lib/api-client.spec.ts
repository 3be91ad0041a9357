import { describe, expect, it } from 'vitest';
import { createFakeFetch } from '../testing/fake-fetch';
import { ApiClient } from './api-client';
import { ApiError, NETWORK_ERROR_CODE } from './api-error';

describe('ApiClient', () => {
  it('sends JSON with same-origin credentials and parses the JSON answer', async () => {
    const fake = createFakeFetch({ 'POST /api/auth/login': { status: 200, body: { ok: true } } });
    const client = new ApiClient({ fetch: fake.fetch, readCookie: () => null });

    await expect(client.post('/api/auth/login', { email: 'a@b.co', password: 'x' })).resolves.toEqual({ ok: true });

    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      credentials: 'same-origin',
      body: { email: 'a@b.co', password: 'x' },
      headers: { 'content-type': 'application/json' },
    });
  });

  it.each(['POST', 'PATCH', 'PUT', 'DELETE'] as const)('adds the CSRF header on %s', async (method) => {
    const fake = createFakeFetch({ [`${method} /api/thing`]: { status: 204 } });
    const client = new ApiClient({ fetch: fake.fetch, readCookie: () => null });
    client.setCsrfToken('tok-123');

    await client.request(method, '/api/thing');

    expect(fake.requests[0].headers['x-csrf-token']).toBe('tok-123');
  });

  it('never sends the CSRF header on GET', async () => {
    const fake = createFakeFetch({ 'GET /api/thing': { status: 200, body: [] } });
    const client = new ApiClient({ fetch: fake.fetch, readCookie: () => 'cookie-tok' });
    client.setCsrfToken('tok-123');

    await client.get('/api/thing');

    expect(fake.requests[0].headers['x-csrf-token']).toBeUndefined();
  });

  it('falls back to the kipux_csrf cookie when no token was set (after a reload)', async () => {
    const fake = createFakeFetch({ 'PATCH /api/me/settings': { status: 200, body: {} } });
    const client = new ApiClient({ fetch: fake.fetch, readCookie: (name) => (name === 'kipux_csrf' ? 'from-cookie' : null) });

    await client.patch('/api/me/settings', { theme: 'dark' });

    expect(fake.requests[0].headers['x-csrf-token']).toBe('from-cookie');
  });

  it('reads the CSRF cookie from document.cookie by default', async () => {
    document.cookie = 'other=1';
    document.cookie = 'kipux_csrf=doc%20token';
    const fake = createFakeFetch({ 'DELETE /api/x': { status: 204 } });
    const client = new ApiClient({ fetch: fake.fetch });

    await expect(client.delete('/api/x')).resolves.toBeUndefined();

    expect(fake.requests[0].headers['x-csrf-token']).toBe('doc token');
  });

  it('encodes query parameters and drops empty ones', async () => {
    const fake = createFakeFetch({ 'GET /api/admin/users': { status: 200, body: { items: [] } } });
    const client = new ApiClient({ fetch: fake.fetch });

    await client.get('/api/admin/users', { query: { limit: 20, offset: 0, q: 'ana & co', empty: '', none: undefined } });

    expect(fake.requests[0].url).toBe('/api/admin/users?limit=20&offset=0&q=ana+%26+co');
  });

  it('throws ApiError carrying the server error body with field messages', async () => {
    const body = {
      statusCode: 400,
      code: 'validation_failed',
      message: 'email must be an email',
      fields: { email: ['email must be an email'], password: ['password is too short'] },
    };
    const fake = createFakeFetch({ 'POST /api/auth/register': { status: 400, body } });
    const client = new ApiClient({ fetch: fake.fetch });

    const error = await client.post('/api/auth/register', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body).toEqual(body);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).code).toBe('validation_failed');
    expect((error as ApiError).message).toBe('email must be an email');
  });

  it('reads Retry-After on 429', async () => {
    const fake = createFakeFetch({
      'POST /api/auth/login': {
        status: 429,
        headers: { 'Retry-After': '42' },
        body: { statusCode: 429, code: 'too_many_attempts', message: 'Too many attempts' },
      },
    });
    const error = (await new ApiClient({ fetch: fake.fetch }).post('/api/auth/login', {}).catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe('too_many_attempts');
    expect(error.retryAfterSeconds).toBe(42);
  });

  it('synthesizes an error body when the answer is not JSON', async () => {
    const fake = createFakeFetch({ 'GET /api/health': { status: 502, body: '<html>Bad gateway</html>' } });

    const error = (await new ApiClient({ fetch: fake.fetch }).get('/api/health').catch((e: unknown) => e)) as ApiError;

    expect(error.body).toMatchObject({ statusCode: 502, code: 'http_502' });
  });

  it('turns a failed connection into a network_error ApiError', async () => {
    const client = new ApiClient({
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });

    const error = (await client.get('/api/health').catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.body).toMatchObject({ statusCode: 0, code: NETWORK_ERROR_CODE });
  });

  it('tells listeners about a 401', async () => {
    const fake = createFakeFetch({
      'GET /api/me/settings': { status: 401, body: { statusCode: 401, code: 'unauthenticated', message: 'Log in' } },
    });
    const client = new ApiClient({ fetch: fake.fetch });
    let calls = 0;
    client.onUnauthorized(() => calls++);

    await expect(client.get('/api/me/settings')).rejects.toBeInstanceOf(ApiError);

    expect(calls).toBe(1);
  });
});
