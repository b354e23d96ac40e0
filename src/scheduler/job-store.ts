import { sidePool, sqlPool, utcParam, type Prisma, type PrismaClient } from '../db/client';

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

/** What putting a dead job back came to (see JobStore.revive). */
export type ReviveOutcome = 'revived' | 'not-dead' | 'too-late';

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
  /** `staleAfter`: each kind's staleness rule (the scheduler's handlers'), for revive. */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly staleAfter: (kind: string) => number | undefined = () => undefined,
  ) {}

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
    const { rows } = await sqlPool(this.prisma).query<Omit<ClaimedJob, 'id'> & { id: string }>({
      name: 'guild_job_claim',
      text: CLAIM_SQL,
      values: [owner, utcParam(leaseUntil), utcParam(now), kindFilter, limit],
    });
    return rows.map((row) => ({ ...row, id: BigInt(row.id) }));
  }

  /** When the next pending job of these kinds is due, if any is. */
  async nextDue(kinds: string[]): Promise<Date | undefined> {
    const { rows } = await sqlPool(this.prisma).query<{ at: Date | null }>({ name: 'guild_job_next_due', text: NEXT_DUE_SQL, values: [kinds] });
    return rows[0]?.at ?? undefined;
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
    // On a pool of its own: a renewal queued behind the jobs' queries would let their leases lapse.
    await sidePool(this.prisma, 'leases').query({ name: 'guild_job_extend_leases', text: EXTEND_LEASES_SQL, values: [ids.map(String), owner, utcParam(until)] });
  }

  /** Whether a job of this kind last due at `runAt` would still run now, by its kind's staleness rule. */
  revivable(kind: string, runAt: Date, now: Date): boolean {
    const staleAfterMs = this.staleAfter(kind);
    return staleAfterMs === undefined || now.getTime() - runAt.getTime() <= staleAfterMs;
  }

  /**
   * Puts a dead job back, due now with its attempts reset (an organiser's "Retry"). Refused when
   * the job is not dead (any more), or when its kind's staleness rule says it is too late to be
   * useful: the next occurrence is the one to wait for.
   */
  async revive(id: bigint, now: Date): Promise<ReviveOutcome> {
    const job = await this.prisma.job.findUnique({ where: { id }, select: { kind: true, status: true, runAt: true } });
    if (!job || job.status !== 'dead') return 'not-dead';
    if (!this.revivable(job.kind, job.runAt, now)) return 'too-late';
    const { count } = await this.prisma.job.updateMany({
      where: { id, status: 'dead' },
      data: { status: 'pending', runAt: now, attempts: 0, finishedAt: null, leaseOwner: null, leaseUntil: null },
    });
    return count === 1 ? 'revived' : 'not-dead';
  }

  async cancelPending(where: Prisma.JobWhereInput): Promise<number> {
    const { count } = await this.prisma.job.updateMany({ where: { ...where, status: 'pending' }, data: { status: 'cancelled' } });
    return count;
  }
}

// The heartbeat's statements run every second on every replica, so they go through the pg pool
// as named (prepared once per connection) statements: through Prisma each cost about a
// millisecond of the event loop's time, compiling the query (benchmark `ack`).

/**
 * Takes up to $5 jobs that are due (pending with runAt ≤ $3) or whose runner's lease ran out,
 * oldest first, skipping rows other replicas are claiming at this moment; kinds $4 (all if null).
 */
const CLAIM_SQL = `
  UPDATE "Job" AS j
     SET status = 'running', "leaseOwner" = $1, "leaseUntil" = $2::timestamp,
         attempts = j.attempts + 1, "startedAt" = $3::timestamp
   WHERE j.id IN (
     SELECT id FROM "Job"
      WHERE ((status = 'pending' AND "runAt" <= $3::timestamp) OR (status = 'running' AND "leaseUntil" < $3::timestamp))
        AND ($4::text[] IS NULL OR kind = ANY($4::text[]))
      ORDER BY "runAt", id
      LIMIT $5
      FOR UPDATE SKIP LOCKED)
  RETURNING j.id, j.key, j.kind, j.payload, j."runAt" AT TIME ZONE 'UTC' AS "runAt", j.attempts, j."maxAttempts"`;

const NEXT_DUE_SQL = `SELECT min("runAt") AT TIME ZONE 'UTC' AS at FROM "Job" WHERE status = 'pending' AND kind = ANY($1::text[])`;

const EXTEND_LEASES_SQL = `UPDATE "Job" SET "leaseUntil" = $3::timestamp WHERE id = ANY($1::bigint[]) AND "leaseOwner" = $2 AND status = 'running'`;
