// Run as its own process by test/e2e/private-checkout.test.ts: npm test's global set-up from
// wherever this checkout is; prints how many migrations the template database has, then tears down.
import { Client } from 'pg';
import { TEMPLATE_DATABASE } from './database';
import globalSetup from './global-setup';
import globalTeardown from './global-teardown';

async function main(): Promise<void> {
  await globalSetup();
  try {
    const url = new URL(process.env.GUILD_TEST_ADMIN_URL!);
    url.pathname = `/${TEMPLATE_DATABASE}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ applied: number }>('SELECT count(*)::int AS applied FROM _prisma_migrations WHERE finished_at IS NOT NULL');
      process.stdout.write(`${JSON.stringify({ migrationsApplied: rows[0]?.applied })}\n`);
    } finally {
      await client.end();
    }
  } finally {
    await globalTeardown();
  }
}

void main();
