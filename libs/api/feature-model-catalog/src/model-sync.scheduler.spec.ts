import { Logger } from '@nestjs/common';
import { AppConfig } from '@kipux/api/config';
import type { ModelSyncResultDto } from '@kipux/contracts';
import { ModelCatalogErrors } from './model-catalog.exception';
import type { ModelCatalogService } from './model-catalog.service';
import { ModelSyncScheduler } from './model-sync.scheduler';

/** A catalog whose sync only counts calls (or fails as told). */
function fakeCatalog(outcome: () => Promise<ModelSyncResultDto>) {
  const calls = { sync: 0, settled: 0 };
  const catalog = {
    sync: () => {
      calls.sync += 1;
      return outcome();
    },
    settled: async () => {
      calls.settled += 1;
    },
  } as unknown as ModelCatalogService;
  return { catalog, calls };
}

const ok = async () => ({ ok: true }) as ModelSyncResultDto;

describe('ModelSyncScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('syncs at boot without waiting for it, then every MODEL_SYNC_INTERVAL_MINUTES', async () => {
    const { catalog, calls } = fakeCatalog(() => new Promise(() => undefined));
    const scheduler = new ModelSyncScheduler(catalog, AppConfig.fromEnv({ MODEL_SYNC_INTERVAL_MINUTES: '15' }));
    scheduler.onApplicationBootstrap();
    expect(calls.sync).toBe(1);
    jest.advanceTimersByTime(14 * 60_000);
    expect(calls.sync).toBe(1);
    jest.advanceTimersByTime(60_000);
    expect(calls.sync).toBe(2);
    jest.advanceTimersByTime(30 * 60_000);
    expect(calls.sync).toBe(4);

    await scheduler.beforeApplicationShutdown();
    expect(calls.settled).toBe(1);
    jest.advanceTimersByTime(60 * 60_000);
    expect(calls.sync).toBe(4);
  });

  it('syncs only at boot when the interval is 0', () => {
    const { catalog, calls } = fakeCatalog(ok);
    new ModelSyncScheduler(catalog, AppConfig.fromEnv({ MODEL_SYNC_INTERVAL_MINUTES: '0' })).onApplicationBootstrap();
    jest.advanceTimersByTime(24 * 60 * 60_000);
    expect(calls.sync).toBe(1);
  });

  it('treats another instance syncing as normal and anything else as an error', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    new ModelSyncScheduler(fakeCatalog(() => Promise.reject(ModelCatalogErrors.syncRunning())).catalog, AppConfig.fromEnv({ MODEL_SYNC_INTERVAL_MINUTES: '0' })).onApplicationBootstrap();
    new ModelSyncScheduler(fakeCatalog(() => Promise.reject(new Error('database gone'))).catalog, AppConfig.fromEnv({ MODEL_SYNC_INTERVAL_MINUTES: '0' })).onApplicationBootstrap();
    await Promise.resolve();
    await Promise.resolve();
    expect(debug).toHaveBeenCalledWith(expect.stringContaining('another instance'));
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]?.[0]).toContain('boot model catalog sync failed');
  });
});
