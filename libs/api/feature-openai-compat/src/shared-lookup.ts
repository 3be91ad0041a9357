/**
 * Concurrent callers asking for the same key share one in-flight lookup. Nothing is kept after it
 * settles, so answers are never staler than the lookup itself, while a burst of requests costs one query
 * (PGlite runs queries one at a time; hundreds of streams starting together would otherwise queue).
 */
export class SharedLookup<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = load().finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }
}
