/**
 * @jest-environment ./test/support/far-time-zone-environment.ts
 */
import pino from 'pino';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { useTestDatabase } from '../../support/database';

/**
 * The heartbeat's statements go through pg rather than Prisma, and pg turns a Date into the
 * process's local time: the scheduler must still read and write UTC, as Prisma does.
 */
describe('the scheduler in a process far from UTC', () => {
  const db = useTestDatabase();
  const clock = new ManualClock('2026-06-01T09:00:00Z');
  const logger = pino({ level: 'silent' });

  it('runs in this time zone', () => {
    expect(new Date('2026-06-01T09:00:00Z').getHours()).toBe(23);
  });

  it('claims what is due by UTC, hands over its due time unchanged, and writes leases and start times in UTC', async () => {
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock, owner: 'far', leaseMs: 30_000 });
    const started: { key: string; runAt: Date }[] = [];
    scheduler.register({ kind: 'note', run: async (_payload, { job }) => void started.push({ key: job.key, runAt: job.runAt }) });
    scheduler.addDuty({ key: 'duty', run: async () => undefined });
    const dueAt = new Date(clock.now().getTime() - 60_000);
    await scheduler.jobs.enqueue([
      { key: 'note:due', kind: 'note', runAt: dueAt },
      { key: 'note:in-an-hour', kind: 'note', runAt: new Date(clock.now().getTime() + 3_600_000) },
    ]);

    expect(await scheduler.tick()).toBe(1);
    expect(started).toEqual([{ key: 'note:due', runAt: dueAt }]);
    const claimed = await db.prisma.job.findUniqueOrThrow({ where: { key: 'note:due' } });
    expect(claimed.startedAt).toEqual(clock.now());
    expect((await db.prisma.schedulerLease.findUniqueOrThrow({ where: { key: 'duty' } })).expiresAt).toEqual(new Date(clock.now().getTime() + 5000));
    expect((await db.prisma.job.findUniqueOrThrow({ where: { key: 'note:in-an-hour' } })).status).toBe('pending');
  });

  it('extends the leases of jobs still running by UTC', async () => {
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock, owner: 'far', leaseMs: 30_000 });
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    scheduler.register({ kind: 'long', run: () => hung });
    await scheduler.jobs.enqueue([{ key: 'long:1', kind: 'long', runAt: clock.now() }]);
    expect(await scheduler.tick()).toBe(1);
    clock.advance(10_000);
    expect(await scheduler.tick()).toBe(0);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { key: 'long:1' } })).leaseUntil).toEqual(new Date(clock.now().getTime() + 30_000));
    release();
    await scheduler.runUntilIdle();
  });
});
