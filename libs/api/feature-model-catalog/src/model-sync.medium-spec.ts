import { AppException } from '@kipux/api/http';
import { RedisService } from '@kipux/api/redis';
import { createTestApp, redisTargets, testTargets, type TestApp, type TestTarget } from '@kipux/api/testing';
import { startFakeUpstreams, type FakeUpstreams } from '@kipux/fake-upstreams';
import { ModelCatalogModule } from './model-catalog.module';
import { ModelCatalogService } from './model-catalog.service';
import { RedisSyncLock } from './sync-lock';

interface SyncedCatalog {
  fakes: FakeUpstreams;
  testApp: TestApp;
  catalog: ModelCatalogService;
  close(): Promise<void>;
}

/** Fake-upstreams as LiteLLM and the catalog module on a fresh database of the target, after its boot sync. */
async function startSyncedCatalog(target: TestTarget): Promise<SyncedCatalog> {
  const fakes = await startFakeUpstreams();
  const testApp = await createTestApp(target, { imports: [ModelCatalogModule] }, { LITELLM_BASE_URL: fakes.url });
  const catalog = testApp.app.get(ModelCatalogService);
  await catalog.settled();
  return {
    fakes,
    testApp,
    catalog,
    close: async () => {
      await testApp.close();
      await fakes.close();
    },
  };
}

describe.each(testTargets())('model catalog sync on $name', (target) => {
  let synced: SyncedCatalog;
  let fakes: FakeUpstreams;
  let catalog: ModelCatalogService;

  beforeAll(async () => {
    synced = await startSyncedCatalog(target);
    ({ fakes, catalog } = synced);
  });
  afterAll(() => synced?.close());

  it('synced at boot without being asked', async () => {
    const status = await catalog.syncStatus();
    expect(status.lastResult).toMatchObject({ ok: true, source: 'litellm', total: 11 });
    expect(await catalog.defaultChatModel()).not.toBeNull();
  });

  it('runs one sync for simultaneous requests in a process', async () => {
    const before = fakes.requests.filter((r) => r.path === '/model/info').length;
    const [a, b, c] = await Promise.all([catalog.sync(), catalog.sync(), catalog.sync()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(fakes.requests.filter((r) => r.path === '/model/info').length - before).toBe(1);
  });

  it('prices usage with the synced prices and knows which models can chat', async () => {
    // gemini-2.5-pro above 200k prompt tokens: 250k × $2.50/1M + 1k × $15/1M.
    expect(await catalog.costOf('gemini/gemini-2.5-pro', { promptTokens: 250_000, completionTokens: 1000, totalTokens: 251_000 })).toBeCloseTo(0.64, 10);
    expect(await catalog.costOf('Qwen2.5-Coder-32B-Instruct', { promptTokens: 1, completionTokens: 1, totalTokens: 2 })).toBeNull();
    expect(await catalog.costOf('no-such-model', { promptTokens: 1, completionTokens: 1, totalTokens: 2 })).toBeNull();
    expect(await catalog.resolveChatModel('gpt-4o')).toMatchObject({ name: 'gpt-4o', mode: 'chat' });
    expect(await catalog.resolveChatModel('gpt-image-1')).toBeNull();
  });
});

describe.each(redisTargets())('model catalog sync lock across instances on $name', (target) => {
  let synced: SyncedCatalog;
  let testApp: TestApp;
  let catalog: ModelCatalogService;

  beforeAll(async () => {
    synced = await startSyncedCatalog(target);
    ({ testApp, catalog } = synced);
  });
  afterAll(() => synced?.close());

  it('skips the sync while another instance holds the lock, and runs once it is released', async () => {
    // Another instance: same Redis and key prefix, its own lock object.
    const otherInstance = new RedisSyncLock(testApp.app.get(RedisService));
    const release = await otherInstance.acquire(60_000);
    expect(release).not.toBeNull();
    expect((await catalog.syncStatus()).running).toBe(true);
    const refused = await catalog.sync().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppException);
    expect(refused).toMatchObject({ status: 409, code: 'model_sync_running' });

    await release?.();
    expect(await catalog.sync()).toMatchObject({ ok: true });
    expect((await catalog.syncStatus()).running).toBe(false);
  });

  it('never releases a lock that expired and was taken by someone else', async () => {
    const lock = new RedisSyncLock(testApp.app.get(RedisService));
    const releaseExpired = await lock.acquire(50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const releaseCurrent = await lock.acquire(60_000);
    expect(releaseCurrent).not.toBeNull();
    await releaseExpired?.();
    expect(await lock.isHeld()).toBe(true);
    expect(await lock.acquire(60_000)).toBeNull();
    await releaseCurrent?.();
    expect(await lock.isHeld()).toBe(false);
  });
});
