import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { PrismaClient } from '../../src/db/client';
import type { Recurrence } from '../../src/scheduler/recurrence.types';

/**
 * Event rows written straight to the events tables, as the events service stores them: for the
 * calendar's tests, which need events without the service that makes them.
 */
export interface EventRow {
  communityId: number;
  title?: string;
  startsAt: Date;
  timeZone: string;
  durationMinutes?: number;
  place?: string;
  hosts?: string[];
  status?: 'scheduled' | 'cancelled';
  sequence?: number;
}

export async function insertEvent(prisma: PrismaClient, row: EventRow & { seriesId?: number; originalStart?: Date }) {
  return prisma.event.create({
    data: {
      kind: 'talk',
      title: 'Design crit',
      durationMinutes: 60,
      uid: `${randomUUID()}@guild.test`,
      createdBy: 'U0ADA',
      ...row,
    },
  });
}

/** A series and one row per local start, each at its original start. */
export async function insertSeries(prisma: PrismaClient, input: { communityId: number; recurrence: Recurrence; count?: number; untilDate?: string; locals: string[]; title?: string }) {
  const series = await prisma.eventSeries.create({
    data: { communityId: input.communityId, recurrence: input.recurrence as object, count: input.count ?? null, untilDate: input.untilDate ?? null },
  });
  const rows = [];
  for (const local of input.locals) {
    const start = DateTime.fromISO(local, { zone: input.recurrence.timeZone }).toJSDate();
    rows.push(await insertEvent(prisma, { communityId: input.communityId, seriesId: series.id, originalStart: start, startsAt: start, timeZone: input.recurrence.timeZone, ...(input.title ? { title: input.title } : {}) }));
  }
  return { series, rows };
}
