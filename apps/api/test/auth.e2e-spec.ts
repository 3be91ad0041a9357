import { CSRF_HEADER, SESSION_COOKIE } from '@kipux/contracts';
import { testTargets } from '@kipux/api/testing';
import request from 'supertest';
import { signUp, startApi, uniqueEmail, type RunningApi } from './support/start-api';

function cookieNames(response: request.Response): string[] {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  return (header ?? []).map((cookie) => cookie.split('=')[0] as string);
}

describe.each(testTargets())('auth API on $name', (target) => {
  let api: RunningApi;
  let admin: Awaited<ReturnType<typeof signUp>>;

  beforeAll(async () => {
    api = await startApi(target);
    admin = await signUp(api, { name: 'First Admin' });
  });
  afterAll(() => api.close());

  it('makes the first registered user an admin and later ones users', async () => {
    expect(admin.user.role).toBe('admin');
    expect((await signUp(api)).user.role).toBe('user');
  });

  it('register → me → logout → login → me', async () => {
    const agent = request.agent(api.app.getHttpServer());
    const email = uniqueEmail('first');
    const registered = await agent
      .post('/api/auth/register')
      .send({ name: 'Ada', email: email.toUpperCase(), password: 'analytical engine', phone: '+34 600 111 222' })
      .expect(201);
    expect(registered.body.user).toMatchObject({ email, name: 'Ada', phone: '+34600111222', role: 'user', disabled: false });
    expect(registered.body.csrfToken).toMatch(/^[\w-]{40,}$/);
    const sessionCookie = (registered.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/SameSite=Lax/);

    const me = await agent.get('/api/auth/me').expect(200);
    expect(me.body.user.email).toBe(email);
    expect(me.body.csrfToken).toBe(registered.body.csrfToken);

    await agent.post('/api/auth/logout').set(CSRF_HEADER, registered.body.csrfToken).expect(204);
    await agent.get('/api/auth/me').expect(401);

    const login = await agent.post('/api/auth/login').send({ email, password: 'analytical engine' }).expect(200);
    expect(cookieNames(login)).toEqual(expect.arrayContaining([SESSION_COOKIE, 'kipux_csrf']));
    expect((await agent.get('/api/auth/me').expect(200)).body.user.email).toBe(email);
  });

  it('refuses a duplicate email with 409 whatever its case', async () => {
    const { user } = await signUp(api);
    const response = await api.http.post('/api/auth/register').send({ name: 'Dup', email: user.email.toUpperCase(), password: 'another password' }).expect(409);
    expect(response.body).toMatchObject({ code: 'email_taken', fields: { email: expect.any(Array) } });
  });

  it.each([
    ['email', { email: 'not-an-email' }],
    ['phone', { phone: '12345' }],
    ['phone', { phone: '+34 123' }],
    ['password', { password: 'short' }],
    ['name', { name: '' }],
    ['role', { role: 'admin' }],
  ])('answers 400 naming %s for bad input', async (field, override) => {
    const body = { name: 'X', email: uniqueEmail(), password: 'long enough password', ...override };
    const response = await api.http.post('/api/auth/register').send(body).expect(400);
    expect(response.body.code).toBe('validation_failed');
    expect(Object.keys(response.body.fields)).toContain(field);
    expect(response.body.message).toContain(field);
  });

  it('answers 400 for malformed JSON and 413 for an oversized body, without a stack', async () => {
    const malformed = await api.http.post('/api/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expect(malformed.body).toEqual({ statusCode: 400, code: 'invalid_json', message: expect.any(String) });
    const huge = await api.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(huge.body.code).toBe('payload_too_large');
    expect(JSON.stringify(huge.body)).not.toMatch(/at .*\.js/);
  });

  it('locks the account after repeated wrong passwords (429 with Retry-After), even for the right password', async () => {
    const { user, password } = await signUp(api);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api.http.post('/api/auth/login').send({ email: user.email, password: 'wrong password!' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await api.http.post('/api/auth/login').send({ email: user.email, password }).expect(429);
    expect(locked.body.code).toBe('account_locked');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
  });

  it('requires the CSRF token for cookie-authenticated mutations and refuses cross-origin ones', async () => {
    const { agent, withCsrf } = await signUp(api);
    const missing = await agent.patch('/api/me/settings').send({ theme: 'dark' }).expect(403);
    expect(missing.body.code).toBe('csrf_invalid');
    await agent.patch('/api/me/settings').set(CSRF_HEADER, 'wrong').send({ theme: 'dark' }).expect(403);
    const crossOrigin = await agent.patch('/api/me/settings').set(withCsrf).set('Origin', 'https://evil.example').send({ theme: 'dark' }).expect(403);
    expect(crossOrigin.body.code).toBe('cross_origin');
    await agent.patch('/api/me/settings').set(withCsrf).send({ theme: 'dark' }).expect(200);
  });

  it('reads and merges settings, validating each field', async () => {
    const { agent, withCsrf } = await signUp(api);
    expect((await agent.get('/api/me/settings').expect(200)).body).toEqual({});
    await agent.patch('/api/me/settings').set(withCsrf).send({ locale: 'en', temperature: 0.7 }).expect(200);
    const merged = await agent.patch('/api/me/settings').set(withCsrf).send({ theme: 'dark', systemPrompt: 'Be brief.', defaultModel: 'gpt-4o' }).expect(200);
    expect(merged.body).toEqual({ locale: 'en', temperature: 0.7, theme: 'dark', systemPrompt: 'Be brief.', defaultModel: 'gpt-4o' });
    const cleared = await agent.patch('/api/me/settings').set(withCsrf).send({ temperature: null }).expect(200);
    expect(cleared.body.temperature).toBeNull();
    for (const [field, value] of [
      ['locale', 'fr'],
      ['theme', 'blue'],
      ['temperature', 3],
      ['systemPrompt', 'x'.repeat(8001)],
    ] as const) {
      const response = await agent.patch('/api/me/settings').set(withCsrf).send({ [field]: value }).expect(400);
      expect(response.body.fields).toHaveProperty(field);
    }
  });

  it('keeps admin routes for admins: 403 for users', async () => {
    const member = await signUp(api);
    const denied = await member.agent.get('/api/admin/users').expect(403);
    expect(denied.body.code).toBe('forbidden');
    await member.agent.patch(`/api/admin/users/${member.user.id}`).set(member.withCsrf).send({ role: 'admin' }).expect(403);
    expect((await member.agent.get('/api/auth/me').expect(200)).body.user.role).toBe('user');
  });

  it('lets an admin search users, promote one, and disable one (ending their sessions)', async () => {
    const member = await signUp(api, { name: 'Grace Hopper' });
    const found = await admin.agent.get('/api/admin/users').query({ q: 'grace hop', limit: 5 }).expect(200);
    expect(found.body).toMatchObject({ total: 1, limit: 5, offset: 0, items: [{ id: member.user.id, name: 'Grace Hopper' }] });

    const promoted = await admin.agent.patch(`/api/admin/users/${member.user.id}`).set(admin.withCsrf).send({ role: 'admin' }).expect(200);
    expect(promoted.body.role).toBe('admin');
    await member.agent.get('/api/admin/users').expect(200);

    await admin.agent.patch(`/api/admin/users/${member.user.id}`).set(admin.withCsrf).send({ disabled: true }).expect(200);
    await member.agent.get('/api/auth/me').expect(401);
    const login = await api.http.post('/api/auth/login').send({ email: member.user.email, password: member.password }).expect(403);
    expect(login.body.code).toBe('account_disabled');
  });

  it('refuses an admin changing themselves, unknown ids, and bad fields', async () => {
    const self = await admin.agent.patch(`/api/admin/users/${admin.user.id}`).set(admin.withCsrf).send({ role: 'user' }).expect(400);
    expect(self.body.code).toBe('cannot_modify_self');
    await admin.agent.patch('/api/admin/users/00000000-0000-4000-8000-000000000000').set(admin.withCsrf).send({ role: 'user' }).expect(404);
    await admin.agent.patch('/api/admin/users/not-a-uuid').set(admin.withCsrf).send({ role: 'user' }).expect(404);
    const bad = await admin.agent.patch(`/api/admin/users/${admin.user.id}`).set(admin.withCsrf).send({ role: 'root' }).expect(400);
    expect(bad.body.fields).toHaveProperty('role');
    const badPage = await admin.agent.get('/api/admin/users').query({ limit: 1000 }).expect(400);
    expect(badPage.body.fields).toHaveProperty('limit');
  });

  it('never answers a password hash', async () => {
    const { agent, user } = await signUp(api);
    const answers = [
      await agent.get('/api/auth/me'),
      await agent.get('/api/me/settings'),
      await api.http.post('/api/auth/login').send({ email: user.email, password: 'correct horse battery' }),
      await admin.agent.get('/api/admin/users').query({ limit: 100 }),
    ];
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toMatch(/password|\$2[aby]\$/i);
  });

  it('reports health', async () => {
    const health = await api.http.get('/api/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      database: { status: 'up', kind: target.databaseUrl ? 'postgres' : 'pglite' },
      redis: { status: target.redisUrl ? 'up' : 'embedded' },
    });
  });

  it('answers unknown API routes with a 404 in the error shape', async () => {
    const response = await api.http.get('/api/nope').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, code: 'not_found' });
  });
});
