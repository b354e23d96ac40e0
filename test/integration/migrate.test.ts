import { readdirSync } from 'node:fs';
import pino from 'pino';
import { applyMigrations } from '../../src/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('applyMigrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('recovers from a migration interrupted before it finished (e.g. Ctrl-C on first start)', async () => {
    // What an interrupted first start leaves: the migration recorded as started, none of its
    // transaction committed.
    await db.prisma.$executeRawUnsafe('DROP SCHEMA public CASCADE');
    await db.prisma.$executeRawUnsafe('CREATE SCHEMA public');
    await db.prisma.$executeRawUnsafe(`
      CREATE TABLE "_prisma_migrations" (
        id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ, migration_name VARCHAR(255) NOT NULL,
        logs TEXT, rolled_back_at TIMESTAMPTZ, started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`);
    const name = readdirSync('prisma/migrations').filter((d) => /^\d{14}_/.test(d)).sort()[0]!;
    await db.prisma.$executeRawUnsafe(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('interrupted', 'x', '${name}')`);

    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    await applyMigrations(db.url, logger);
    expect(lines.join('')).toContain('retrying a migration that was interrupted');
    expect(await db.prisma.community.count()).toBe(0); // the schema is there again
    await applyMigrations(db.url, logger); // and a second start finds nothing to do
  }, 60_000);
});
