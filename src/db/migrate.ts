import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Logger } from 'pino';

const ROOT = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

/**
 * Applies the committed migrations in prisma/migrations to the database, through Prisma's own
 * `migrate deploy` (run by scripts/prisma.mjs without native engines). Safe to run from several
 * replicas at once: Prisma takes an advisory lock.
 */
export async function applyMigrations(databaseUrl: string, logger: Logger): Promise<void> {
  const started = Date.now();
  const output = await runPrisma(['migrate', 'deploy'], databaseUrl);
  logger.info({ ms: Date.now() - started, applied: output.match(/Applying migration `[^`]+`/g)?.length ?? 0 }, 'database migrations applied');
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
