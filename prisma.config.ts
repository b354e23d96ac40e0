import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

/**
 * Prisma's CLI runs its schema engine as WebAssembly through the pg driver adapter,
 * so `generate` and `migrate deploy` work without downloading native engines.
 * scripts/prisma.mjs is the one entry point that sets the remaining offline switches.
 */
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL must be set for Prisma CLI commands that reach a database');
    // allowExitOnIdle: the CLI should exit as soon as its work is done, not when idle clients time out.
    return new PrismaPg({ connectionString, allowExitOnIdle: true });
  },
});
