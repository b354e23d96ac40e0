import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createPrismaClient, type PrismaClient } from '../../../src/db/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/db/embedded-postgres';
import { applyMigrations } from '../../../src/db/migrate';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { capturedLogger } from '../../support/captured-logger';
import { waitUntil } from '../../support/postgres-processes';

/**
 * The scheduler's real heartbeat against a Postgres of this file's own, which is stopped (an
 * outage) and started again: the shared test server cannot be.
 */
describe('the scheduler through a database outage', () => {
  const quiet = pino({ level: 'silent' });
  let dir: string;
  let server: EmbeddedPostgres | undefined;
  let prisma: PrismaClient;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'guild-scheduler-outage-'));
    chmodSync(dir, 0o755); // as root, Postgres runs as the 'postgres' user, which must reach it
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), logger: quiet });
    await server.createDatabase('guild');
    await applyMigrations(server.url('guild'), quiet);
    prisma = createPrismaClient(server.url('guild'));
  }, 60_000);
  afterAll(async () => {
    await prisma?.$disconnect();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs off and logs the outage twice; afterwards it runs what fell due by the staleness rules that apply after downtime', async () => {
    const clock = new ManualClock('2026-06-01T09:00:00Z');
    const { logger, lines } = capturedLogger();
    const scheduler = new Scheduler({ prisma, logger, clock, owner: 'outage-test' });
    const ran: string[] = [];
    scheduler.register({ kind: 'reminder', staleAfterMs: 15 * 60_000, run: async (payload) => void ran.push((payload as { n: string }).n) });
    scheduler.register({ kind: 'match', run: async (payload) => void ran.push((payload as { n: string }).n) });
    const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000);
    await scheduler.jobs.enqueue([
      { key: 'reminder:early', kind: 'reminder', payload: { n: 'reminder:early' }, runAt: at(5) }, // 55 min late after the outage: stale
      { key: 'match:weekly', kind: 'match', payload: { n: 'match:weekly' }, runAt: at(5) }, // no staleness: runs however late
      { key: 'reminder:late', kind: 'reminder', payload: { n: 'reminder:late' }, runAt: at(50) }, // 10 min late: still useful
    ]);

    scheduler.start();
    const port = server!.port;
    await server!.stop();
    server = undefined;
    const outageStarted = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 9000)); // every second, a heartbeat would fail
    clock.advance(60 * 60_000); // meanwhile an hour passes, as far as the jobs are concerned
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, logger: quiet });

    await waitUntil('the jobs that fell due', () => ran.length === 2, 20_000);
    const recoveredAfterMs = Date.now() - outageStarted;
    await scheduler.stop();

    expect(ran.sort()).toEqual(['match:weekly', 'reminder:late']);
    const statuses = await prisma.job.findMany({ select: { key: true, status: true }, orderBy: { key: 'asc' } });
    expect(statuses).toEqual([
      { key: 'match:weekly', status: 'done' },
      { key: 'reminder:early', status: 'skipped' },
      { key: 'reminder:late', status: 'done' },
    ]);
    const messages = lines.map((l) => String(l.msg));
    expect(messages).toHaveLength(3);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^the database is unreachable: /), expect.stringMatching(/^the database is back after \d+\.\d s$/), 'job skipped: too late to be useful']),
    );
    // Backoff: heartbeats at about 0, 1, 3, 7 s and then every 5 s, not one a second.
    const back = lines.find((l) => String(l.msg).startsWith('the database is back'))!;
    expect(Number(back.failures)).toBeLessThanOrEqual(5);
    expect(recoveredAfterMs).toBeLessThan(9000 + 8000);
  }, 60_000);
});
