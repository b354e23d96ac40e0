import type { Prisma, PrismaClient } from '../db/client';

type Db = PrismaClient | Prisma.TransactionClient;

export interface NewJob {
  /** Names one occurrence; enqueuing an existing key changes nothing. */
  key: string;
  kind: string;
  payload?: Prisma.InputJsonValue;
  runAt: Date;
  maxAttempts?: number;
  scheduleId?: number;
}

export interface ClaimedJob {
  id: bigint;
  key: string;
  kind: string;
  payload: unknown;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
}

/**
 * The jobs table. Every state change of a running job is conditional on the caller still
 * holding its lease, so a replica whose lease expired (and whose job was taken over) cannot
 * overwrite the outcome of the replica that took over.
 */
export class JobStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Adds jobs; keys that exist already are left as they are. Returns how many were new. */
  async enqueue(jobs: NewJob[], db: Db = this.prisma): Promise<number> {
    if (jobs.length === 0) return 0;
    const { count } = await db.job.createMany({
      data: jobs.map((j) => ({ key: j.key, kind: j.kind, payload: j.payload ?? {}, runAt: j.runAt, maxAttempts: j.maxAttempts ?? 5, scheduleId: j.scheduleId ?? null })),
      skipDuplicates: true,
    });
    return count;
  }

  /**
   * Makes sure a job with this key will run (again): a new key is added; a finished one is put
   * back as pending; a pending or running one is left alone (it will see the latest state).
   */
  async rearm(job: NewJob, db: Db = this.prisma): Promise<void> {
    const payload = JSON.stringify(job.payload ?? {});
    await db.$executeRaw`
      INSERT INTO "Job" (key, kind, payload, "runAt", "maxAttempts")
      VALUES (${job.key}, ${job.kind}, ${payload}::jsonb, ${job.runAt}, ${job.maxAttempts ?? 5})
      ON CONFLICT (key) DO UPDATE SET status = 'pending', "runAt" = EXCLUDED."runAt", attempts = 0, "lastError" = NULL
       WHERE "Job".status IN ('done', 'dead', 'skipped', 'cancelled')`;
  }

  /**
   * Takes up to `limit` jobs that are due (pending with runAt ≤ now) or whose runner's lease ran
   * out, oldest first, skipping rows other replicas are claiming at this moment.
   */
  async claim(owner: string, now: Date, limit: number, leaseMs: number, kinds?: string[]): Promise<ClaimedJob[]> {
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const kindFilter = kinds && kinds.length > 0 ? kinds : null;
    return this.prisma.$queryRaw<ClaimedJob[]>`
      UPDATE "Job" AS j
         SET status = 'running', "leaseOwner" = ${owner}, "leaseUntil" = ${leaseUntil},
             attempts = j.attempts + 1, "startedAt" = ${now}
       WHERE j.id IN (
         SELECT id FROM "Job"
          WHERE ((status = 'pending' AND "runAt" <= ${now}) OR (status = 'running' AND "leaseUntil" < ${now}))
            AND (${kindFilter}::text[] IS NULL OR kind = ANY(${kindFilter}::text[]))
          ORDER BY "runAt", id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED)
      RETURNING j.id, j.key, j.kind, j.payload, j."runAt", j.attempts, j."maxAttempts"`;
  }

  async complete(id: bigint, owner: string, now: Date, status: 'done' | 'skipped' | 'dead' = 'done', error?: string): Promise<boolean> {
    const { count } = await this.prisma.job.updateMany({
      where: { id, leaseOwner: owner, status: 'running' },
      data: { status, finishedAt: now, leaseOwner: null, leaseUntil: null, ...(error !== undefined ? { lastError: error.slice(0, 2000) } : {}) },
    });
    return count === 1;
  }

  /** Puts a failed job back for another attempt at `retryAt`. */
  async retry(id: bigint, owner: string, retryAt: Date, error: string, countAttempt = true): Promise<boolean> {
    const { count } = await this.prisma.job.updateMany({
      where: { id, leaseOwner: owner, status: 'running' },
      data: {
        status: 'pending',
        runAt: retryAt,
        leaseOwner: null,
        leaseUntil: null,
        lastError: error.slice(0, 2000),
        ...(countAttempt ? {} : { attempts: { decrement: 1 } }),
      },
    });
    return count === 1;
  }

  /** Keeps this replica's leases alive while its jobs are still running. */
  async extendLeases(owner: string, ids: bigint[], until: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.prisma.job.updateMany({ where: { id: { in: ids }, leaseOwner: owner, status: 'running' }, data: { leaseUntil: until } });
  }

  async cancelPending(where: Prisma.JobWhereInput): Promise<number> {
    const { count } = await this.prisma.job.updateMany({ where: { ...where, status: 'pending' }, data: { status: 'cancelled' } });
    return count;
  }
}
