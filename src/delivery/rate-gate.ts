import { sqlPool, type PrismaClient } from '../db/client';

/**
 * Client-side rate limiting for outbound Slack calls: one token bucket per key (a method, a
 * channel), so waiting for one busy channel or method never holds up sends elsewhere.
 */
export interface RateGate {
  /**
   * Books one call on every key, to be made `wait` ms from now, and resolves to that wait, when
   * it is at most `maxWaitMs`; otherwise books nothing and resolves to the wait it would have been.
   */
  reserve(keys: string[], maxWaitMs: number): Promise<number>;
  /** Waits until every key has a token for the call, having booked it. */
  acquire(keys: string[]): Promise<void>;
  /** Slack said wait (Retry-After): no token until then, and start from empty afterwards. */
  pause(key: string, ms: number): Promise<void>;
  /** Spend what is left, without a hard stop: used to ease off a method shared by many channels. */
  drain(key: string): Promise<void>;
}

export interface BucketLimit {
  /** Tokens available at once. */
  burst: number;
  perSecond: number;
}

/** A bucket's state as a booking left it: `tokens` at `updatedAt`, refilling at `perMs`. */
export interface BookedBucket {
  tokens: number;
  perMs: number;
  updatedAt: Date;
}

/**
 * How long after `now` a call booked on these buckets may go: each bucket's level is recorded
 * after the call's token was taken, so the call waits until that level has refilled to zero
 * (and, after a pause, until the bucket's moment has come).
 */
export function bookedWaitMs(buckets: BookedBucket[], now: Date): number {
  const waits = buckets.map((b) => b.updatedAt.getTime() - now.getTime() + Math.max(0, -b.tokens) / b.perMs);
  return Math.max(0, ...waits);
}

/** Prunes buckets at most this often; a full bucket is the same as no row at all. */
const PRUNE_EVERY_MS = 60_000;

/**
 * The level at `now` of the bucket row `b` (SQL): the stored level refilled from its moment up to
 * the capacity, or the stored level itself while its moment is still ahead (a pause, bookings).
 */
function levelAt(now: string, capacity = 'b.capacity', perMs = 'b."perMs"'): string {
  return `(CASE WHEN b."updatedAt" >= ${now} THEN b.tokens
    ELSE least(${capacity}, b.tokens + extract(epoch FROM (${now} - b."updatedAt")) * 1000 * ${perMs}) END)`;
}

/**
 * One booking: a token from each key's bucket (a missing bucket starts full), in the order given
 * (sorted, so that two bookings of the same keys queue rather than deadlock). $1 keys, $2
 * capacities, $3 tokens per ms. Levels may go below zero: calls booked ahead of the refill.
 */
const BOOK_SQL = `
  WITH clock AS MATERIALIZED (SELECT clock_timestamp() AS now)
  INSERT INTO "RateBucket" AS b (key, tokens, capacity, "perMs", "updatedAt")
  SELECT r.key, r.capacity - 1, r.capacity, r.per_ms, clock.now
    FROM unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS r(key, capacity, per_ms, n), clock
   ORDER BY r.n
  ON CONFLICT (key) DO UPDATE SET
    tokens = ${levelAt('EXCLUDED."updatedAt"', 'EXCLUDED.capacity', 'EXCLUDED."perMs"')} - 1,
    capacity = EXCLUDED.capacity,
    "perMs" = EXCLUDED."perMs",
    "updatedAt" = greatest(b."updatedAt", EXCLUDED."updatedAt")
  RETURNING b.tokens, b."perMs", b."updatedAt", (SELECT now FROM clock) AS now`;

/** Undoes a booking that will not be used. $1 keys. */
const GIVE_BACK_SQL = `UPDATE "RateBucket" SET tokens = tokens + 1 WHERE key = ANY($1::text[])`;

/**
 * Empties a bucket until `$4` ms from now (0: drains it; more: a pause), its debt kept: no token
 * before then, and from empty afterwards. $1 key, $2 capacity, $3 tokens per ms.
 */
const EMPTY_SQL = `
  INSERT INTO "RateBucket" AS b (key, tokens, capacity, "perMs", "updatedAt")
  VALUES ($1, 0, $2, $3, clock_timestamp() + $4 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    tokens = least(${levelAt('clock_timestamp()')}, 0),
    "updatedAt" = greatest(b."updatedAt", EXCLUDED."updatedAt")`;

/** Deletes buckets that have refilled to the brim since they were last used. */
const PRUNE_SQL = `
  DELETE FROM "RateBucket" b
   WHERE b."updatedAt" < clock_timestamp() - interval '1 second'
     AND ${levelAt('clock_timestamp()')} >= b.capacity`;

/**
 * The rate budget shared by every replica through Postgres (table RateBucket): each booking is
 * one statement that refills and takes a token from all of a call's buckets at once, on the
 * database's clock, and says how long to wait; a pause one replica was told of holds for all.
 */
export class SharedRateGate implements RateGate {
  private lastPrune = Date.now();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly limitFor: (key: string) => BucketLimit,
  ) {}

  async reserve(keys: string[], maxWaitMs: number): Promise<number> {
    const wait = await this.book(keys);
    if (wait > maxWaitMs) await sqlPool(this.prisma).query({ name: 'guild_rate_give_back', text: GIVE_BACK_SQL, values: [[...new Set(keys)]] });
    this.pruneNowAndThen();
    return wait;
  }

  async acquire(keys: string[]): Promise<void> {
    const wait = await this.book(keys);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.empty(key, ms);
  }

  async drain(key: string): Promise<void> {
    await this.empty(key, 0);
  }

  private async book(keys: string[]): Promise<number> {
    const sorted = [...new Set(keys)].sort();
    if (sorted.length === 0) return 0;
    const limits = sorted.map((key) => this.bucketLimit(key));
    const values = [sorted, limits.map((l) => l.capacity), limits.map((l) => l.perMs)];
    const { rows } = await sqlPool(this.prisma).query<BookedBucket & { now: Date }>({ name: 'guild_rate_book', text: BOOK_SQL, values });
    return bookedWaitMs(rows, rows[0]!.now);
  }

  private async empty(key: string, fromMs: number): Promise<void> {
    const { capacity, perMs } = this.bucketLimit(key);
    await sqlPool(this.prisma).query({ name: 'guild_rate_empty', text: EMPTY_SQL, values: [key, capacity, perMs, fromMs] });
  }

  /** A failed prune is only tried again a minute later: a row too many is a full bucket. */
  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    void sqlPool(this.prisma).query(PRUNE_SQL).catch(() => undefined);
  }

  private bucketLimit(key: string): { capacity: number; perMs: number } {
    const limit = this.limitFor(key);
    return { capacity: Math.max(1, limit.burst), perMs: limit.perSecond / 1000 };
  }
}
