import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createPrismaClient, type PrismaClient } from './client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { applyMigrations } from './migrate';
import { DATABASE_OUTAGE, OutageLog } from './outage';

export interface Database {
  prisma: PrismaClient;
  /** True when a query round-trips within the timeout. */
  isReachable(timeoutMs?: number): Promise<boolean>;
  /**
   * Where everything that polls the database reports what it met, so that an outage is logged
   * once when it starts and once when it ends, however many pollers notice it.
   */
  outage: OutageLog;
  /**
   * Settles, with the reason, if the database is gone for good (the embedded Postgres died and
   * cannot be started again). Never settles for a server of the user's own: that one may come back.
   */
  lost: Promise<string>;
  /** Disconnects, then stops the embedded Postgres if Guild started one. */
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded Postgres in DATA_DIR when it is unset,
 * and brings the schema up to date before anything else touches it.
 */
export async function openDatabase(config: Config['database'], logger: Logger): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.url;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'postgres'), port: config.embeddedPort, logger });
    await embedded.createDatabase('guild');
    url = embedded.url('guild');
  }
  try {
    await applyMigrations(url, logger);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return databaseOver(createPrismaClient(url), logger, () => embedded?.stop(), embedded?.lost);
}

/**
 * The Database facade over a Prisma client; `onClose` runs after it disconnects, and `lost`
 * (the embedded server's) settles if the database cannot come back.
 */
export function databaseOver(prisma: PrismaClient, logger: Logger, onClose?: () => Promise<void> | undefined, lost?: Promise<string>): Database {
  const outage = new OutageLog(logger, DATABASE_OUTAGE);
  return {
    prisma,
    outage,
    lost: lost ?? new Promise<string>(() => undefined),
    async isReachable(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        const answered = await Promise.race([prisma.$queryRaw`SELECT 1`.then(() => true), timeout]);
        if (answered) outage.succeeded();
        else outage.failed(new Error(`no answer within ${timeoutMs} ms`));
        return answered;
      } catch (err) {
        // A load balancer asks every few seconds: the outage is logged once, not each time.
        outage.failed(err);
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await prisma.$disconnect();
      await onClose?.();
    },
  };
}
