import { sidePool, type PrismaClient } from '../db/client';
import { BookingLine, type Booking } from './booking-line';

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
 * The booking functions, installed by the first booking of each process (CREATE OR REPLACE, under
 * an advisory lock so that replicas starting together take turns) rather than by a migration:
 * Prisma's migrations are split at every semicolon, which a PL/pgSQL body cannot survive.
 */
const BOOK_FUNCTIONS_SQL = `
-- The level of a bucket at \`at\`: its stored level refilled from its moment up to the capacity, or
-- the stored level itself while its moment is still ahead (a pause, bookings made ahead).
CREATE OR REPLACE FUNCTION guild_rate_level(b "RateBucket", at timestamptz) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN b."updatedAt" >= at THEN b.tokens
    ELSE least(b.capacity, b.tokens + extract(epoch FROM (at - b."updatedAt")) * 1000 * b."perMs") END
$$;

-- A process's pending bookings, in one round trip (see SharedRateGate). Row j of the key arrays is
-- key p_keys[j] of booking p_booking[j], with that key's capacity and tokens per ms; booking i may
-- wait at most p_max_wait[i] ms (null: however long). Every key of the batch is locked first, in
-- key order (inserted full when missing), so batches of different processes queue rather than
-- deadlock; then the bookings are made in order, each at the first moment all its buckets have a
-- token, each bucket left as it will be just after that moment, its token taken.
--
-- A row says its bucket will hold at least \`tokens\` at \`updatedAt\`, every call booked on it going at
-- or before that moment. Refilling at \`perMs\` at most, it then held at least
-- tokens - (updatedAt - t) * perMs at any earlier t; so a call may go as soon as that is one token,
-- even before \`updatedAt\` (a DM need not wait behind a channel's post booked ahead on the same
-- method), and taking that token leaves one fewer at \`updatedAt\`. Either way the moment is
-- updatedAt + (1 - tokens) / perMs, and never before now. Answers, per
-- booking, how long after the batch's moment its call may go, and whether it was booked.
CREATE OR REPLACE FUNCTION guild_rate_book(p_booking int[], p_keys text[], p_capacity float8[], p_per_ms float8[], p_max_wait float8[])
RETURNS TABLE (booking int, wait_ms float8, booked boolean)
LANGUAGE plpgsql AS $$
DECLARE
  clock timestamptz := clock_timestamp();
  bucket_key text;
  i int;
  ready timestamptz;
BEGIN
  FOR bucket_key IN SELECT DISTINCT r.k FROM unnest(p_keys) AS r(k) ORDER BY 1 LOOP
    INSERT INTO "RateBucket" AS b (key, tokens, capacity, "perMs", "updatedAt")
    SELECT r.k, r.c, r.c, r.p, clock
      FROM unnest(p_keys, p_capacity, p_per_ms) AS r(k, c, p) WHERE r.k = bucket_key LIMIT 1
    ON CONFLICT (key) DO UPDATE SET capacity = EXCLUDED.capacity, "perMs" = EXCLUDED."perMs";
  END LOOP;

  FOR i IN SELECT DISTINCT r.n FROM unnest(p_booking) AS r(n) ORDER BY 1 LOOP
    SELECT greatest(clock, max(b."updatedAt" + (1 - b.tokens) / b."perMs" * interval '1 millisecond'))
      INTO ready
      FROM "RateBucket" b
     WHERE b.key IN (SELECT r.k FROM unnest(p_booking, p_keys) AS r(n, k) WHERE r.n = i);
    booking := i;
    booked := p_max_wait[i] IS NULL OR ready <= clock + p_max_wait[i] * interval '1 millisecond';
    IF booked THEN
      UPDATE "RateBucket" b SET tokens = guild_rate_level(b, ready) - 1, "updatedAt" = greatest(b."updatedAt", ready)
       WHERE b.key IN (SELECT r.k FROM unnest(p_booking, p_keys) AS r(n, k) WHERE r.n = i);
    END IF;
    wait_ms := extract(epoch FROM (ready - clock)) * 1000;
    RETURN NEXT;
  END LOOP;
END
$$;
`;

/** The advisory lock under which the booking functions are installed ('guild_rate' as a number). */
const INSTALL_LOCK = 0x6775696c64;

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
 * The rate budget shared by every replica through Postgres (table RateBucket). A process's
 * bookings wait in one line and go to the database together, in one statement (the function
 * guild_rate_book) that refills and takes a token from each call's buckets, in order, on the
 * database's clock, and says how long each call waits; a pause one replica was told of holds for all.
 */
export class SharedRateGate implements RateGate {
  private lastPrune = Date.now();
  /**
   * One statement at a time from this process: every post books the workspace's bucket, so
   * concurrent statements would only queue on its row lock. Bookings made meanwhile go together in
   * the next one. They go through a pool of their own (sidePool), never holding a connection
   * that the scheduler's heartbeat (lease renewals) waits for.
   */
  private readonly line = new BookingLine((batch) => this.bookAll(batch));
  private installed: Promise<void> | undefined;

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

  private book(keys: string[], maxWaitMs: number | null): Promise<number> {
    const sorted = [...new Set(keys)].sort();
    return sorted.length === 0 ? Promise.resolve(0) : this.line.book({ keys: sorted, maxWaitMs });
  }

  /** Books the batch in one round trip; answers each booking's wait, in the batch's order. */
  private async bookAll(batch: Booking[]): Promise<number[]> {
    await this.install();
    const rows = batch.flatMap((booking, i) => booking.keys.map((key) => ({ booking: i + 1, key, ...this.bucketLimit(key) })));
    const values = [
      rows.map((r) => r.booking),
      rows.map((r) => r.key),
      rows.map((r) => r.capacity),
      rows.map((r) => r.perMs),
      batch.map((b) => b.maxWaitMs),
    ];
    const text = 'SELECT booking, wait_ms FROM guild_rate_book($1::int[], $2::text[], $3::float8[], $4::float8[], $5::float8[]) ORDER BY booking';
    const { rows: answers } = await sidePool(this.prisma, 'budget').query<{ booking: number; wait_ms: number }>({ name: 'guild_rate_book', text, values });
    return answers.map((a) => a.wait_ms);
  }

  /** Installs the booking functions once per process; a failed install is tried again next time. */
  private install(): Promise<void> {
    this.installed ??= this.installNow().catch((err: unknown) => {
      this.installed = undefined;
      throw err;
    });
    return this.installed;
  }

  private async installNow(): Promise<void> {
    const client = await sidePool(this.prisma, 'budget').connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [INSTALL_LOCK]);
      await client.query(BOOK_FUNCTIONS_SQL);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async empty(key: string, fromMs: number): Promise<void> {
    const { capacity, perMs } = this.bucketLimit(key);
    await sidePool(this.prisma, 'budget').query({ name: 'guild_rate_empty', text: EMPTY_SQL, values: [key, capacity, perMs, fromMs] });
  }

  /** A failed prune is only tried again a minute later: a row too many is a full bucket. */
  private pruneNowAndThen(): void {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    void sidePool(this.prisma, 'budget').query(PRUNE_SQL).catch(() => undefined);
  }

  private bucketLimit(key: string): { capacity: number; perMs: number } {
    const limit = this.limitFor(key);
    return { capacity: Math.max(1, limit.burst), perMs: limit.perSecond / 1000 };
  }
}
