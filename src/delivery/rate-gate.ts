/**
 * Client-side rate limiting for outbound Slack calls: one token bucket per key (a method, a
 * channel), so waiting for one busy channel or method never holds up sends elsewhere.
 */
class Bucket {
  private tokens: number;
  private pausedUntil = 0;

  constructor(
    private readonly capacity: number,
    private readonly perMs: number,
    private last: number,
  ) {
    this.tokens = capacity;
  }

  /** Milliseconds until a token is free (0: now). */
  waitMs(now: number): number {
    this.refill(now);
    if (now < this.pausedUntil) return this.pausedUntil - now;
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) / this.perMs);
  }

  take(): void {
    this.tokens -= 1;
  }

  /** Slack said wait (Retry-After): no token until then, and start from empty afterwards. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.tokens = 0;
    this.last = Math.max(this.last, until);
  }

  /** Spend what is left, without a hard stop: used to ease off a method shared by many channels. */
  drain(): void {
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(now: number): void {
    if (now <= this.last) return;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }
}

export interface BucketLimit {
  /** Tokens available at once. */
  burst: number;
  perSecond: number;
}

export class RateGate {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limitFor: (key: string) => BucketLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits until every key has a token, then takes one from each. */
  async acquire(keys: string[]): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = Math.max(0, ...keys.map((key) => this.bucket(key, now).waitMs(now)));
      if (wait === 0) {
        for (const key of keys) this.bucket(key, now).take();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 1000)));
    }
  }

  /** Milliseconds until `acquire(keys)` could go ahead, without taking anything. */
  waitMs(keys: string[]): number {
    const now = this.now();
    return Math.max(0, ...keys.map((key) => this.bucket(key, now).waitMs(now)));
  }

  pause(key: string, ms: number): void {
    const now = this.now();
    this.bucket(key, now).pause(now + ms);
  }

  drain(key: string): void {
    this.bucket(key, this.now()).drain();
  }

  private bucket(key: string, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const limit = this.limitFor(key);
      bucket = new Bucket(Math.max(1, limit.burst), limit.perSecond / 1000, now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
