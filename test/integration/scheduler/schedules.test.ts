import { DateTime } from 'luxon';
import pino from 'pino';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { Schedules } from '../../../src/scheduler/schedules';
import { useTestDatabase } from '../../support/database';

/** Recurring schedules through the real scheduler and Postgres, on a clock the test moves. */
describe('Schedules', () => {
  const db = useTestDatabase();
  let communityId: number;
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });

  const setUp = (handlers: Record<string, { staleAfterMs?: number }>) => {
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock, owner: 'replica-1' });
    const schedules = new Schedules({ prisma: db.prisma, jobs: scheduler.jobs, clock, logger });
    scheduler.addDuty(schedules.duty());
    const runs: { kind: string; runAt: Date; startedAt: Date }[] = [];
    for (const [kind, rule] of Object.entries(handlers)) {
      scheduler.register({ kind, ...rule, run: async (_payload, context) => void runs.push({ kind, runAt: new Date(context.job.runAt), startedAt: context.now }) });
    }
    return { scheduler, schedules, runs };
  };

  /** Moves the clock from one due moment to the next (no tick in between is needed) until `until`. */
  const runUntil = async (scheduler: Scheduler, until: string) => {
    const end = new Date(until).getTime();
    for (let i = 0; i < 5000; i += 1) {
      await scheduler.runUntilIdle();
      const [schedule, job] = await Promise.all([
        db.prisma.schedule.findFirst({ where: { status: 'active' }, orderBy: { nextRunAt: 'asc' } }),
        db.prisma.job.findFirst({ where: { status: 'pending' }, orderBy: { runAt: 'asc' } }),
      ]);
      const candidates = [schedule?.nextRunAt && schedule.nextRunAt.getTime() - 60_000, job?.runAt.getTime()].filter((t): t is number => typeof t === 'number');
      const next = Math.max(clock.now().getTime() + 1, Math.min(...candidates));
      if (candidates.length === 0 || next > end) return;
      clock.set(new Date(next));
    }
  };

  beforeEach(async () => {
    logs.length = 0;
    communityId = (await db.prisma.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'design', createdBy: 'U1' } })).id;
  });

  it.each([
    // zone, then for each DST change of 2026: the day, when "Sunday 02:15" ran (local), and that instant in UTC
    ['America/New_York', [['2026-03-08', '03:15', '2026-03-08T07:15:00.000Z'], ['2026-11-01', '02:15', '2026-11-01T07:15:00.000Z']]],
    // Berlin repeats 02:00–03:00 in October: 02:15 runs once, at the first (summer-time) instant.
    ['Europe/Berlin', [['2026-03-29', '03:15', '2026-03-29T01:15:00.000Z'], ['2026-10-25', '02:15', '2026-10-25T00:15:00.000Z']]],
    // Lord Howe moves by half an hour: 02:00→02:30 in October, 02:00→01:30 in April.
    ['Australia/Lord_Howe', [['2026-10-04', '02:45', '2026-10-03T15:45:00.000Z'], ['2026-04-05', '02:15', '2026-04-04T15:45:00.000Z']]],
  ] as const)('fires at the right local time across both DST changes of 2026 in %s', async (timeZone, changes) => {
    clock.set('2026-01-01T00:00:00Z');
    const { scheduler, schedules, runs } = setUp({ 'ritual.sunday': {}, 'ritual.gap': {} });
    // Sundays at 09:00, and Sundays at 02:30 (inside the spring-forward gap, or the fall-back overlap).
    await schedules.create({ communityId, kind: 'ritual.sunday', name: 'Morning', recurrence: { kind: 'weekly', weekdays: ['su'], time: '09:00', timeZone }, createdBy: 'U1' });
    await schedules.create({ communityId, kind: 'ritual.gap', name: 'Night', recurrence: { kind: 'weekly', weekdays: ['su'], time: '02:15', timeZone }, createdBy: 'U1' });
    await runUntil(scheduler, '2027-01-01T00:00:00Z');

    const local = (kind: string) => runs.filter((r) => r.kind === kind).map((r) => DateTime.fromJSDate(r.runAt, { zone: timeZone }));
    const mornings = local('ritual.sunday');
    expect(mornings).toHaveLength(52);
    expect(mornings.every((d) => d.toFormat('EEE HH:mm') === 'Sun 09:00')).toBe(true);
    expect(new Set(mornings.map((d) => d.toISODate())).size).toBe(52); // never twice a day
    // Every run started when it was due, by the scheduler's clock.
    expect(runs.every((r) => r.startedAt.getTime() === r.runAt.getTime())).toBe(true);

    const nights = local('ritual.gap');
    expect(new Set(nights.map((d) => d.toISODate())).size).toBe(nights.length);
    expect(nights).toHaveLength(52);
    for (const [day, localTime, utc] of changes) {
      const that = nights.find((d) => d.toISODate() === day);
      expect([that?.toFormat('HH:mm'), that?.toUTC().toISO()]).toEqual([localTime, utc]);
    }
    expect(nights.filter((d) => d.toFormat('HH:mm') !== '02:15').map((d) => d.toISODate())).toEqual(changes.filter(([, t]) => t !== '02:15').map(([d]) => d));
  }, 60_000);

  it('after two hours of downtime runs a weekly ritual late but skips a stale reminder, and catches up missed weeks once', async () => {
    clock.set('2026-06-01T06:00:00Z'); // a Monday
    const { scheduler, schedules, runs } = setUp({ 'match.weekly': {}, 'reminder.15m': { staleAfterMs: 15 * 60_000 } });
    await schedules.create({ communityId, kind: 'match.weekly', name: 'Matches', recurrence: { kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone: 'UTC' }, createdBy: 'U1' });
    await schedules.create({ communityId, kind: 'reminder.15m', name: 'Reminder', recurrence: { kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone: 'UTC' }, createdBy: 'U1' });

    clock.set('2026-06-01T11:00:00Z'); // down from before 09:00 until 11:00
    await scheduler.runUntilIdle();
    expect(runs.map((r) => [r.kind, r.startedAt.getTime() - r.runAt.getTime()])).toEqual([['match.weekly', 2 * 3600_000]]);
    expect(await db.prisma.job.count({ where: { kind: 'reminder.15m', status: 'skipped' } })).toBe(1);

    runs.length = 0;
    clock.set('2026-06-30T12:00:00Z'); // four Mondays missed
    await scheduler.runUntilIdle();
    expect(runs.map((r) => [r.kind, r.runAt.toISOString()])).toEqual([['match.weekly', '2026-06-29T09:00:00.000Z']]);
    expect(logs.join('')).toContain('missed occurrences dropped after downtime');
  });

  it('pauses, resumes from now without making up what was missed, and cancels with pending occurrences', async () => {
    clock.set('2026-06-01T06:00:00Z');
    const { scheduler, schedules, runs } = setUp({ 'match.weekly': {} });
    const s = await schedules.create({ communityId, kind: 'match.weekly', name: 'Matches', recurrence: { kind: 'weekly', weekdays: ['mo', 'th'], time: '09:00', timeZone: 'UTC' }, createdBy: 'U1' });
    expect(s.description).toBe('every week on Monday and Thursday at 09:00 (UTC)');
    await schedules.pause(communityId, s.id);
    await expect(schedules.pause(communityId, s.id)).rejects.toThrow(/is paused, so it cannot be paused/);
    clock.set('2026-06-10T00:00:00Z');
    await scheduler.runUntilIdle();
    expect(runs).toHaveLength(0);
    const resumed = await schedules.resume(communityId, s.id);
    expect(resumed.nextRunAt?.toISOString()).toBe('2026-06-11T09:00:00.000Z');
    clock.set('2026-06-11T08:59:30Z'); // within the horizon: the occurrence becomes a pending job
    await scheduler.runUntilIdle();
    expect(await db.prisma.job.count({ where: { status: 'pending' } })).toBe(1);
    await schedules.cancel(communityId, s.id);
    clock.set('2026-06-11T09:00:00Z');
    await scheduler.runUntilIdle();
    expect(runs).toHaveLength(0);
    expect(await db.prisma.job.count({ where: { status: 'cancelled' } })).toBe(1);
    await expect(schedules.resume(communityId, s.id)).rejects.toThrow(/no schedule #/);
    await expect(schedules.create({ communityId, kind: 'x', name: 'Bad', recurrence: { kind: 'weekly', weekdays: ['mo'], time: '9am', timeZone: 'UTC' }, createdBy: 'U1' })).rejects.toThrow(/time/i);
  });

  it('makes each occurrence once however many replicas materialise at the same moment', async () => {
    clock.set('2026-06-01T08:59:30Z');
    const replicas = [1, 2, 3].map(() => setUp({ 'match.weekly': {} }));
    await replicas[0]!.schedules.create({ communityId, kind: 'match.weekly', name: 'Matches', recurrence: { kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone: 'UTC' }, createdBy: 'U1' });
    await Promise.all(replicas.map((r) => r.schedules.materialise(clock.now())));
    expect(await db.prisma.job.count()).toBe(1);
  });
});
