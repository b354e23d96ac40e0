import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { Delivery } from '../../../src/delivery/delivery';
import { actionReminderJob } from '../../../src/rituals/retro/retro.jobs';
import { communityRoles } from '../../../src/community/roles';
import { reminderTime } from '../../../src/rituals/retro/retro.rules';
import { RetroService } from '../../../src/rituals/retro/retro.service';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { LocalSlack } from '../../../src/sandbox';
import { useTestDatabase } from '../../support/database';

describe('action item reminders', () => {
  const db = useTestDatabase();
  let slack: LocalSlack;
  beforeAll(async () => {
    slack = await LocalSlack.start({ signingSecret: 'unused' });
  });
  afterAll(async () => {
    await slack.stop();
  });

  it('DMs an open action item\'s owner at 09:00 their time the day before it is due, once', async () => {
    const clock = new ManualClock('2026-12-01T10:00:00Z');
    const logger = pino({ level: 'silent' });
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock });
    const client = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const delivery = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock });
    scheduler.register(delivery.handler());
    const timeZoneOf = async (userId: string) => (await db.prisma.person.findUnique({ where: { id: userId } }))?.slackTimeZone ?? 'UTC';
    const retros = new RetroService({ prisma: db.prisma, logger, anonymitySecret: 'x'.repeat(32), jobs: scheduler.jobs, messages: delivery, roles: communityRoles(db.prisma), timeZoneOf, now: () => clock.now() });
    scheduler.register(actionReminderJob({ retros }));
    const owner = slack.addUser({ name: 'lena', tz: 'Europe/Berlin' });
    const other = slack.addUser({ name: 'kenji', tz: 'Asia/Tokyo' });
    await db.prisma.person.createMany({ data: [{ id: owner.id, teamId: 'T', slackTimeZone: 'Europe/Berlin' }, { id: other.id, teamId: 'T', slackTimeZone: 'Asia/Tokyo' }] });

    const { id } = await retros.start({ teamId: 'T', channelId: 'C1', title: 'Sprint 12', formatId: 'tanzu', anonymity: 'named', startedBy: owner.id });
    for (const phase of ['collect', 'reveal', 'vote'] as const) await retros.advance(id, owner.id, phase);
    const kept = await retros.addAction(id, owner.id, { text: 'Cache the build', ownerId: owner.id, dueDate: '2026-12-10', today: '2026-12-01' });
    const finished = await retros.addAction(id, owner.id, { text: 'Book the room', ownerId: other.id, dueDate: '2026-12-10', today: '2026-12-01' });
    const job = await db.prisma.job.findUniqueOrThrow({ where: { key: `retro:action:${kept}:due` } });
    expect(job.runAt.toISOString()).toBe('2026-12-09T08:00:00.000Z'); // 09:00 in Berlin
    await db.prisma.retroActionItem.update({ where: { id: finished }, data: { status: 'done' } });

    clock.set('2026-12-09T07:59:00Z');
    await scheduler.runUntilIdle();
    expect(slack.dms(owner.id)).toHaveLength(0);
    clock.set('2026-12-09T08:00:00Z');
    await scheduler.runUntilIdle();
    clock.set('2026-12-10T08:00:00Z');
    await scheduler.runUntilIdle();
    expect(slack.dms(owner.id).map((m) => m.text)).toEqual([expect.stringContaining('"Cache the build" from the retro *Sprint 12*')]);
    expect(slack.dms(other.id)).toHaveLength(0); // done before its reminder
  });

  it('reminds at once when the day before has already begun', () => {
    const now = new Date('2026-12-09T12:00:00Z');
    expect(reminderTime('2026-12-10', 'Europe/Berlin', now)).toEqual(now);
    expect(reminderTime('2026-12-10', 'Asia/Tokyo', new Date('2026-12-01T00:00:00Z')).toISOString()).toBe('2026-12-09T00:00:00.000Z');
  });
});
