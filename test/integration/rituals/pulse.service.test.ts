import { WebClient } from '@slack/web-api';
import pino from 'pino';
import type { PrismaClient } from '../../../src/db/client';
import { PrivacyService } from '../../../src/community/privacy.service';
import { Delivery } from '../../../src/delivery/delivery';
import { pulseRoundJob } from '../../../src/rituals/health/pulse.jobs';
import { DEFAULT_PULSE_WHEN, pulsePseudonym } from '../../../src/rituals/health/pulse.rules';
import { schedulePulse } from '../../../src/rituals/health/pulse.schedule';
import { PulseService } from '../../../src/rituals/health/pulse.service';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler, type JobContext } from '../../../src/scheduler/scheduler';
import { Schedules } from '../../../src/scheduler/schedules';
import { useTestDatabase } from '../../support/database';

const SECRET = 'pulse-test-secret-0123456789abcdef';
const logger = pino({ level: 'silent' });
const MEMBERS = ['U01', 'U02', 'U03', 'U04', 'U05', 'U06'];

function pulseStack(prisma: PrismaClient, clock: ManualClock) {
  const scheduler = new Scheduler({ prisma, logger, clock });
  const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const delivery = new Delivery({ prisma, jobs: scheduler.jobs, client, logger, clock });
  const pulse = new PulseService({ prisma, logger, messages: delivery, secret: SECRET, now: () => clock.now() });
  return { pulse, scheduler, schedules: new Schedules({ prisma, jobs: scheduler.jobs, clock, logger }) };
}

/** A community with six active members, one snoozed, one who left and one deactivated. */
async function seed(prisma: PrismaClient): Promise<number> {
  const community = await prisma.community.create({ data: { teamId: 'T1', channelId: 'C0DESIGN', name: 'Design <guild>', timeZone: 'Europe/London', createdBy: 'U01' } });
  const people = [...MEMBERS.map((id) => ({ id })), { id: 'U0SNOOZE', snoozedUntil: new Date('2027-01-01') }, { id: 'U0LEFT', left: true }, { id: 'U0GONE', deactivatedAt: new Date('2026-01-01') }];
  for (const p of people) {
    await prisma.person.create({ data: { id: p.id, teamId: 'T1', ...('snoozedUntil' in p ? { snoozedUntil: p.snoozedUntil } : {}), ...('deactivatedAt' in p ? { deactivatedAt: p.deactivatedAt } : {}) } });
    await prisma.membership.create({ data: { communityId: community.id, personId: p.id, role: p.id === 'U01' ? 'organiser' : 'member', ...('left' in p ? { leftAt: new Date('2026-06-01') } : {}) } });
  }
  return community.id;
}

/** The seeded community with a round sent by hand on 2026-12-01. */
async function sentRound(prisma: PrismaClient) {
  const communityId = await seed(prisma);
  const { pulse } = pulseStack(prisma, new ManualClock(new Date('2026-12-01T09:00:00Z')));
  const { roundId } = await pulse.sendNow(communityId);
  return { pulse, communityId, roundId };
}

