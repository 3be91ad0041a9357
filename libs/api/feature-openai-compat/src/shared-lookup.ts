/**
 * Lookups on the /v1 hot path (a key's owner, the enabled models): concurrent callers share one in-flight
 * load, and with a TTL the answer is reused that long. PGlite runs queries one at a time on the event loop
 * that relays the streams, so hundreds of requests must not each cost queries.
 */
export class SharedLookup<T> {
  private readonly inflight = new Map<string, Promise<T>>();
  private readonly settled = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly ttlMs = 0,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.settled.get(key);
    if (cached && cached.until > this.now()) return Promise.resolve(cached.value);
    let pending = this.inflight.get(key);
    if (!pending) {
      const loading: Promise<T> = load().then(
        (value) => {
          // An invalidation while loading wins: this answer may predate it.
          if (this.inflight.get(key) === loading && this.ttlMs > 0) {
            if (this.settled.size >= 10_000) this.settled.clear();
            this.settled.set(key, { value, until: this.now() + this.ttlMs });
          }
          return value;
        },
      );
      pending = loading.finally(() => {
        if (this.inflight.get(key) === loading) this.inflight.delete(key);
      });
      this.inflight.set(key, loading);
    }
    return pending;
  }

  /** The next `get` loads afresh (e.g. a key was just revoked). */
  invalidate(key: string): void {
    this.settled.delete(key);
    this.inflight.delete(key);
  }
}
