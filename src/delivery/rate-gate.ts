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
function levelAt(now: string, capacity = 'b.capacity', perMs = 'b."perMs"', b = 'b'): string {
  return `(CASE WHEN ${b}."updatedAt" >= ${now} THEN ${b}.tokens
    ELSE least(${capacity}, ${b}.tokens + extract(epoch FROM (${now} - ${b}."updatedAt")) * 1000 * ${perMs}) END)`;
}

/**
 * One booking, for a call on several buckets (a missing bucket is a full one). Their rows are
 * locked in key order, so that bookings of the same keys queue rather than deadlock; the call
 * goes at the first moment every bucket has a token (`ready`), and each bucket is left as it
 * will be just after that moment, its token taken. Booked only if that is at most $4 ms away
 * (null: however far). $1 keys (sorted), $2 capacities, $3 tokens per ms. Answers how far away
 * the moment is and, when booked, the buckets as left.
 */
const BOOK_SQL = `
  WITH clock AS MATERIALIZED (SELECT clock_timestamp() AS now),
  req AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) WITH ORDINALITY AS r(key, capacity, per_ms, n)),
  held AS MATERIALIZED (SELECT h.key, h.tokens, h."updatedAt" FROM "RateBucket" h WHERE h.key = ANY($1::text[]) ORDER BY h.key FOR UPDATE),
  ready AS (
    SELECT greatest(clock.now, (
      SELECT max(greatest(h."updatedAt", clock.now)
                 + greatest(0, 1 - ${levelAt('clock.now', 'r.capacity', 'r.per_ms', 'h')}) / r.per_ms * interval '1 millisecond')
        FROM req r JOIN held h USING (key))) AS at
    FROM clock),
  booked AS (
    INSERT INTO "RateBucket" AS b (key, tokens, capacity, "perMs", "updatedAt")
    SELECT r.key, r.capacity - 1, r.capacity, r.per_ms, ready.at
      FROM req r, ready, clock
     WHERE $4::float8 IS NULL OR ready.at <= clock.now + $4::float8 * interval '1 millisecond'
     ORDER BY r.n
    ON CONFLICT (key) DO UPDATE SET
      tokens = ${levelAt('EXCLUDED."updatedAt"', 'EXCLUDED.capacity', 'EXCLUDED."perMs"')} - 1,
      capacity = EXCLUDED.capacity,
      "perMs" = EXCLUDED."perMs",
      "updatedAt" = greatest(b."updatedAt", EXCLUDED."updatedAt")
    RETURNING b.tokens, b."perMs", b."updatedAt")
  SELECT (extract(epoch FROM (ready.at - clock.now)) * 1000)::float8 AS ready_ms, clock.now, booked.*
    FROM ready CROSS JOIN clock LEFT JOIN booked ON true`;

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
  private inLine: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly limitFor: (key: string) => BucketLimit,
  ) {}

  async reserve(keys: string[], maxWaitMs: number): Promise<number> {
    const wait = await this.book(keys, maxWaitMs);
    this.pruneNowAndThen();
    return wait;
  }

  async acquire(keys: string[]): Promise<void> {
    const wait = await this.book(keys, null);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.empty(key, ms);
  }

  async drain(key: string): Promise<void> {
    await this.empty(key, 0);
  }

  /**
   * Bookings from this process go one at a time: every post books the workspace's bucket, so
   * concurrent bookings would only queue on its row lock, each holding a pooled connection that
   * the scheduler's heartbeat (lease renewals) then waits for. In line here, each replica keeps at
   * most one booking at the database.
   */
  private book(keys: string[], maxWaitMs: number | null): Promise<number> {
    const booking = this.inLine.then(() => this.bookNow(keys, maxWaitMs));
    this.inLine = booking.catch(() => undefined);
    return booking;
  }

  private async bookNow(keys: string[], maxWaitMs: number | null): Promise<number> {
    const sorted = [...new Set(keys)].sort();
    if (sorted.length === 0) return 0;
    const limits = sorted.map((key) => this.bucketLimit(key));
    const values = [sorted, limits.map((l) => l.capacity), limits.map((l) => l.perMs), maxWaitMs];
    type Row = { ready_ms: number; now: Date } & ({ tokens: number; perMs: number; updatedAt: Date } | { tokens: null });
    const { rows } = await sqlPool(this.prisma).query<Row>({ name: 'guild_rate_book', text: BOOK_SQL, values });
    const booked = rows.filter((r): r is Row & BookedBucket => r.tokens !== null);
    return booked.length > 0 ? bookedWaitMs(booked, rows[0]!.now) : Math.max(0, rows[0]!.ready_ms);
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
