import { MemoryRateLimiter } from './rate-limiter';

describe('MemoryRateLimiter', () => {
  it('allows up to the limit in a window, then refuses with the time left', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit('k', 3, 60));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    now += 45_000;
    expect((await limiter.hit('k', 3, 60)).retryAfterSeconds).toBe(15);
  });

  it('starts a new window once the old one expired, and keys are independent', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter(() => now);
    await limiter.hit('a', 1, 10);
    expect((await limiter.hit('a', 1, 10)).allowed).toBe(false);
    expect((await limiter.hit('b', 1, 10)).allowed).toBe(true);
    now += 10_000;
    expect((await limiter.hit('a', 1, 10)).allowed).toBe(true);
  });

  it('reset clears a key', async () => {
    const limiter = new MemoryRateLimiter();
    await limiter.hit('a', 1, 10);
    await limiter.reset('a');
    expect((await limiter.hit('a', 1, 10)).allowed).toBe(true);
  });
});
