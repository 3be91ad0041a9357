import { RateLimiter } from '@kipux/api/redis';
import { createTestApp, testTargets, type TestApp } from '@kipux/api/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthModule } from './auth.module';
import { AuthService } from './auth.service';
import { SessionStore } from './session-store';
import { UsersRepository } from './users.repository';

const newUser = (email: string) => ({ email, name: 'N', phone: null, passwordHash: 'x' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testTargets())('auth persistence on $name', (target) => {
  let testApp: TestApp;
  let users: UsersRepository;
  let sessions: SessionStore;

  beforeAll(async () => {
    testApp = await createTestApp(target, { imports: [AuthModule] });
    users = testApp.app.get(UsersRepository);
    sessions = testApp.app.get(SessionStore);
  });
  afterAll(() => testApp.close());

  it('uses the session store of its mode', () => {
    expect(sessions.constructor.name).toBe(target.redisUrl ? 'RedisSessionStore' : 'DatabaseSessionStore');
  });

  it('makes exactly one admin when the first sign-ups race, and keeps emails unique whatever their case', async () => {
    const created = await Promise.all(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io'].map((email) => users.create(newUser(email))));
    expect(created.filter((user) => user.role === 'admin')).toHaveLength(1);
    await expect(users.create(newUser('A@X.IO'))).rejects.toMatchObject({ code: '23505' });
    expect((await users.findByEmail('C@x.io'))?.id).toBe(created[2]?.id);
  });

  it('locks after the maximum of consecutive failures and counts concurrent failures exactly', async () => {
    const user = await users.create(newUser('lock@x.io'));
    const results = await Promise.all([1, 2, 3].map(() => users.recordFailedLogin(user.id, 4, 60)));
    expect(results.every((r) => r.lockedUntil === null)).toBe(true);
    const { lockedUntil } = await users.recordFailedLogin(user.id, 4, 60);
    expect(lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 50_000);
    await users.recordSuccessfulLogin(user.id);
    expect(await users.findById(user.id)).toMatchObject({ failedLoginCount: 0, lockedUntil: null });
  });

  it('searches by name or email, treating LIKE wildcards literally', async () => {
    await users.create({ ...newUser('percent@x.io'), name: '100% Real' });
    const [wildcard] = await users.list({ q: '%', limit: 50, offset: 0 });
    expect(wildcard.map((user) => user.name)).toEqual(['100% Real']);
    const [, total] = await users.list({ q: 'x.io', limit: 2, offset: 0 });
    expect(total).toBeGreaterThanOrEqual(6);
  });

  it('stores sessions by hash, finds them by token, expires and destroys them', async () => {
    const user = await users.create(newUser('session@x.io'));
    const session = await sessions.create(user.id, 60);
    expect(session.id).not.toContain(session.token);
    expect(await sessions.findByToken(session.token)).toEqual({ id: session.id, userId: user.id, csrfToken: session.csrfToken });
    expect(await sessions.findByToken(`${session.token}x`)).toBeNull();

    const other = await sessions.create(user.id, 60);
    await sessions.destroy(session.id);
    expect(await sessions.findByToken(session.token)).toBeNull();
    expect(await sessions.findByToken(other.token)).not.toBeNull();
    await sessions.destroyAllForUser(user.id);
    expect(await sessions.findByToken(other.token)).toBeNull();

    const shortLived = await sessions.create(user.id, 1);
    await sleep(1100);
    expect(await sessions.findByToken(shortLived.token)).toBeNull();
  });

  it('rate limits per key across calls', async () => {
    const limiter = testApp.app.get(RateLimiter);
    const allowed = [];
    for (let i = 0; i < 4; i++) allowed.push((await limiter.hit('medium-test', 3, 60)).allowed);
    expect(allowed).toEqual([true, true, true, false]);
  });
});

describe('embedded mode', () => {
  it('keeps users and sessions across restarts in DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kipux-persist-'));
    try {
      const first = await createTestApp({ name: 'pglite' }, { imports: [AuthModule] }, { DATA_DIR: dataDir });
      const signedIn = await first.app.get(AuthService).register({ name: 'Persist', email: 'persist@x.io', password: 'long password' }, '127.0.0.1');
      await first.close();

      const second = await createTestApp({ name: 'pglite' }, { imports: [AuthModule] }, { DATA_DIR: dataDir });
      const resolved = await second.app.get(AuthService).resolveSession(signedIn.session.token);
      expect(resolved?.user.email).toBe('persist@x.io');
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