describe('pulse surveys', () => {
  const db = useTestDatabase();

  it('sends one round per occurrence to active members only, however often its job runs', async () => {
    const clock = new ManualClock(new Date('2026-11-30T08:00:00Z'));
    const communityId = await seed(db.prisma);
    const { pulse, schedules } = pulseStack(db.prisma, clock);
    const summary = await schedulePulse(schedules, { communityId, timeZone: 'Europe/London', when: DEFAULT_PULSE_WHEN, createdBy: 'U01', now: clock.now() });
    expect(summary.nextRunAt).toEqual(new Date('2026-12-07T10:00:00Z'));
    await expect(schedulePulse(schedules, { communityId, timeZone: 'UTC', when: DEFAULT_PULSE_WHEN, createdBy: 'U01', now: clock.now() })).rejects.toThrow(/scheduled already/);

    clock.set(new Date('2026-12-07T10:00:00Z'));
    await schedules.materialise(clock.now());
    const job = await db.prisma.job.findFirstOrThrow({ where: { kind: 'health.pulse' } });
    const handler = pulseRoundJob({ pulse });
    const context = { logger } as unknown as JobContext;
    await Promise.all([handler.run(job.payload, context), handler.run(job.payload, context), handler.run(job.payload, context)]);
    expect(await db.prisma.pulseRound.findMany()).toMatchObject([{ communityId, date: '2026-12-07', recipients: 6 }]);
    const dms = await db.prisma.outboundMessage.findMany({ where: { key: { startsWith: 'health:pulse:' } }, orderBy: { key: 'asc' } });
    expect(dms.map((m) => m.userIds)).toEqual(MEMBERS.map((id) => [id]));
    await expect(handler.run({ communityId: 'x' }, context)).rejects.toThrow(/malformed/);

    // By hand: once a day.
    expect(await pulse.sendNow(communityId)).toMatchObject({ sent: true, recipients: 6 });
    expect(await pulse.sendNow(communityId)).toMatchObject({ sent: false });
    expect(await db.prisma.pulseRound.count()).toBe(2);

    // The newer round closes the older one.
    const [older, newer] = await db.prisma.pulseRound.findMany({ orderBy: { id: 'asc' } });
    await expect(pulse.answer(older!.id, 'U02', { value: 3 })).rejects.toThrow('This pulse survey has closed: a newer one was sent. Answer that one instead.');
    await pulse.answer(newer!.id, 'U02', { value: 3 });
    expect(await db.prisma.pulseAnswer.findMany({ select: { roundId: true } })).toEqual([{ roundId: newer!.id }]);
  });

  it('lets a person change their answer, counts them once, and stores no person id beside an answer', async () => {
    const { pulse, communityId, roundId } = await sentRound(db.prisma);
    await pulse.answer(roundId, 'U02', { value: 2 });
    await pulse.answer(roundId, 'U02', { value: 5 });
    await pulse.answer(roundId, 'U02', { safety: 4 });
    await pulse.answer(roundId, 'U02', { comment: 'More demos' });
    await Promise.all([pulse.answer(roundId, 'U03', { value: 3 }), pulse.answer(roundId, 'U03', { safety: 3 })]);
    await pulse.answer(roundId, 'U03', { comment: 'x' });
    await pulse.answer(roundId, 'U03', { comment: null });

    const answers = await db.prisma.pulseAnswer.findMany({ orderBy: { value: 'desc' } });
    expect(answers.map(({ value, safety, comment }) => ({ value, safety, comment }))).toEqual([
      { value: 5, safety: 4, comment: 'More demos' },
      { value: 3, safety: 3, comment: null },
    ]);
    // Nothing in the answers or the markers holds a Slack id; the marker's pseudonym needs the secret.
    const stored = JSON.stringify([answers, await db.prisma.pulseAnswered.findMany()]);
    for (const id of MEMBERS) expect(stored).not.toContain(id);
    const markers = await db.prisma.pulseAnswered.findMany();
    expect(markers.map((m) => m.pseudonym).sort()).toEqual([pulsePseudonym(SECRET, roundId, 'U02'), pulsePseudonym(SECRET, roundId, 'U03')].sort());
    expect(pulsePseudonym('another-secret', roundId, 'U02')).not.toBe(pulsePseudonym(SECRET, roundId, 'U02'));

    await expect(pulse.answer(roundId, 'U0SNOOZE', { value: 1 })).rejects.toThrow('This pulse survey was not sent to you.');
    await expect(pulse.answer(roundId, 'U0LEFT', { value: 1 })).rejects.toThrow('You are no longer a member of this community.');
    await expect(pulse.answer(roundId, 'U02', { value: 6 })).rejects.toThrow('Choose a score from 1 to 5.');
    await expect(pulse.answer(999_999, 'U02', { value: 1 })).rejects.toThrow('This pulse survey has been removed.');
    expect(await db.prisma.pulseAnswer.count()).toBe(2);
  });

  it('shows only the count below 5 responses, and averages, distributions and comments from 5', async () => {
    const { pulse, communityId, roundId } = await sentRound(db.prisma);
    const scores = [5, 4, 4, 2, 5];
    for (const [i, id] of MEMBERS.slice(0, 4).entries()) {
      await pulse.answer(roundId, id, { value: scores[i]! });
      await pulse.answer(roundId, id, { safety: 3 });
    }
    await pulse.answer(roundId, 'U01', { comment: 'Fewer meetings' });
    expect(await pulse.results(communityId)).toEqual([{ date: '2026-12-01', recipients: 6, results: { shown: false, responses: 4 } }]);

    await pulse.answer(roundId, MEMBERS[4]!, { value: scores[4]! });
    await pulse.answer(roundId, MEMBERS[4]!, { comment: '<!channel> more pairing' });
    const [round] = await pulse.results(communityId);
    expect(round!.results).toEqual({
      shown: true,
      responses: 5,
      value: { answered: 5, average: 4, distribution: [0, 1, 0, 2, 2] },
      safety: { answered: 4, average: 3, distribution: [0, 0, 4, 0, 0] },
      comments: expect.arrayContaining(['Fewer meetings', '<!channel> more pairing']),
    });
    // Read again, the comments come in the same order.
    expect((await pulse.results(communityId))[0]!.results).toEqual(round!.results);
  });

  it('removes a community\'s rounds, answers and markers with the community', async () => {
    const { pulse, communityId, roundId } = await sentRound(db.prisma);
    await pulse.answer(roundId, 'U02', { value: 4 });
    await db.prisma.community.delete({ where: { id: communityId } });
    expect([await db.prisma.pulseRound.count(), await db.prisma.pulseAnswer.count(), await db.prisma.pulseAnswered.count()]).toEqual([0, 0, 0]);
  });

  it('keeps a forgotten member\'s answer in the totals, with nothing left that names them', async () => {
    const { pulse, communityId, roundId } = await sentRound(db.prisma);
    for (const [i, id] of MEMBERS.slice(0, 5).entries()) await pulse.answer(roundId, id, { value: i + 1 });
    const before = await pulse.results(communityId);
    const privacy = new PrivacyService({ prisma: db.prisma, logger, now: () => new Date('2026-12-02T09:00:00Z') });
    await privacy.forget('U03');
    expect(await pulse.results(communityId)).toEqual(before);
    // Who was asked (the survey DM's key) is forgotten too.
    expect(await db.prisma.outboundMessage.count({ where: { key: { startsWith: `health:pulse:${roundId}:` } } })).toBe(6);
    expect(await db.prisma.outboundMessage.count({ where: { OR: [{ key: { contains: 'U03' } }, { userIds: { has: 'U03' } }] } })).toBe(0);
    await expect(pulse.answer(roundId, 'U03', { value: 1 })).rejects.toThrow(/no longer a member|not sent to you/);
  });
});
