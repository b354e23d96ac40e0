import type { PrismaClient } from '../../../src/db/client';
import { HealthService } from '../../../src/rituals/health/health.service';
import { reportPlanHandler, reportPlanJob, reportSendHandler } from '../../../src/rituals/health/report.jobs';
import { HealthReports, REPORT_SEND_JOB } from '../../../src/rituals/health/report.service';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { queuedCore } from '../../support/core-stack';
import { useTestDatabase } from '../../support/database';

const BEFORE = new Date('2026-01-05T12:00:00Z');
const chartUrl = (communityId: number, month: string) => `https://guild.example/health/${communityId}/${month}.png?sig=x`;

/**
 * November 2026 in two communities: Design (London) had a newcomer and an organiser leaving;
 * Books (New York) had nothing. Bea organises both from Tokyo; Ann organises Design from New York;
 * Otto turned the report off, Sam is snoozed to 3 December, Leo leaves after the plan, Mo is only a member.
 */
async function seed(prisma: PrismaClient) {
  const design = await prisma.community.create({ data: { teamId: 'T1', channelId: 'C0DESIGN', name: 'Design <!channel> & co', timeZone: 'Europe/London', createdBy: 'U0BEA', createdAt: BEFORE } });
  const books = await prisma.community.create({ data: { teamId: 'T1', channelId: 'C0BOOKS', name: 'Books', timeZone: 'America/New_York', createdBy: 'U0BEA', createdAt: BEFORE } });
  await prisma.community.create({ data: { teamId: 'T1', channelId: 'C0LATER', name: 'Later', timeZone: 'UTC', createdBy: 'U0BEA', createdAt: new Date('2026-12-01T12:00:00Z') } });
  const people = [
    { id: 'U0BEA', timeZone: 'Asia/Tokyo' },
    { id: 'U0ANN', slackTimeZone: 'America/New_York' },
    { id: 'U0OTTO' },
    { id: 'U0SAM', snoozedUntil: new Date('2026-12-03') },
    { id: 'U0LEO' },
    { id: 'U0MO' },
    { id: 'U0NEW' },
    { id: 'U0GONE' },
  ];
  for (const p of people) await prisma.person.create({ data: { teamId: 'T1', ...p } });
  const member = (communityId: number, personId: string, role: 'organiser' | 'member', extra: { joinedAt?: Date; leftAt?: Date } = {}) =>
    prisma.membership.create({ data: { communityId, personId, role, joinedAt: BEFORE, ...extra } });
  for (const id of ['U0BEA', 'U0ANN', 'U0OTTO', 'U0SAM', 'U0LEO']) await member(design.id, id, 'organiser');
  await member(design.id, 'U0MO', 'member');
  await member(design.id, 'U0NEW', 'member', { joinedAt: new Date('2026-11-10T10:00:00Z') });
  await member(design.id, 'U0GONE', 'organiser', { leftAt: new Date('2026-11-25T10:00:00Z') });
  await member(books.id, 'U0BEA', 'organiser');
  await member(books.id, 'U0MO', 'member');
  return { design: design.id, books: books.id };
}

