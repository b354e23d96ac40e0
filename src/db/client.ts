import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export { PrismaClient };
export type { Prisma } from '../generated/prisma/client';

const pools = new WeakMap<PrismaClient, Pool>();
const sidePools = new WeakMap<PrismaClient, Record<SidePurpose, Pool>>();

/**
 * Work that must not queue behind the jobs' own queries for a connection, each with a small pool
 * of its own: the delivery budget's bookings (one statement at a time per process, and the odd
 * pause), and the scheduler's lease renewals (late, another replica runs the job again).
 */
const SIDE_POOL_SIZES = { budget: 2, leases: 1 } as const;
/** Connections of the main pool kept open while idle (pg-pool's `min`); the rest close after 10 idle seconds. */
const WARM_CONNECTIONS = 4;
export type SidePurpose = keyof typeof SIDE_POOL_SIZES;

/**
 * A Prisma client on the pg driver adapter: no native query engine is involved. The pg pool
 * underneath is shared with `sqlPool`, for the few hot statements where Prisma's per-query
 * overhead matters (measured by `npm run bench -- ack`); disconnecting the client ends it.
 */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number; /** pg's default, 10 s, unless set (tests). */ idleTimeoutMs?: number } = {}): PrismaClient {
  // Columns are `timestamp` without time zone holding UTC (Prisma's convention); database-side
  // defaults such as now() must write UTC too, whatever the server's own time zone is.
  // Without a connect timeout, a connection to a port that accepts but never answers (another
  // program on the server's port, a half-dead host) waits for ever, and so would whatever awaits
  // it: the scheduler's heartbeat, a graceful shutdown. Five seconds is an outage, not a slow link.
  // A few connections stay open however long Guild is idle. Past pg's 10 s idle timeout they
  // all used to close, and the next burst of clicks (a poll just posted, a round of DMs) paid for
  // opening them again on its first requests: TCP, the SCRAM handshake, a new server process, and
  // every prepared statement prepared anew. Under `npm run bench -- ack`, Guild reopened 2 to 9
  // connections at the start of every turn.
  const max = options.poolSize ?? 10;
  const pool = new Pool({ connectionString: databaseUrl, max, min: Math.min(WARM_CONNECTIONS, max), idleTimeoutMillis: options.idleTimeoutMs ?? 10_000, options: '-c TimeZone=UTC', connectionTimeoutMillis: 5000 });
  // An idle connection the server closes (a restart) is an 'error' on the pool, fatal unheard; the
  // pool drops it and the next query connects again, and whoever queries reports an outage.
  pool.on('error', () => undefined);
  const sides = { budget: sidePoolBeside(pool, SIDE_POOL_SIZES.budget), leases: sidePoolBeside(pool, SIDE_POOL_SIZES.leases) };
  endingTogether(pool, Object.values(sides));
  const prisma = new PrismaClient({ adapter: releasingFailedEnds(new PrismaPg(pool, { disposeExternalPool: true })) });
  pools.set(prisma, pool);
  sidePools.set(prisma, sides);
  return prisma;
}

/** A pool on the same database as `main`; no connection is made before it is used, and once made they stay open (they are few, and the scheduler's). */
function sidePoolBeside(main: Pool, max: number): Pool {
  const side = new Pool({ ...main.options, max, min: max });
  side.on('error', () => undefined);
  return side;
}

/** How long ending waits for a pool's client still busy (a booking, a renewal or a transaction cut off by shutdown). */
const SIDE_END_WAIT_MS = 2000;

/**
 * Ends the `sides` when `main` is ended (disconnecting the Prisma client ends its pool). A side
 * pool's `end` waits for its checked-out clients; one stuck in a statement must not hold up the
 * shutdown, so the wait is bounded and the main pool ends regardless.
 */
function endingTogether(main: Pool, sides: Pool[]): void {
  const end = main.end.bind(main);
  const bounded = (ending: Promise<void>) => Promise.race([ending.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, SIDE_END_WAIT_MS).unref())]);
  main.end = (async () => {
    await Promise.all(sides.map((side) => bounded(side.end())));
    // The main pool too: a transaction that Prisma abandoned when shutdown began under it (a
    // ritual arming its job at start) keeps its client checked out, and an unbounded end waited
    // for it for ever (seen in the npm start restart test: no "Guild stopped" after SIGTERM).
    await bounded(end());
  }) as Pool['end'];
}

/** The pg pool under a client made by createPrismaClient. */
export function sqlPool(prisma: PrismaClient): Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('this Prisma client was not made by createPrismaClient');
  return pool;
}

/**
 * The small pg pool for `purpose` beside the client's own, on the same database (SIDE_POOL_SIZES):
 * however long the jobs' queries queue for a connection, this work never waits behind them, nor
 * they behind it. Ended with the client.
 */
export function sidePool(prisma: PrismaClient, purpose: SidePurpose): Pool {
  const pool = sidePools.get(prisma)?.[purpose];
  if (!pool) throw new Error('this Prisma client was not made by createPrismaClient');
  return pool;
}

/**
 * A Date as a parameter for a `timestamp` column (Prisma's DateTime, which holds UTC) in a query
 * sent through `sqlPool`: pg would otherwise send the process's local time with its offset, which
 * Postgres drops for a `timestamp` without time zone. Columns read back through pg go through
 * `AT TIME ZONE 'UTC'` for the same reason (pg reads a bare `timestamp` as local time).
 */
export function utcParam(date: Date): string {
  return date.toISOString();
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * Prisma 6.19 ends an interactive transaction by sending COMMIT (or ROLLBACK) and only then
 * telling the adapter, which hands the connection back to the pool. When that statement fails,
 * because the server went away in the middle of the transaction, the adapter is never told and
 * the connection stays checked out for good: every crash of the server cost the pool the
 * connections of the transactions in flight (half of them, under load) until none was left, and
 * $disconnect waited for them for ever. So a failed COMMIT or ROLLBACK hands its connection back
 * here; the pool discards it when it is broken.
 */
function releasingFailedEnds(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async (): Promise<PgAdapter> => {
    const adapter = await connect();
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const executeRaw = transaction.executeRaw.bind(transaction);
      transaction.executeRaw = async (query) => {
        try {
          return await executeRaw(query);
        } catch (err) {
          if (query.sql === 'COMMIT' || query.sql === 'ROLLBACK') await transaction.rollback().catch(() => undefined);
          throw err;
        }
      };
      return transaction;
    };
    return adapter;
  };
  return factory;
}
