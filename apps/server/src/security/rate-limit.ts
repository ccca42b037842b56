/**
 * A token bucket: `capacity` actions at once, refilled at `perSecond`. Cheap enough
 * to keep one per socket and one per IP.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now = Date.now(),
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  /** When it was last used (ms). */
  get lastAt(): number {
    return this.#at;
  }

  /** Takes one token; false when the bucket is empty. */
  take(now = Date.now()): boolean {
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Buckets by key (an IP address), forgetting keys idle for longer than it takes to refill. */
export class KeyedLimiter {
  readonly #buckets = new Map<string, TokenBucket>();
  #sweptAt = -Infinity;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    /** Most keys remembered; beyond it the oldest are dropped. */
    readonly maxKeys = 100_000,
  ) {}

  take(key: string, now = Date.now()): boolean {
    if (now - this.#sweptAt > 60_000) this.#sweep(now);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
      bucket = new TokenBucket(this.capacity, this.perSecond, now);
      this.#buckets.set(key, bucket);
    }
    return bucket.take(now);
  }

  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    // A bucket idle long enough to be full again is the same as no bucket.
    const refillMs = (this.capacity / this.perSecond) * 1000;
    for (const [key, bucket] of this.#buckets) if (now - bucket.lastAt > refillMs) this.#buckets.delete(key);
  }
}
