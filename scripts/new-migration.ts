// `npm run migrate:new -- <name>`: writes the SQL that takes the database from the schema of the
// last migration to prisma/schema.prisma, as prisma/migrations/<timestamp>_<name>/migration.sql.
//
// `prisma migrate dev` cannot run without native engines (see scripts/prisma.mjs), so migrations
// are made by a schema-to-schema diff. The schema each migration was made from is kept in
// prisma/migrations/schema.snapshot.prisma, so the next diff knows where to start. The CLI's
// JavaScript schema engine insists on a live connection even for a pure diff, so a throw-away
// embedded Postgres is started for it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { runPrisma } from '../src/db/migrate';

async function main(): Promise<number> {
  const name = (process.argv[2] ?? '').trim();
  if (!/^[a-z0-9_]+$/.test(name)) {
    process.stderr.write('Usage: npm run migrate:new -- <name>   (lower-case letters, digits and _; e.g. add_topics)\n');
    return 2;
  }
  const root = path.resolve(__dirname, '..');
  const schema = path.join(root, 'prisma', 'schema.prisma');
  const migrations = path.join(root, 'prisma', 'migrations');
  const snapshot = path.join(migrations, 'schema.snapshot.prisma');

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-migrate-'));
  const pg = await startEmbeddedPostgres({ dataDir, logger: pino({ level: 'warn' }), ephemeral: true });
  try {
    const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
    const sql = await runPrisma(['migrate', 'diff', ...from, '--to-schema-datamodel', schema, '--script'], pg.url('postgres'));
    const body = sql.slice(sql.search(/^--/m)); // drop the CLI's banner lines
    if (sql.search(/^--/m) < 0 || /^-- This is an empty migration\.\s*$/.test(body.trim())) {
      process.stdout.write('The schema has not changed since the last migration: nothing to write.\n');
      return 0;
    }
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = path.join(migrations, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    // One transaction per migration: an interrupted one leaves nothing behind (see src/db/migrate.ts).
    writeFileSync(path.join(dir, 'migration.sql'), `-- Each migration runs in one transaction: interrupted, it leaves nothing half-applied (see src/db/migrate.ts).\nBEGIN;\n\n${body}\nCOMMIT;\n`);
    if (!existsSync(path.join(migrations, 'migration_lock.toml'))) {
      writeFileSync(path.join(migrations, 'migration_lock.toml'), 'provider = "postgresql"\n');
    }
    copyFileSync(schema, snapshot);
    process.stdout.write(`Wrote ${path.relative(root, path.join(dir, 'migration.sql'))}. Review it, then commit it with the schema.\n`);
    return 0;
  } finally {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
