import { SharedLookup } from './shared-lookup';

describe('SharedLookup', () => {
  it('shares one in-flight load per key and forgets it once settled', async () => {
    const lookup = new SharedLookup<number>();
    let loads = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 5));
    const [a, b, c] = await Promise.all([lookup.get('k', load), lookup.get('k', load), lookup.get('other', load)]);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(loads).toBe(2);
    expect(await lookup.get('k', load)).toBe(3);
  });

  it('lets a failed load be retried', async () => {
    const lookup = new SharedLookup<number>();
    await expect(lookup.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(lookup.get('k', () => Promise.resolve(1))).resolves.toBe(1);
  });
});
