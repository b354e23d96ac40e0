import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createPrismaClient, sqlPool } from '../../../src/db/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { waitUntil } from '../../support/postgres-processes';

/**
 * Transactions in flight when the server goes away must give their connections back: otherwise
 * each restart of the server shrinks the pool for good, and shutting down waits for connections
 * that never return.
 */
describe('the connection pool after its server went away mid-transaction', () => {
  let dir: string;
  let server: EmbeddedPostgres;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'guild-pool-crash-'));
    chmodSync(dir, 0o755); // as root, Postgres runs as the 'postgres' user, which must reach it
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), logger });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no connection checked out, serves again, and disconnects at once', async () => {
    const prisma = createPrismaClient(server.url('postgres'));
    const pool = sqlPool(prisma);
    let running = true;
    let committed = 0;
    const worker = async () => {
      while (running) {
        await prisma
          .$transaction(async (tx) => {
            await tx.$executeRaw`SELECT pg_sleep(0.01)`;
            await tx.$queryRaw`SELECT 1`;
          })
          .then(
            () => (committed += 1),
            () => undefined, // refused while the server is away
          );
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await waitUntil('transactions under way', () => committed > 50);
    // A restart, as a managed database's maintenance does: connections are cut mid-transaction.
    const port = server.port;
    await server.stop();
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, logger });
    const before = committed;
    await waitUntil('transactions committed again', () => committed > before + 50, 20_000);
    running = false;
    await Promise.all(workers);

    expect(pool.totalCount - pool.idleCount).toBe(0);
    const started = Date.now();
    await prisma.$disconnect();
    expect(Date.now() - started).toBeLessThan(2000);
  }, 60_000);
});
