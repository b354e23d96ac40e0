import type { Logger } from 'pino';
import { sqlPool, utcParam, type Prisma, type PrismaClient } from '../db/client';
import type { Clock } from './clock';
import type { JobStore } from './job-store';
import { describeRecurrence, nextOccurrence, validateRecurrence, type Recurrence } from './recurrence';
import type { TickDuty } from './scheduler';

export interface ScheduleSummary {
  id: number;
  name: string;
  kind: string;
  status: 'active' | 'paused' | 'cancelled' | 'ended';
  description: string;
  timeZone: string;
  nextRunAt?: Date;
}

export interface NewSchedule {
  communityId: number;
  /** The job kind each occurrence runs, e.g. `retro.start`. */
  kind: string;
  name: string;
  recurrence: unknown;
  payload?: Prisma.InputJsonObject;
  createdBy: string;
}

export class ScheduleError extends Error {}

const ANY_DUE_SQL = `SELECT EXISTS (SELECT 1 FROM "Schedule" WHERE status = 'active' AND "nextRunAt" <= $1::timestamp) AS due`;

/** Occurrences are made into jobs this far ahead, so a job exists (and is claimed) when it falls due. */
const HORIZON_MS = 60_000;
/** At most this many occurrences are walked per schedule per tick. */
const MAX_WALK = 1000;

/**
 * A community's recurring rituals. Each occurrence becomes one job, keyed by schedule and
 * instant, so making the same occurrence twice (two replicas, a retry) is a no-op.
 *
 * After downtime only the most recent missed occurrence is made into a job (and that job's kind
 * decides, by its staleness rule, whether it still runs); older missed ones are logged and
 * dropped: a weekly pairing missed twice should happen once, not twice in a row.
 */
export class Schedules {
  constructor(private readonly deps: { prisma: PrismaClient; jobs: JobStore; clock: Clock; logger: Logger }) {}

  async create(input: NewSchedule): Promise<ScheduleSummary> {
    const checked = validateRecurrence(input.recurrence);
    if (!checked.ok) throw new ScheduleError(checked.problem);
    const nextRunAt = nextOccurrence(checked.value, this.deps.clock.now());
    const row = await this.deps.prisma.schedule.create({
      data: {
        communityId: input.communityId,
        kind: input.kind,
        name: input.name,
        recurrence: checked.value as unknown as Prisma.InputJsonObject,
        payload: input.payload ?? {},
        createdBy: input.createdBy,
        nextRunAt: nextRunAt ?? null,
        status: nextRunAt ? 'active' : 'ended',
      },
    });
    return summarise(row);
  }

  /**
   * One schedule as the ritual running it needs it: its state, its payload, and when it runs
   * next after an instant (undefined when it does not exist).
   */
  async find(id: number): Promise<{ id: number; status: ScheduleSummary['status']; payload: unknown; nextAfter(after: Date): Date | undefined } | undefined> {
    const row = await this.deps.prisma.schedule.findUnique({ where: { id } });
    if (!row) return undefined;
    const rule = storedRecurrence(row.recurrence);
    return { id: row.id, status: row.status, payload: row.payload, nextAfter: (after) => nextOccurrence(rule, after) };
  }

  async list(communityId: number): Promise<ScheduleSummary[]> {
    const rows = await this.deps.prisma.schedule.findMany({ where: { communityId, status: { not: 'cancelled' } }, orderBy: { id: 'asc' } });
    return rows.map(summarise);
  }

  async pause(communityId: number, id: number): Promise<ScheduleSummary> {
    return this.change(communityId, id, ['active'], () => ({ status: 'paused' }), 'paused');
  }

  /** Resumes from now: occurrences that fell while paused are not made up. */
  async resume(communityId: number, id: number): Promise<ScheduleSummary> {
    return this.change(communityId, id, ['paused'], (rule) => {
      const next = nextOccurrence(rule, this.deps.clock.now());
      return next ? { status: 'active', nextRunAt: next } : { status: 'ended', nextRunAt: null };
    }, 'resumed');
  }

