import { createPrismaClient, sidePool, sqlPool } from '../../../src/db/client';
import { useTestDatabase } from '../../support/database';

const db = useTestDatabase();

/** Waits until the pool holds `count` connections, or fails after `timeoutMs`. */
async function settlesAt(count: () => number, expected: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (count() !== expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return count();
}

describe('the connection pool while Guild is idle', () => {
  it('closes the connections a burst opened down to four, which stay open for the next burst', async () => {
    const prisma = createPrismaClient(db.url, { poolSize: 8, idleTimeoutMs: 100 });
    try {
      const pool = sqlPool(prisma);
      // Eight statements at once need eight connections.
      await Promise.all(Array.from({ length: 8 }, () => pool.query('SELECT pg_sleep(0.05)')));
      expect(pool.totalCount).toBe(8);
      expect(await settlesAt(() => pool.totalCount, 4, 3000)).toBe(4);
      // Well past the idle timeout, the four are still there, and the next statement uses one of them.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect([pool.totalCount, pool.idleCount]).toEqual([4, 4]);
      await pool.query('SELECT 1');
      expect(pool.totalCount).toBe(4);
      // The side pools keep the few connections they opened.
      const leases = sidePool(prisma, 'leases');
      await leases.query('SELECT 1');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(leases.totalCount).toBe(1);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('keeps no more than the pool holds when it is smaller than four', async () => {
    const prisma = createPrismaClient(db.url, { poolSize: 2, idleTimeoutMs: 50 });
    try {
      const pool = sqlPool(prisma);
      await Promise.all(Array.from({ length: 4 }, () => pool.query('SELECT pg_sleep(0.02)')));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pool.totalCount).toBe(2);
    } finally {
      await prisma.$disconnect();
    }
  });
});
