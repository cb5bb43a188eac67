/**
 * Per key, the times of the hits accepted in the last `windowMs`: a hit is refused while
 * `limit` of them are younger than the window, and then says when the oldest leaves it.
 * A sliding log rather than fixed windows, so no burst of twice the limit across a boundary.
 *
 * Hand-written, though @nestjs/throttler has the same storage: that package is
 * CommonJS and require()s @nestjs/common, which Nest 12 ships as ES modules only. Node 20.19+
 * allows such a require, but Jest 30 on Node 20 does not ("Must use import to load ES
 * Module"), and the e2e suites run the AppModule inside Jest, so importing any of it breaks
 * every suite. Revisit once Jest runs on Node 24.9+ (which supports it) or throttler ships ESM.
 */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit for `key` at `now` if the window has room; otherwise how long until it has. */
  hit(key: string, now: number): { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number } {
    const since = now - this.windowMs;
    let times = this.hits.get(key);
    if (!times) this.hits.set(key, (times = []));
    while (times.length > 0 && times[0] <= since) times.shift();
    if (times.length >= this.limit) return { allowed: false, retryAfterMs: times[0] - since };
    times.push(now);
    return { allowed: true, remaining: this.limit - times.length };
  }

  /** Forgets the keys with no hit in the window, so idle clients cost no memory. */
  sweep(now: number): void {
    for (const [key, times] of this.hits) if (times.length === 0 || times[times.length - 1] <= now - this.windowMs) this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }
}
