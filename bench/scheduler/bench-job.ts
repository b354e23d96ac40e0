import type { PrismaClient } from '../../src/db/client';
import type { ClaimedJob } from '../../src/scheduler/job-store';
import { summarise } from '../support/percentiles';

export const BENCH_JOB_KIND = 'bench.record-start';
const RUNS_TABLE = 'bench_job_run';

/** The benchmark's own table (not a migration: the database is thrown away): one row per run. */
export async function createRunsTable(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`CREATE TABLE ${RUNS_TABLE} (key text NOT NULL, owner text NOT NULL, late_ms double precision NOT NULL, claimed_at timestamptz(3) NOT NULL)`);
}

export async function clearRuns(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`TRUNCATE ${RUNS_TABLE}, "Job"`);
}

/**
 * The trivial job: one insert saying who ran it, how long after its due time it began, and when
 * the heartbeat that claimed it started.
 */
export async function recordRun(prisma: PrismaClient, owner: string, job: ClaimedJob, claimedAt: Date): Promise<void> {
  const lateMs = Date.now() - new Date(job.runAt).getTime();
  await prisma.$executeRawUnsafe(`INSERT INTO ${RUNS_TABLE} (key, owner, late_ms, claimed_at) VALUES ($1, $2, $3, $4)`, job.key, owner, lateMs, claimedAt);
}

export interface RunSummary {
  /** Lateness of each job's first run, in ms. */
  lateMs: number[];
  /** Runs beyond the first of the same job. */
  repeats: number;
  /** Jobs run, per replica. */
  perOwner: Map<string, number>;
  /** Per replica, the millisecond within the second at which its heartbeats claimed (median). */
  tickPhaseMs: Map<string, number>;
}

export async function runsOf(prisma: PrismaClient, keyPrefix: string): Promise<RunSummary> {
  const rows = await prisma.$queryRawUnsafe<{ key: string; owner: string; late_ms: number; claimed_at: Date }[]>(
    `SELECT key, owner, late_ms, claimed_at FROM ${RUNS_TABLE} WHERE key LIKE $1 ORDER BY key, late_ms`,
    `${keyPrefix}%`,
  );
  const first = new Map<string, number>();
  const perOwner = new Map<string, number>();
  const phases = new Map<string, number[]>();
  for (const row of rows) {
    if (!first.has(row.key)) first.set(row.key, row.late_ms);
    perOwner.set(row.owner, (perOwner.get(row.owner) ?? 0) + 1);
    const owned = phases.get(row.owner) ?? [];
    owned.push(row.claimed_at.getTime() % 1000);
    phases.set(row.owner, owned);
  }
  const tickPhaseMs = new Map([...phases].map(([owner, ms]) => [owner, summarise(ms).p50]));
  return { lateMs: [...first.values()], repeats: rows.length - first.size, perOwner, tickPhaseMs };
}
