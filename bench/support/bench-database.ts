import path from 'node:path';
import pino from 'pino';
import { createPrismaClient, type PrismaClient } from '../../src/db/client';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { applyMigrations } from '../../src/db/migrate';
import type { Cleanup } from './cleanup';

export interface BenchDatabase {
  url: string;
  /** The benchmark's own client, for seeding and for checking what the app wrote. */
  prisma: PrismaClient;
}

/**
 * A throw-away Postgres (embedded, durability off as for tests) with Guild's migrations applied.
 * Its data lives under the benchmark's scratch directory.
 */
export async function startBenchDatabase(scratchDir: string, cleanup: Cleanup): Promise<BenchDatabase> {
  // Postgres' and Prisma's own chatter is not a figure: warnings only, to stderr.
  const logger = pino({ level: 'warn' }, pino.destination(2));
  const server = await startEmbeddedPostgres({ dataDir: path.join(scratchDir, 'postgres'), logger, ephemeral: true });
  cleanup.add('stop Postgres', () => server.stop());
  await server.createDatabase('guild_bench');
  const url = server.url('guild_bench');
  await applyMigrations(url, logger);
  const prisma = createPrismaClient(url, { poolSize: 2 });
  cleanup.add('disconnect Prisma', () => prisma.$disconnect());
  return { url, prisma };
}