describe('the monthly health report', () => {
  const db = useTestDatabase();

  function stack(clock: ManualClock) {
    const core = queuedCore(db.prisma, clock);
    const reports = new HealthReports({ prisma: db.prisma, jobs: core.scheduler.jobs, messages: core.messages, community: core.community, chartUrl, now: core.now });
    // Only the report's jobs run: the DMs stay queued in the outbox, where the test reads them.
    const scheduler = new Scheduler({ prisma: db.prisma, logger: core.logger, clock });
    scheduler.register(reportPlanHandler({ reports, jobs: scheduler.jobs }));
    scheduler.register(reportSendHandler({ reports }));
    return { reports, scheduler };
  }

  const reportDms = async () =>
    (await db.prisma.outboundMessage.findMany({ where: { key: { startsWith: 'health:report:' } }, orderBy: { key: 'asc' } })).map((m) => ({ key: m.key, to: m.userIds, text: m.text, blocks: JSON.stringify(m.blocks) }));

  it("sends each organiser each community's report once, at 09:00 their time, and nothing to members", async () => {
    const { design, books } = await seed(db.prisma);
    const clock = new ManualClock(new Date('2026-11-20T12:00:00Z'));
    const { reports, scheduler } = stack(clock);
    expect(await reports.setting({ teamId: 'T1', channelId: 'C0DESIGN' }, { teamId: 'T1', userId: 'U0OTTO' }, false)).toEqual({ communityName: 'Design <!channel> & co', on: false });
    await expect(reports.setting({ teamId: 'T1', channelId: 'C0DESIGN' }, { teamId: 'T1', userId: 'U0MO' }, false)).rejects.toThrow(/organisers/);

    // The plan runs before the 1st begins anywhere: a job per organiser, due at their 09:00 (or the community's month end).
    await scheduler.jobs.enqueue([reportPlanJob('2026-11')]);
    clock.set(new Date('2026-11-30T10:00:00Z'));
    await scheduler.runUntilIdle();
    const sends = await db.prisma.job.findMany({ where: { kind: REPORT_SEND_JOB }, orderBy: { key: 'asc' }, select: { key: true, runAt: true } });
    expect(sends).toEqual([
      { key: `health:report-send:${design}:2026-11:U0ANN`, runAt: new Date('2026-12-01T14:00:00Z') },
      { key: `health:report-send:${design}:2026-11:U0BEA`, runAt: new Date('2026-12-01T00:00:00Z') },
      { key: `health:report-send:${design}:2026-11:U0LEO`, runAt: new Date('2026-12-01T09:00:00Z') },
      { key: `health:report-send:${design}:2026-11:U0OTTO`, runAt: new Date('2026-12-01T09:00:00Z') },
      { key: `health:report-send:${design}:2026-11:U0SAM`, runAt: new Date('2026-12-01T09:00:00Z') },
      { key: `health:report-send:${books}:2026-11:U0BEA`, runAt: new Date('2026-12-01T05:00:00Z') },
    ].sort((a, b) => a.key.localeCompare(b.key)));
    expect(await db.prisma.job.findUnique({ where: { key: 'health:report-plan:2026-12' } })).toMatchObject({ runAt: new Date('2026-12-31T10:00:00Z'), status: 'pending' });

    // Leo leaves (on 30 November, so he counts among those who left) before his report is due; at 08:59 London nothing of Design's London organisers has gone.
    await db.prisma.membership.update({ where: { communityId_personId: { communityId: design, personId: 'U0LEO' } }, data: { leftAt: new Date('2026-11-30T12:00:00Z') } });
    clock.set(new Date('2026-12-01T08:59:00Z'));
    await scheduler.runUntilIdle();
    expect((await reportDms()).map((m) => m.key)).toEqual([`health:report:${design}:2026-11:U0BEA`, `health:report:${books}:2026-11:U0BEA`].sort());

    clock.set(new Date('2026-12-01T23:00:00Z'));
    await scheduler.runUntilIdle();
    const sent = await reportDms();
    expect(sent.map((m) => m.key)).toEqual([`health:report:${design}:2026-11:U0ANN`, `health:report:${design}:2026-11:U0BEA`, `health:report:${books}:2026-11:U0BEA`].sort());
    const designDm = sent.find((m) => m.key === `health:report:${design}:2026-11:U0ANN`)!;
    expect(designDm.to).toEqual(['U0ANN']);
    expect(designDm.text).toBe('Monthly report: 0 of 6 members of Design &lt;!channel&gt; &amp; co took part in 2026-11.');
    expect(designDm.blocks).toContain('*Health of Design &lt;!channel&gt; &amp; co in 2026-11*');
    expect(designDm.blocks).toContain('*Members:* 6 (-1 on 2026-10); 1 joined, 2 left');
    expect(designDm.blocks).toContain(`"image_url":"https://guild.example/health/${design}/2026-11.png?sig=x"`);
    expect(designDm.blocks).toContain('<#C0DESIGN>');
    expect(sent.find((m) => m.key.startsWith(`health:report:${books}:`))!.text).toBe('Monthly report: Books had a quiet month in 2026-11.');

    // A job that runs again (rearmed, or a second replica) sends nothing more.
    for (const { key } of sends) await scheduler.jobs.rearm({ key, kind: REPORT_SEND_JOB, payload: (await db.prisma.job.findUniqueOrThrow({ where: { key } })).payload as never, runAt: clock.now() });
    await scheduler.runUntilIdle();
    expect((await reportDms()).map((m) => m.key)).toEqual(sent.map((m) => m.key));
    expect((await db.prisma.outboundMessage.findMany({ where: { key: { startsWith: 'health:report:' } } })).length).toBe(3);

    // Sam's snooze ends on 3 December (London): his report is held until 09:00 that day.
    expect(await db.prisma.job.findUnique({ where: { key: `health:report-send:${design}:2026-11:U0SAM` } })).toMatchObject({ status: 'pending', runAt: new Date('2026-12-03T09:00:00Z') });
    clock.set(new Date('2026-12-03T09:00:01Z'));
    await scheduler.runUntilIdle();
    // Mo (a member), Otto (turned off) and Leo (left) never got one.
    expect((await reportDms()).flatMap((m) => m.to).sort()).toEqual(['U0ANN', 'U0BEA', 'U0BEA', 'U0SAM']);
  });

  it('keeps the choice per organiser and community: off, on again, and asked', async () => {
    await seed(db.prisma);
    const { reports } = stack(new ManualClock(new Date('2026-11-20T12:00:00Z')));
    const design = { teamId: 'T1', channelId: 'C0DESIGN' };
    const bea = { teamId: 'T1', userId: 'U0BEA' };
    expect(await reports.setting(design, bea)).toMatchObject({ on: true });
    expect(await reports.setting(design, bea, false)).toMatchObject({ on: false });
    expect(await reports.setting(design, bea, false)).toMatchObject({ on: false });
    expect(await reports.setting({ teamId: 'T1', channelId: 'C0BOOKS' }, bea)).toMatchObject({ communityName: 'Books', on: true });
    expect(await db.prisma.healthReportOptOut.count()).toBe(1);
    expect(await reports.setting(design, bea, true)).toMatchObject({ on: true });
    expect(await db.prisma.healthReportOptOut.count()).toBe(0);
  });

  it("draws a report's chart up to the month it names, and the current one up to now", async () => {
    const { design } = await seed(db.prisma);
    const clock = new ManualClock(new Date('2026-12-02T12:00:00Z'));
    const health = new HealthService({ prisma: db.prisma, community: queuedCore(db.prisma, clock).community, now: () => clock.now() });
    const months = async (month?: string) => (await health.dashboardOf(design, month))!.dashboard.months.map((m) => m.month);
    expect((await months('2026-11')).slice(-2)).toEqual(['2026-10', '2026-11']);
    expect((await months('2026-12')).at(-1)).toBe('2026-12');
    expect((await months()).at(-1)).toBe('2026-12');
    expect((await health.dashboardOf(design, '2026-11'))!.dashboard.months.at(-1)).toMatchObject({ members: 7, joined: 1, left: 1 });
  });
});
