import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { sqlPool, utcParam, type PrismaClient } from '../db/client';
import { Backoff, DATABASE_OUTAGE, isUnreachable, OutageLog } from '../db/outage';
import type { Clock } from './clock';
import { JobStore, type ClaimedJob } from './job-store';

export interface JobContext {
  job: ClaimedJob;
  /** When the job started, by the scheduler's clock. */
  now: Date;
  /** How late it started, in ms after its due time. */
  lateMs: number;
  logger: Logger;
}

/** What to do for jobs of one kind, and the rules for running them. */
export interface JobHandler {
  kind: string;
  run(payload: unknown, context: JobContext): Promise<void>;
  /**
   * Staleness after downtime: a job starting more than this many ms after it was due is skipped
   * (and logged) instead of run. Undefined: always run, however late (e.g. a weekly match).
   */
  staleAfterMs?: number;
  /** Delay before attempt n+1 after attempt n failed. Default: exponential from 2 s, capped at 10 min, with jitter. */
  backoffMs?(attempt: number): number;
}

/** Thrown by a handler that cannot run yet (rate limited): tried again at `retryAt`, not counted as a failure. */
export class RetryLater extends Error {
  constructor(readonly retryAt: Date, reason: string) {
    super(reason);
    this.name = 'RetryLater';
  }
}

/** Thrown by a handler whose job can never succeed: it goes straight to the dead state. */
export class PermanentFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PermanentFailure';
  }
}

/** A duty done once per tick across all replicas (whoever holds its lease), such as turning schedules into jobs. */
export interface TickDuty {
  key: string;
  run(now: Date): Promise<void>;
}

export interface SchedulerOptions {
  prisma: PrismaClient;
  logger: Logger;
  clock: Clock;
  /** This replica's name in leases; unique per process. */
  owner?: string;
  /** Most jobs running at once in this process. Default 50. */
  concurrency?: number;
  /** How long a claim lasts without renewal. Default 30 s; renewed every tick while running. */
  leaseMs?: number;
  /** node-cron expression of the heartbeat. Default every second. */
  heartbeat?: string;
  /** Where database outages are reported (shared with the readiness check); default, one of its own. */
  outage?: OutageLog;
}

/**
 * While heartbeats fail (the database is away), the next one waits this long: a few quick tries
 * for a blip, then every 5 s, so that work resumes within seconds of the database's return
 * without a query (and a log line) every second meanwhile.
 */
export const HEARTBEAT_FAILURE_BACKOFF_MS = [1000, 2000, 4000, 5000] as const;

