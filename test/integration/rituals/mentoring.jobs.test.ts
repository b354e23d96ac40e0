import pino from 'pino';
import { mentoringCheckInJob, mentoringRoundJob } from '../../../src/rituals/mentoring/mentoring.jobs';
import { scheduleMentoring } from '../../../src/rituals/mentoring/mentoring.schedule';
import { ManualClock } from '../../../src/scheduler/clock';
import { Schedules } from '../../../src/scheduler/schedules';
import type { JobContext } from '../../../src/scheduler/scheduler';
import { useTestDatabase } from '../../support/database';
import { mentoringStack, seedCommunity } from '../../support/mentoring-stack';

/** The weekly round from its schedule (retried, it proposes once) and the monthly check-ins. */
describe('mentoring jobs', () => {
  const db = useTestDatabase();
  const logger = pino({ level: 'silent' });
  const context = { logger } as unknown as JobContext;
  const people = [
    { id: 'U0GRACE', role: 'mentor' as const, teaches: ['accessibility'], levels: { accessibility: 5 } },
    { id: 'U0ADA', role: 'mentee' as const, learns: ['accessibility'], levels: { accessibility: 2 } },
  ];

  it('runs the scheduled round of the week once, however often its job runs, and refuses a second schedule', async () => {
    const clock = new ManualClock(new Date('2026-11-30T08:00:00Z'));
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], people);
    const { mentoring, scheduler } = mentoringStack(db.prisma, { clock });
    const schedules = new Schedules({ prisma: db.prisma, jobs: scheduler.jobs, clock, logger });
    const summary = await scheduleMentoring(schedules, { communityId, timeZone: 'UTC', weekday: 'mo', time: '10:00', createdBy: 'U0ORG' });
    expect(summary.nextRunAt).toEqual(new Date('2026-11-30T10:00:00Z'));
    await expect(scheduleMentoring(schedules, { communityId, timeZone: 'UTC', weekday: 'tu', time: '10:00', createdBy: 'U0ORG' })).rejects.toThrow(/scheduled already/);

    clock.set(new Date('2026-11-30T10:00:00Z'));
    await schedules.materialise(clock.now());
    const job = await db.prisma.job.findFirstOrThrow({ where: { kind: 'mentoring.round' } });
    const handler = mentoringRoundJob({ mentoring });
    await Promise.all([handler.run(job.payload, context), handler.run(job.payload, context)]);
    expect(await db.prisma.mentoringRound.findMany()).toMatchObject([{ communityId, week: '2026-W49', proposed: 1 }]);
    expect(await db.prisma.mentorMatch.count()).toBe(1);
    await expect(handler.run({ communityId: 'x' }, context)).rejects.toThrow(/malformed/);
  });

  it('checks in monthly while the mentorship is active, and stops once it ended', async () => {
    const clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
    const { communityId } = await seedCommunity(db.prisma, ['accessibility'], people);
    const { mentoring } = mentoringStack(db.prisma, { clock });
    await mentoring.runRound(communityId, clock.now());
    const { id } = await db.prisma.mentorMatch.findFirstOrThrow();
    await mentoring.answer(id, 'U0GRACE', 'accept');
    await mentoring.answer(id, 'U0ADA', 'accept');
    const first = await db.prisma.job.findUniqueOrThrow({ where: { key: `mentoring:checkin:${id}:1` } });
    expect(first.runAt).toEqual(new Date('2026-12-31T10:00:00Z'));

    clock.set(first.runAt);
    const handler = mentoringCheckInJob({ mentoring });
    await handler.run(first.payload, context);
    await handler.run(first.payload, context);
    const checkIns = await db.prisma.outboundMessage.findMany({ where: { key: { startsWith: 'mentoring:checkin:' } } });
    expect(checkIns.map((m) => [m.key, m.userIds])).toEqual([[`mentoring:checkin:${id}:1`, ['U0ADA', 'U0GRACE']]]);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { key: `mentoring:checkin:${id}:2` } })).runAt).toEqual(new Date('2027-01-30T10:00:00Z'));

    await mentoring.end(id, 'U0GRACE');
    await handler.run({ matchId: id, month: 2 }, context);
    expect(await db.prisma.outboundMessage.count({ where: { key: { startsWith: 'mentoring:checkin:' } } })).toBe(1);
  });
});
