import { NotOrganiserError } from '../../../src/community/community.errors';
import type { Prisma } from '../../../src/db/client';
import { feedRemoval } from '../../../src/rituals/ideas';
import { StuckService } from '../../../src/rituals/health/health.stuck';
import { Schedules } from '../../../src/scheduler/schedules';
import type { Core } from '../../../src/core';
import { useTestDatabase } from '../../support/database';
import { serviceStack } from '../../support/service-stack';

/**
 * What is stuck, on a seeded history of two communities (A in C0A, B in C0B), at 2026-12-07
 * 08:00 UTC; each expected value is worked out by hand next to its seed.
 */
describe('StuckService', () => {
  const db = useTestDatabase();
  const at = (iso: string) => new Date(iso);
  const ORGANISER = { teamId: 'T1', userId: 'U0ORG' };

  function stack() {
    const s = serviceStack(db.prisma, '2026-12-07T08:00:00Z');
    // The coffee round's real staleness rule: a round more than a day late is not run.
    s.scheduler.register({ kind: 'coffee.round', staleAfterMs: 86_400_000, run: async () => undefined });
    const schedules = new Schedules({ prisma: db.prisma, jobs: s.jobs, clock: s.clock, logger: s.logger });
    const feeds = feedRemoval({ prisma: db.prisma, community: s.community, messages: s.messages, schedules, logger: s.logger, now: s.now } as unknown as Core);
    return { ...s, schedules, stuck: new StuckService({ prisma: db.prisma, community: s.community, jobs: s.jobs, schedules, feeds, now: s.now }) };
  }

  async function seed(schedules: Schedules) {
    const p = db.prisma;
    const a = await p.community.create({ data: { teamId: 'T1', channelId: 'C0A', name: 'A <team>', timeZone: 'Europe/London', createdBy: 'U0ORG' } });
    const b = await p.community.create({ data: { teamId: 'T1', channelId: 'C0B', name: 'B', createdBy: 'U0OTHER' } });
    for (const id of ['U0ORG', 'U0OTHER', 'U0A1', 'U0BOTH', 'U0X']) await p.person.create({ data: { id, teamId: 'T1' } });
    await p.membership.createMany({ data: [
      { communityId: a.id, personId: 'U0ORG', role: 'organiser' }, { communityId: a.id, personId: 'U0A1' }, { communityId: a.id, personId: 'U0BOTH' },
      // U0ORG is a plain member of B: B is not theirs to see.
      { communityId: b.id, personId: 'U0OTHER', role: 'organiser' }, { communityId: b.id, personId: 'U0ORG' }, { communityId: b.id, personId: 'U0BOTH' },
    ] });
    const weekly = (timeZone: string) => ({ kind: 'weekly', weekdays: ['mo'], time: '09:00', timeZone });
    const coffee = await schedules.create({ communityId: a.id, kind: 'coffee.round', name: 'Coffee <groups>', recurrence: weekly('Europe/London'), createdBy: 'U0ORG' });
    const pulse = await schedules.create({ communityId: a.id, kind: 'health.pulse', name: 'Pulse', recurrence: { kind: 'monthly-nth-weekday', nth: 1, weekday: 'fr', time: '10:00', timeZone: 'Europe/London' }, createdBy: 'U0ORG' });
    const paused = await schedules.create({ communityId: a.id, kind: 'retro.start', name: 'Retro', recurrence: weekly('Europe/London'), createdBy: 'U0ORG' });
    await p.schedule.update({ where: { id: paused.id }, data: { status: 'paused' } });
    const cancelled = await schedules.create({ communityId: a.id, kind: 'polls.open', name: 'Gone', recurrence: weekly('UTC'), createdBy: 'U0ORG' });
    await p.schedule.update({ where: { id: cancelled.id }, data: { status: 'cancelled' } });
    await schedules.create({ communityId: b.id, kind: 'coffee.round', name: 'B coffee', recurrence: weekly('UTC'), createdBy: 'U0OTHER' });

    const event = (id: number, communityId: number) => ({ id, communityId, kind: 'talk' as const, title: 't', startsAt: at('2026-12-20T18:00:00Z'), durationMinutes: 60, timeZone: 'UTC', uid: `e${id}`, createdBy: 'U0ORG' });
    await p.event.createMany({ data: [event(1, a.id), ...[2, 3, 4, 5, 6].map((id) => event(id, b.id))] });
    const retro = await p.retro.create({ data: { teamId: 'T1', channelId: 'C0A', title: 'R', format: {}, facilitatorId: 'U0ORG', createdBy: 'U0ORG' } });
    const poll = await p.poll.create({ data: { communityId: b.id, channelId: 'C0B', question: '?', kind: 'single', timeZone: 'UTC', createdBy: 'U0OTHER' } });

    const dead = (key: string, kind: string, finishedAt: string, extra: Partial<Prisma.JobCreateManyInput> = {}): Prisma.JobCreateManyInput => ({ key, kind, runAt: at(finishedAt), finishedAt: at(finishedAt), status: 'dead', attempts: 5, lastError: `${key} <broke>`, ...extra });
    await p.job.createMany({ data: [
      // A: a coffee round due yesterday (retryable), one due two days ago (too late for its one-day rule),
      dead('a-coffee', 'coffee.round', '2026-12-06T09:00:00Z', { scheduleId: coffee.id }),
      dead('a-coffee-old', 'coffee.round', '2026-12-05T07:00:00Z', { scheduleId: coffee.id }),
      // an event reminder and a retro deadline (found through their payloads),
      dead('a-event', 'events.reminder', '2026-12-04T10:00:00Z', { payload: { eventId: 1 } }),
      dead('a-retro', 'retro.phase.deadline', '2026-12-03T10:00:00Z', { payload: { retroId: retro.id, phase: 'collect' } }),
      // and, left out: one dead for three weeks, one done, a pulse that is pending, a failed delivery (a message, below).
      dead('a-ancient', 'events.reminder', '2026-11-16T10:00:00Z', { payload: { eventId: 1 } }),
      { ...dead('a-done', 'events.feedback', '2026-12-06T10:00:00Z', { payload: { eventId: 1 } }), status: 'done' },
      { key: 'a-pulse', kind: 'health.pulse', runAt: at('2026-12-08T10:00:00Z'), scheduleId: pulse.id },
      dead('delivery:a-gave-up', 'delivery.send', '2026-12-06T11:00:00Z', { payload: { key: 'a-gave-up' } }),
      // B: six dead jobs (a poll's and five events'); a job of no community.
      dead('b-poll', 'polls.close', '2026-12-06T12:00:00Z', { payload: { pollId: poll.id } }),
      ...[2, 3, 4, 5, 6].map((id) => dead(`b-event-${id}`, 'events.reminder', `2026-12-0${id - 1}T12:00:00Z`, { payload: { eventId: id } })),
      dead('privacy', 'privacy.sweep', '2026-12-06T12:00:00Z'),
    ] });

    await p.ideaFeed.createMany({ data: [
      { communityId: a.id, url: 'https://a.example/feed?x=<1>', title: 'A & news', addedBy: 'U0ORG', lastError: 'HTTP 404 <gone>', failingSince: at('2026-12-05T06:00:00Z') },
      { communityId: a.id, url: 'https://a.example/new', addedBy: 'U0ORG', lastError: 'timed out', failingSince: at('2026-12-07T06:00:00Z') },
      { communityId: a.id, url: 'https://a.example/fine', addedBy: 'U0ORG', lastOkAt: at('2026-12-07T06:00:00Z') },
      { communityId: b.id, url: 'https://b.example/feed', addedBy: 'U0OTHER', lastError: 'HTTP 500', failingSince: at('2026-12-01T06:00:00Z') },
    ] });

    await p.coffeeRound.createMany({ data: [
      // A: a draft for 1 December never sent (stuck), one for 6 December (its job may still come), the latest round too few.
      { communityId: a.id, occurrenceKey: 'a1', date: '2026-12-01', status: 'draft', createdAt: at('2026-11-28T10:00:00Z') },
      { communityId: a.id, occurrenceKey: 'a2', date: '2026-12-06', status: 'draft', createdAt: at('2026-12-04T10:00:00Z') },
      // An old draft, from before the 14 days the list looks back over: not listed for ever.
      { communityId: a.id, occurrenceKey: 'a0', date: '2026-10-05', status: 'draft', createdAt: at('2026-10-01T10:00:00Z') },
      { communityId: a.id, occurrenceKey: 'a3', date: '2026-11-23', status: 'sent', createdAt: at('2026-11-23T09:00:00Z') },
      { communityId: a.id, occurrenceKey: 'a4', date: '2026-11-30', status: 'too_few', createdAt: at('2026-11-30T09:00:00Z') },
      // B: too few once, but its latest round went out.
      { communityId: b.id, occurrenceKey: 'b1', date: '2026-11-23', status: 'too_few', createdAt: at('2026-11-23T09:00:00Z') },
      { communityId: b.id, occurrenceKey: 'b2', date: '2026-11-30', status: 'sent', createdAt: at('2026-11-30T09:00:00Z') },
    ] });

    const message = (key: string, to: { channelId?: string; userIds?: string[] }, status: 'failed' | 'pending' | 'sent', error: string | null, lastAttemptAt: string) => ({ key, text: 'private words', ...to, status, error, lastAttemptAt: at(lastAttemptAt) });
    await p.outboundMessage.createMany({ data: [
      message('a-channel', { channelId: 'C0A' }, 'failed', 'is_archived', '2026-12-06T10:00:00Z'),
      message('a-dm-1', { userIds: ['U0A1'] }, 'failed', 'user_not_found', '2026-12-05T10:00:00Z'),
      message('a-dm-2', { userIds: ['U0A1'] }, 'failed', 'user_not_found', '2026-12-06T09:00:00Z'),
      // A member of both: counted in both.
      message('both-dm', { userIds: ['U0BOTH'] }, 'failed', 'cannot_dm_bot', '2026-12-04T10:00:00Z'),
      // A group DM with someone outside A, a DM to nobody's member, an old failure, a sent message: nowhere.
      message('mixed-dm', { userIds: ['U0A1', 'U0X'] }, 'failed', 'user_not_found', '2026-12-06T10:00:00Z'),
      message('x-dm', { userIds: ['U0X'] }, 'failed', 'user_not_found', '2026-12-06T10:00:00Z'),
      message('old', { channelId: 'C0A' }, 'failed', 'is_archived', '2026-11-01T10:00:00Z'),
      message('sent', { channelId: 'C0A' }, 'sent', null, '2026-12-06T10:00:00Z'),
      // Pending, but its delivery job gave up.
      message('a-gave-up', { channelId: 'C0A' }, 'pending', null, '2026-12-06T11:00:00Z'),
      message('b-channel', { channelId: 'C0B' }, 'failed', 'not_in_channel', '2026-12-06T10:00:00Z'),
    ] });
    return { a, b, coffee, pulse, paused };
  }

  it("shows only the organiser's own community, with its dead jobs, failing feeds, rounds, undelivered messages and schedules", async () => {
    const s = stack();
    const { a, coffee, pulse, paused } = await seed(s.schedules);
    const [only, ...others] = await s.stuck.forOrganiser(ORGANISER);
    expect(others).toEqual([]);
    expect(only!.id).toBe(a.id);
    expect(only!.name).toBe('A <team>');
    expect(only!.deadJobs.map((j) => [j.kind, j.failedAt.toISOString(), j.retryable, j.lastError])).toEqual([
      ['coffee.round', '2026-12-06T09:00:00.000Z', true, 'a-coffee <broke>'],
      ['coffee.round', '2026-12-05T07:00:00.000Z', false, 'a-coffee-old <broke>'],
      ['events.reminder', '2026-12-04T10:00:00.000Z', true, 'a-event <broke>'],
      ['retro.phase.deadline', '2026-12-03T10:00:00.000Z', true, 'a-retro <broke>'],
    ]);
    expect(only!.deadJobsTotal).toBe(4);
    expect(only!.feeds).toEqual([{ id: expect.any(Number), url: 'https://a.example/feed?x=<1>', title: 'A & news', lastError: 'HTTP 404 <gone>', failingSince: at('2026-12-05T06:00:00Z') }]);
    expect(only!.rounds).toEqual([{ date: '2026-11-30', problem: 'too-few' }, { date: '2026-12-01', problem: 'unsent' }]);
    expect(only!.undelivered).toEqual([
      { channelId: 'C0A', error: 'gave up after retries', count: 1, lastAt: at('2026-12-06T11:00:00Z') },
      { channelId: 'C0A', error: 'is_archived', count: 1, lastAt: at('2026-12-06T10:00:00Z') },
      { channelId: null, error: 'user_not_found', count: 2, lastAt: at('2026-12-06T09:00:00Z') },
      { channelId: null, error: 'cannot_dm_bot', count: 1, lastAt: at('2026-12-04T10:00:00Z') },
    ]);
    // Coffee today, Monday 7 December, at 09:00 London (= UTC in winter; it is 08:00), the pulse on the first Friday, 1 January, the paused retro last.
    expect(only!.schedules.map((x) => [x.id, x.status, x.nextRunAt?.toISOString()])).toEqual([
      [coffee.id, 'active', '2026-12-07T09:00:00.000Z'],
      [pulse.id, 'active', '2027-01-01T10:00:00.000Z'],
      [paused.id, 'paused', expect.any(String)],
    ]);
  });

  it('lists at most five dead jobs of a community, latest first, and counts them all', async () => {
    const s = stack();
    await seed(s.schedules);
    const [b] = await s.stuck.forOrganiser({ teamId: 'T1', userId: 'U0OTHER' });
    expect(b!.deadJobs.map((j) => j.kind)).toEqual(['polls.close', 'events.reminder', 'events.reminder', 'events.reminder', 'events.reminder']);
    expect(b!.deadJobs.map((j) => j.failedAt.toISOString().slice(0, 10))).toEqual(['2026-12-06', '2026-12-05', '2026-12-04', '2026-12-03', '2026-12-02']);
    expect(b!.deadJobsTotal).toBe(6);
    expect(b!.rounds).toEqual([]);
    expect(b!.undelivered.map((u) => [u.channelId, u.error, u.count])).toEqual([['C0B', 'not_in_channel', 1], [null, 'cannot_dm_bot', 1]]);
    expect(await s.stuck.forOrganiser({ teamId: 'T1', userId: 'U0A1' })).toEqual([]);
  });

  it("retries a dead job for an organiser of its community only, and not when it is too late", async () => {
    const s = stack();
    await seed(s.schedules);
    const idOf = async (key: string) => (await db.prisma.job.findUniqueOrThrow({ where: { key } })).id;
    await expect(s.stuck.retry(ORGANISER, await idOf('b-poll'))).rejects.toThrow(NotOrganiserError);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { key: 'b-poll' } })).status).toBe('dead');
    expect(await s.stuck.retry(ORGANISER, await idOf('a-coffee-old'))).toBe('too-late');
    expect(await s.stuck.retry(ORGANISER, await idOf('a-event'))).toBe('revived');
    expect(await db.prisma.job.findUniqueOrThrow({ where: { key: 'a-event' } })).toMatchObject({ status: 'pending', attempts: 0, runAt: s.clock.now() });
    expect(await s.stuck.retry(ORGANISER, await idOf('a-event'))).toBe('not-dead');
    await expect(s.stuck.retry(ORGANISER, await idOf('privacy'))).rejects.toThrow('cannot tell which community');
    const [a] = await s.stuck.forOrganiser(ORGANISER);
    expect(a!.deadJobs.map((j) => j.kind)).toEqual(['coffee.round', 'coffee.round', 'retro.phase.deadline']);
  });

  it("removes a failing feed for an organiser of its community only", async () => {
    const s = stack();
    await seed(s.schedules);
    const feedOf = async (url: string) => (await db.prisma.ideaFeed.findFirstOrThrow({ where: { url } })).id;
    await expect(s.stuck.removeFeed(ORGANISER, await feedOf('https://b.example/feed'))).rejects.toThrow(NotOrganiserError);
    const mine = await feedOf('https://a.example/feed?x=<1>');
    expect(await s.stuck.removeFeed(ORGANISER, mine)).toBe(true);
    expect(await s.stuck.removeFeed(ORGANISER, mine)).toBe(false);
    expect(await db.prisma.ideaFeed.count()).toBe(3);
  });
});
