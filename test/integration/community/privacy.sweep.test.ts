import pino from 'pino';
import { PrivacyService } from '../../../src/community/privacy.service';
import { sweepJob } from '../../../src/rituals/privacy';
import { JobStore } from '../../../src/scheduler/job-store';
import { useTestDatabase } from '../../support/database';

/** Accounts Slack deleted are forgotten after 30 days, and not before; the sweep arms its next run. */
describe('the deleted-accounts sweep', () => {
  const db = useTestDatabase();

  it('forgets people deleted over 30 days ago, keeps the rest, and arms tomorrow', async () => {
    const now = new Date('2026-12-15T03:00:00Z');
    const days = (n: number) => new Date(now.getTime() - n * 86_400_000);
    const community = await db.prisma.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'Design', createdBy: 'U0KEEP' } });
    for (const [id, deactivatedAt] of [['U0OLD', days(31)], ['U0RECENT', days(10)], ['U0KEEP', null]] as const) {
      await db.prisma.person.create({ data: { id, teamId: 'T1', displayName: id.toLowerCase(), deactivatedAt } });
      await db.prisma.membership.create({ data: { communityId: community.id, personId: id } });
    }
    const logger = pino({ level: 'silent' });
    const jobs = new JobStore(db.prisma);
    const job = sweepJob({ prisma: db.prisma, jobs, now: () => now }, new PrivacyService({ prisma: db.prisma, logger, now: () => now }));
    await job.run({}, { now, lateMs: 0, logger, job: { id: 1n, key: 'k', kind: job.kind, payload: {}, runAt: now, attempts: 1, maxAttempts: 5 } });
    const people = (await db.prisma.person.findMany({ orderBy: { id: 'asc' } })).map((p) => p.id);
    expect(people).toEqual(['U0KEEP', 'U0RECENT', expect.stringMatching(/^forgotten-[0-9a-f]{12}$/)]);
    expect(await db.prisma.membership.count({ where: { personId: 'U0OLD' } })).toBe(0);
    expect(await db.prisma.job.findMany({ select: { key: true, runAt: true } })).toEqual([{ key: 'privacy:sweep:2026-12-16', runAt: new Date('2026-12-16T03:00:00Z') }]);
  });
});
