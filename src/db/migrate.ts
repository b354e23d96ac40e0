import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from 'pino';

const ROOT = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

/**
 * Applies the committed migrations in prisma/migrations to the database, through Prisma's own
 * `migrate deploy` (run by scripts/prisma.mjs without native engines). Safe to run from several
 * replicas at once: Prisma takes an advisory lock.
 */
export async function applyMigrations(databaseUrl: string, logger: Logger): Promise<void> {
  const started = Date.now();
  let output: string;
  try {
    output = await runPrisma(['migrate', 'deploy'], databaseUrl);
  } catch (err) {
    // P3009: a migration is recorded as started but not finished, e.g. because Guild was stopped
    // during its first start. Every migration runs in one transaction (BEGIN … COMMIT in its
    // file), so none of it was applied: mark it rolled back and apply it again.
    const failed = /P3009[\s\S]*?The `([^`]+)` migration started at/.exec(err instanceof Error ? err.message : '')?.[1];
    if (!failed) throw err;
    logger.warn({ migration: failed }, 'retrying a migration that was interrupted before it finished');
    await markRolledBack(databaseUrl, failed);
    output = await runPrisma(['migrate', 'deploy'], databaseUrl);
  }
  logger.info({ ms: Date.now() - started, applied: output.match(/Applying migration `[^`]+`/g)?.length ?? 0 }, 'database migrations applied');
}

/** What `prisma migrate resolve --rolled-back` records (that command needs the native engine). */
async function markRolledBack(databaseUrl: string, migration: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      'UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL AND rolled_back_at IS NULL',
      [migration],
    );
  } finally {
    await client.end();
  }
}

export function runPrisma(args: string[], databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'prisma.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma ${args.join(' ')} failed (exit ${code}):\n${output.replace(/postgresql:\/\/[^@\s]+@/g, 'postgresql://***@')}`));
    });
  });
}
