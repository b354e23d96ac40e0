import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';
import { applyMigrations } from '../../src/db/migrate';
import { TEMPLATE_DATABASE } from './database';

declare global {
  // eslint-disable-next-line no-var
  var guildTestPostgres: { server: EmbeddedPostgres; dataDir: string } | undefined;
}

/**
 * One real Postgres for the whole run. Migrations are applied once to a template database;
 * each test file clones it (CREATE DATABASE … TEMPLATE), which takes milliseconds.
 * With TEST_DATABASE_URL set (a server where we may create databases), that server is used.
 */
export default async function globalSetup(): Promise<void> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  const external = process.env.TEST_DATABASE_URL;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'guild-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, logger, ephemeral: true });
    globalThis.guildTestPostgres = { server, dataDir };
    adminUrl = server.url('postgres');
  }
  const { Client } = await import('pg');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  await applyMigrations(withDatabase(adminUrl, TEMPLATE_DATABASE), logger);
  process.env.GUILD_TEST_ADMIN_URL = adminUrl;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
