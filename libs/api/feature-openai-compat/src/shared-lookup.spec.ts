import { SharedLookup } from './shared-lookup';

const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 5));

describe('SharedLookup', () => {
  it('shares one in-flight load per key and, without a TTL, keeps nothing', async () => {
    const lookup = new SharedLookup<number>();
    let loads = 0;
    const load = () => later(++loads);
    const [a, b, c] = await Promise.all([lookup.get('k', load), lookup.get('k', load), lookup.get('other', load)]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(loads).toBe(2);
    expect(await lookup.get('k', load)).toBe(3);
  });

  it('reuses an answer for the TTL, then loads again', async () => {
    let now = 1000;
    const lookup = new SharedLookup<string>(500, () => now);
    let loads = 0;
    const load = () => later(`v${++loads}`);
    expect(await lookup.get('k', load)).toBe('v1');
    now += 499;
    expect(await lookup.get('k', load)).toBe('v1');
    now += 1;
    expect(await lookup.get('k', load)).toBe('v2');
  });

  it('forgets a key on invalidate, also when the load was still running', async () => {
    const lookup = new SharedLookup<string>(60_000);
    const first = lookup.get('k', () => later('stale'));
    lookup.invalidate('k');
    expect(await first).toBe('stale');
    expect(await lookup.get('k', () => later('fresh'))).toBe('fresh');
    lookup.invalidate('k');
    expect(await lookup.get('k', () => later('fresher'))).toBe('fresher');
  });

  it('does not keep failures', async () => {
    const lookup = new SharedLookup<number>(60_000);
    await expect(lookup.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(lookup.get('k', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