export const defaultBackoff = (attempt: number): number => {
  const base = Math.min(2000 * 2 ** (attempt - 1), 600_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
};

/**
 * The durable scheduler: a node-cron heartbeat claims due jobs from Postgres (FOR UPDATE SKIP
 * LOCKED, under a lease) and runs them. Any number of replicas can run against one database;
 * a job whose replica died is taken over when its lease expires. Side effects must be idempotent
 * per job key (outbound messages are: see delivery/), because a job taken over after a crash
 * may have done part of its work.
 */
export class Scheduler {
  readonly owner: string;
  private readonly store: JobStore;
  private readonly handlers = new Map<string, JobHandler>();
  private readonly duties: TickDuty[] = [];
  private readonly running = new Map<bigint, Promise<void>>();
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private task?: ScheduledTask;
  private ticking?: Promise<number>;
  private refilling?: Promise<number>;
  private timer?: NodeJS.Timeout;
  /** Renews leases between heartbeats (see renewLeasesMeanwhile). */
  private renewer?: NodeJS.Timeout;
  private renewing = false;
  private saturated = false;
  private stopped = false;
  /** No heartbeat before this time (ms since the epoch, real time): heartbeats are failing. */
  private pausedUntil = 0;
  private readonly failureBackoff: Backoff;
  private readonly databaseOutage: OutageLog;
  /** Heartbeats failing with the database reachable: a bug, logged with its stack, once. */
  private readonly heartbeatTrouble: OutageLog;

  constructor(private readonly options: SchedulerOptions) {
    this.owner = options.owner ?? `guild-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.store = new JobStore(options.prisma, (kind) => this.handlers.get(kind)?.staleAfterMs);
    this.concurrency = options.concurrency ?? 50;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.failureBackoff = new Backoff(HEARTBEAT_FAILURE_BACKOFF_MS);
    this.databaseOutage = options.outage ?? new OutageLog(options.logger, DATABASE_OUTAGE);
    this.heartbeatTrouble = new OutageLog(options.logger, { started: 'the scheduler heartbeat is failing', ended: 'the scheduler heartbeat works again', withStack: true });
  }

  get jobs(): JobStore {
    return this.store;
  }

  register(handler: JobHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`a handler for ${handler.kind} is registered already`);
    this.handlers.set(handler.kind, handler);
  }

  addDuty(duty: TickDuty): void {
    this.duties.push(duty);
  }

  /** Starts the heartbeat. */
  start(): void {
    this.stopped = false;
    this.renewLeasesMeanwhile();
    const log = this.options.logger.child({ component: 'node-cron' });
    this.task = cron.schedule(this.options.heartbeat ?? '* * * * * *', () => this.heartbeat(), {
      noOverlap: true,
      name: `scheduler-${this.owner}`,
      // A skipped heartbeat is harmless (the next one claims what is due), so it is logged at debug.
      logger: {
        info: (message) => log.debug(message),
        warn: (message) => log.debug(message),
        error: (message, err) => log.error({ err: err ?? message }, 'node-cron error'),
        debug: (message) => log.debug({ detail: message }, 'node-cron'),
      },
    });
  }

  /** Stops claiming work, then waits (up to `timeoutMs`) for jobs in flight. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.renewer);
    await this.task?.stop();
    await this.task?.destroy();
    await this.ticking;
    await this.refilling;
    const all = Promise.allSettled([...this.running.values()]);
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }

  /**
   * One heartbeat: renew this replica's leases, do the once-per-tick duties if elected, and claim
   * as many due jobs as there is room for. Returns how many jobs it started.
   */
  async tick(): Promise<number> {
    if (this.stopped) return 0;
    const now = this.options.clock.now();
    await this.store.extendLeases(this.owner, [...this.running.keys()], new Date(now.getTime() + this.leaseMs));
    for (const duty of this.duties) {
      if (await this.elected(duty.key, now)) {
        try {
          await duty.run(now);
        } catch (err) {
          this.options.logger.error({ err, duty: duty.key }, 'scheduler duty failed');
        }
      }
    }
    const started = await this.claimRoom(now);
    if (this.task) await this.armForNextDue(now);
    return started;
  }

  /**
   * Renews the leases of the jobs running here three times a lease, apart from the heartbeat: a
   * heartbeat slowed by its claim or duties (a busy database) skips the next ones, and the leases
   * it would have renewed lapsed, so another replica ran the jobs again. A failed renewal is left
   * to the next (the heartbeat reports outages).
   */
  private renewLeasesMeanwhile(): void {
    clearInterval(this.renewer);
    this.renewer = setInterval(() => {
      if (this.renewing || this.running.size === 0) return;
      this.renewing = true;
      const until = new Date(this.options.clock.now().getTime() + this.leaseMs);
      this.store
        .extendLeases(this.owner, [...this.running.keys()], until)
        .catch(() => undefined)
        .finally(() => (this.renewing = false));
    }, Math.max(50, this.leaseMs / 3));
    this.renewer.unref();
  }

  /** Claims as many due jobs as there is room for and starts them. */
  private async claimRoom(now: Date): Promise<number> {
    const room = this.concurrency - this.running.size;
    if (room <= 0 || this.stopped) {
      this.saturated = room <= 0;
      return 0;
    }
    const claimed = await this.store.claim(this.owner, now, room, this.leaseMs, [...this.handlers.keys()]);
    // A full claim means more may be waiting: refill as jobs finish rather than on the next heartbeat.
    this.saturated = claimed.length === room;
    for (const job of claimed) {
      const run = this.execute(job, now)
        .catch((err: unknown) => this.options.logger.error({ err, jobKey: job.key }, 'could not record the outcome of a job; its lease will expire and it will run again'))
        .finally(() => {
          this.running.delete(job.id);
          if (this.saturated && this.task) this.refill();
        });
      this.running.set(job.id, run);
    }
    return claimed.length;
  }

  /** One refill claim at a time, however many jobs finish at once. */
  private refill(): void {
    if (this.refilling || this.stopped) return;
    this.refilling = this.claimRoom(this.options.clock.now())
      .catch((err: unknown) => {
        this.heartbeatFailed(err);
        return 0;
      })
      .finally(() => {
        this.refilling = undefined;
      });
  }

  /**
   * The heartbeat is once a second; a job due in between is claimed when due, by a timer armed
   * for the next pending job's due time.
   */
  private async armForNextDue(now: Date): Promise<void> {
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0 || this.stopped) return;
    const next = await this.store.nextDue(kinds);
    const delay = next ? next.getTime() - now.getTime() : Infinity;
    if (delay <= 0 || delay >= 1000) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refill(), delay);
    this.timer.unref();
  }

  /** Runs ticks until nothing is due and nothing is running: for tests and simulations. */
  async runUntilIdle(maxTicks = 1000): Promise<void> {
    for (let i = 0; i < maxTicks; i += 1) {
      const started = await this.tick();
      await Promise.allSettled([...this.running.values()]);
      if (started === 0 && this.running.size === 0) return;
    }
    throw new Error(`scheduler still busy after ${maxTicks} ticks`);
  }

  get inFlight(): number {
    return this.running.size;
  }

  private heartbeat(): Promise<number> {
    if (Date.now() < this.pausedUntil) return Promise.resolve(0);
    this.ticking = this.tick().then(
      (started) => {
        this.heartbeatWorked();
        return started;
      },
      (err: unknown) => {
        this.heartbeatFailed(err);
        return 0;
      },
    );
    return this.ticking;
  }

  /**
   * A failed heartbeat pauses the next ones (see HEARTBEAT_FAILURE_BACKOFF_MS) and is reported
   * as part of an outage, logged when it starts and when it ends. Jobs that fell due meanwhile
   * are claimed by the first heartbeat that works, under their kind's staleness rule, as after
   * downtime.
   */
  private heartbeatFailed(err: unknown): void {
    this.pausedUntil = Date.now() + this.failureBackoff.next();
    if (isUnreachable(err)) this.databaseOutage.failed(err);
    else this.heartbeatTrouble.failed(err);
  }

  private heartbeatWorked(): void {
    this.failureBackoff.reset();
    this.pausedUntil = 0;
    this.databaseOutage.succeeded();
    this.heartbeatTrouble.succeeded();
  }

  private async execute(job: ClaimedJob, claimedAt: Date): Promise<void> {
    const { logger, clock } = this.options;
    const log = logger.child({ jobKey: job.key, kind: job.kind, attempt: job.attempts });
    const handler = this.handlers.get(job.kind);
    if (!handler) {
      await this.store.complete(job.id, this.owner, clock.now(), 'dead', `no handler for kind ${job.kind}`);
      return;
    }
    const lateMs = claimedAt.getTime() - new Date(job.runAt).getTime();
    if (handler.staleAfterMs !== undefined && lateMs > handler.staleAfterMs) {
      log.warn({ lateMs, staleAfterMs: handler.staleAfterMs }, 'job skipped: too late to be useful');
      await this.store.complete(job.id, this.owner, clock.now(), 'skipped', `stale: started ${lateMs} ms after it was due`);
      return;
    }
    try {
      await handler.run(job.payload, { job, now: claimedAt, lateMs, logger: log });
      await this.store.complete(job.id, this.owner, clock.now());
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof RetryLater) {
        await this.store.retry(job.id, this.owner, err.retryAt, message, false);
      } else if (err instanceof PermanentFailure || job.attempts >= job.maxAttempts) {
        log.error({ err }, 'job failed for good: kept as dead for inspection');
        await this.store.complete(job.id, this.owner, clock.now(), 'dead', message);
      } else {
        const delay = (handler.backoffMs ?? defaultBackoff)(job.attempts);
        log.warn({ err, retryInMs: delay }, 'job failed: will retry');
        await this.store.retry(job.id, this.owner, new Date(clock.now().getTime() + delay), message);
      }
    }
  }

  /** Takes (or keeps) the lease of a once-per-tick duty; true when this replica holds it. */
  private async elected(key: string, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + 5000);
    const { rowCount } = await sqlPool(this.options.prisma).query({ name: 'guild_duty_lease', text: DUTY_LEASE_SQL, values: [key, this.owner, utcParam(expiresAt), utcParam(now)] });
    return rowCount === 1;
  }
}

/** Takes the lease $1 for $2 until $3 if it is free, expired at $4, or $2's already (on the pg pool: see job-store.ts). */
const DUTY_LEASE_SQL = `
  INSERT INTO "SchedulerLease" (key, owner, "expiresAt") VALUES ($1, $2, $3::timestamp)
  ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, "expiresAt" = EXCLUDED."expiresAt"
   WHERE "SchedulerLease"."expiresAt" < $4::timestamp OR "SchedulerLease".owner = $2
  RETURNING owner`;
