import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma/client';

export { PrismaClient };
export type { Prisma } from '../generated/prisma/client';

const pools = new WeakMap<PrismaClient, Pool>();

/**
 * A Prisma client on the pg driver adapter: no native query engine is involved. The pg pool
 * underneath is shared with `sqlPool`, for the few hot statements where Prisma's per-query
 * overhead matters (measured by `npm run bench -- ack`); disconnecting the client ends it.
 */
export function createPrismaClient(databaseUrl: string, options: { poolSize?: number } = {}): PrismaClient {
  // Columns are `timestamp` without time zone holding UTC (Prisma's convention); database-side
  // defaults such as now() must write UTC too, whatever the server's own time zone is.
  // Without a connect timeout, a connection to a port that accepts but never answers (another
  // program on the server's port, a half-dead host) waits for ever, and so would whatever awaits
  // it: the scheduler's heartbeat, a graceful shutdown. Five seconds is an outage, not a slow link.
  const pool = new Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, options: '-c TimeZone=UTC', connectionTimeoutMillis: 5000 });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/** The pg pool under a client made by createPrismaClient. */
export function sqlPool(prisma: PrismaClient): Pool {
  const pool = pools.get(prisma);
  if (!pool) throw new Error('this Prisma client was not made by createPrismaClient');
  return pool;
}
