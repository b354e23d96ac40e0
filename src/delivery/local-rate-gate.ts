import type { BucketLimit, RateGate } from './rate-gate';

/** One bucket in this process's memory: `tokens` at `last`, refilling at `perMs` up to `capacity`. */
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

  /** Takes the token of a call booked `waitMs` from now (the level may go below zero meanwhile). */
  take(): void {
    this.tokens -= 1;
  }

  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.tokens = 0;
    this.last = Math.max(this.last, until);
  }

  drain(): void {
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(now: number): void {
    if (now <= this.last) return;
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }
}

/**
 * The rate budget kept in this process's memory (Guild's gate before it was shared): right for a
 * single replica only, since each replica would spend the workspace's whole budget. Kept as the
 * baseline the shared gate is measured against (SLACK_RATE_BUDGET=local).
 */
export class LocalRateGate implements RateGate {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limitFor: (key: string) => BucketLimit,
    private readonly now: () => number = Date.now,
  ) {}

  reserve(keys: string[], maxWaitMs: number): Promise<number> {
    return Promise.resolve(this.book(keys, maxWaitMs));
  }

  async acquire(keys: string[]): Promise<void> {
    const wait = this.book(keys, Number.POSITIVE_INFINITY);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  pause(key: string, ms: number): Promise<void> {
    const now = this.now();
    this.bucket(key, now).pause(now + ms);
    return Promise.resolve();
  }

  drain(key: string): Promise<void> {
    this.bucket(key, this.now()).drain();
    return Promise.resolve();
  }

  /** Books one call on every key when the wait is at most `maxWaitMs`; answers the wait either way. */
  private book(keys: string[], maxWaitMs: number): number {
    const now = this.now();
    const buckets = [...new Set(keys)].map((key) => this.bucket(key, now));
    const wait = Math.max(0, ...buckets.map((b) => b.waitMs(now)));
    if (wait <= maxWaitMs) for (const b of buckets) b.take();
    return wait;
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