  /** Cancels the schedule and its occurrences not yet started. */
  async cancel(communityId: number, id: number): Promise<ScheduleSummary> {
    const summary = await this.change(communityId, id, ['active', 'paused', 'ended'], () => ({ status: 'cancelled', nextRunAt: null }), 'cancelled');
    await this.deps.jobs.cancelPending({ scheduleId: id });
    return summary;
  }

  /** The duty that turns due occurrences into jobs; run once per tick by the elected replica. */
  duty(): TickDuty {
    return { key: 'schedules.materialise', run: async (now) => { await this.materialise(now); } };
  }

  async materialise(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() + HORIZON_MS);
    // Runs every second: a cheap look first (on the pg pool, see job-store.ts), the locking
    // transaction only when something is due.
    const { rows } = await sqlPool(this.deps.prisma).query<{ due: boolean }>({ name: 'guild_schedules_due', text: ANY_DUE_SQL, values: [utcParam(horizon)] });
    if (!rows[0]?.due) return 0;
    return this.deps.prisma.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: number }[]>`
        SELECT id FROM "Schedule" WHERE status = 'active' AND "nextRunAt" <= ${horizon}
         ORDER BY "nextRunAt" LIMIT 200 FOR UPDATE SKIP LOCKED`;
      let made = 0;
      for (const { id } of due) {
        const schedule = await tx.schedule.findUniqueOrThrow({ where: { id } });
        const rule = storedRecurrence(schedule.recurrence);
        const occurrences: Date[] = [];
        let next: Date | undefined = schedule.nextRunAt ?? undefined;
        for (let i = 0; next && next <= horizon && i < MAX_WALK; i += 1) {
          occurrences.push(next);
          next = nextOccurrence(rule, next);
        }
        const missed = occurrences.filter((o) => o < now);
        const toRun = [...missed.slice(-1), ...occurrences.filter((o) => o >= now)];
        if (missed.length > 1) this.deps.logger.warn({ scheduleId: id, dropped: missed.length - 1 }, 'missed occurrences dropped after downtime; the latest one is caught up');
        made += await this.deps.jobs.enqueue(
          toRun.map((at) => ({
            key: `schedule:${id}:${at.toISOString()}`,
            kind: schedule.kind,
            payload: { ...(schedule.payload as Prisma.JsonObject), scheduleId: id, occurrence: at.toISOString() },
            runAt: at,
            scheduleId: id,
          })),
          tx,
        );
        await tx.schedule.update({
          where: { id },
          data: { nextRunAt: next ?? null, lastRunAt: toRun.at(-1) ?? schedule.lastRunAt, ...(next ? {} : { status: 'ended' }) },
        });
      }
      return made;
    });
  }

  private async change(
    communityId: number,
    id: number,
    from: string[],
    update: (rule: Recurrence) => Prisma.ScheduleUpdateInput,
    verb: string,
  ): Promise<ScheduleSummary> {
    const schedule = await this.deps.prisma.schedule.findFirst({ where: { id, communityId } });
    if (!schedule || schedule.status === 'cancelled') throw new ScheduleError(`This community has no schedule #${id}. See them with \`/guild schedules\`.`);
    if (!from.includes(schedule.status)) throw new ScheduleError(`Schedule #${id} is ${schedule.status}, so it cannot be ${verb}.`);
    const row = await this.deps.prisma.schedule.update({ where: { id }, data: update(storedRecurrence(schedule.recurrence)) });
    this.deps.logger.info({ scheduleId: id, communityId, status: row.status }, `schedule ${verb}`);
    return summarise(row);
  }
}

function summarise(row: { id: number; name: string; kind: string; status: ScheduleSummary['status']; recurrence: Prisma.JsonValue; nextRunAt: Date | null }): ScheduleSummary {
  const rule = storedRecurrence(row.recurrence);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    description: describeRecurrence(rule),
    timeZone: rule.timeZone,
    ...(row.nextRunAt ? { nextRunAt: row.nextRunAt } : {}),
  };
}

/** A stored recurrence, checked when read like every JSON column. */
function storedRecurrence(json: Prisma.JsonValue): Recurrence {
  const checked = validateRecurrence(json);
  if (!checked.ok) throw new Error(`a stored schedule has an invalid recurrence: ${checked.problem}`);
  return checked.value;
}
