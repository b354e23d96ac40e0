import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createPrismaClient, type PrismaClient } from '../../src/db/client';

export const TEMPLATE_DATABASE = 'guild_template';

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  /** Empties every table, for isolation between tests in one file. */
  truncate(): Promise<void>;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.GUILD_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('GUILD_TEST_ADMIN_URL is not set: run the tests through jest (its global setup starts Postgres)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const prisma = createPrismaClient(url.toString());
  return {
    url: url.toString(),
    prisma,
    async truncate() {
      const tables = await prisma.$queryRaw<{ tablename: string }[]>`
        SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
      if (tables.length === 0) return;
      // Guild keeps running between tests (its heartbeat, the rate budget's bookings): a truncate of
      // every table can meet one of its statements in a deadlock, which Postgres breaks by failing one.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
          return;
        } catch (err) {
          if (attempt >= 5 || !String((err as Error).message).includes('deadlock detected')) throw err;
        }
      }
    },
    async drop() {
      await prisma.$disconnect();
      await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Registers the jest hooks for a database of the test file's own: created before all tests,
 * emptied before each, dropped after all. The returned object stands for it.
 */
export function useTestDatabase(): TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.drop();
  });
  beforeEach(async () => {
    await current?.truncate();
  });
  return new Proxy({} as TestDatabase, {
    get(_, key) {
      if (!current) throw new Error('the test database is used before beforeAll ran');
      return current[key as keyof TestDatabase];
    },
  });
}
