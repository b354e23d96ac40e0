import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../../src/community/community.service';
import { communityRoles } from '../../../src/community/roles';
import { Delivery } from '../../../src/delivery/delivery';
import { coffeeService } from '../../../src/rituals/coffee';
import { pastMeetings } from '../../../src/rituals/coffee/coffee.members';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { Schedules } from '../../../src/scheduler/schedules';
import { useTestDatabase } from '../../support/database';

/** The coffee service against Postgres: rounds, their idempotency, history, follow-ups, pauses, stats. */
describe('CoffeeService', () => {
  const db = useTestDatabase();
  const TEAM = 'T1';
  const CHANNEL = { teamId: TEAM, channelId: 'C1' };
  const ORGANISER = { teamId: TEAM, userId: 'U0ORG' };
  const stack = () => {
    const logger = pino({ level: 'silent' });
    const clock = new ManualClock('2026-12-07T08:00:00Z');
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock });
    const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
    const messages = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock });
    const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
    const community = new CommunityService({ prisma: db.prisma, directory: directory as never, outbox: messages, logger });
    const schedules = new Schedules({ prisma: db.prisma, jobs: scheduler.jobs, clock, logger });
    const coffee = coffeeService({ prisma: db.prisma, messages, jobs: scheduler.jobs, logger, now: () => clock.now(), schedules, roles: communityRoles(db.prisma), community });
    return { coffee, clock, scheduler };
  };

  /** A community whose organiser does not take part, and members opted in (or not). */
  async function communityWith(people: { id: string; zone?: string; coffee?: boolean; interests?: string[] }[]) {
    const community = await db.prisma.community.create({ data: { teamId: TEAM, channelId: 'C1', name: 'Design', timeZone: 'Europe/London', createdBy: ORGANISER.userId } });
    await db.prisma.person.create({ data: { id: ORGANISER.userId, teamId: TEAM } });
    await db.prisma.membership.create({ data: { communityId: community.id, personId: ORGANISER.userId, role: 'organiser' } });
    for (const p of people) {
      await db.prisma.person.create({ data: { id: p.id, teamId: TEAM, timeZone: p.zone ?? 'Europe/London', interests: p.interests ?? [] } });
      await db.prisma.membership.create({ data: { communityId: community.id, personId: p.id, coffee: p.coffee ?? true } });
    }
    return community;
  }

  /** Four members, weekly settings, and the organiser's preview of the next round (two groups of two). */
  async function previewed(coffee: ReturnType<typeof stack>['coffee']) {
    const community = await communityWith([{ id: 'U0A' }, { id: 'U0B' }, { id: 'U0C' }, { id: 'U0D' }]);
    await coffee.saveSettings(CHANNEL, ORGANISER, { groupSize: 2, cadence: 'weekly', everyWeeks: 1, weekday: 'mo', nth: 1, time: '09:00', windowWeeks: 12, grouping: 'none', followUpDays: 3 });
    const preview = await coffee.preview(CHANNEL, ORGANISER);
    if ('tooFew' in preview.draft) throw new Error('expected groups');
    return { community, preview: { ...preview, draft: preview.draft } };
  }

  const run = (coffee: ReturnType<typeof stack>['coffee'], communityId: number, key = 'schedule:1:2026-12-06T19:00:00.000Z') =>
    coffee.rounds.run({ communityId, occurrenceKey: key, date: '2026-12-07', time: '09:00' });
  const introDms = () => db.prisma.outboundMessage.findMany({ where: { key: { startsWith: 'coffee:intro:' } } });
  const dmsTo = (userId: string) => db.prisma.outboundMessage.findMany({ where: { userIds: { equals: [userId] } } });

  it('tells the organisers instead of failing when one member opted in', async () => {
    const { coffee } = stack();
    const community = await communityWith([{ id: 'U0ADA' }, { id: 'U0ALAN', coffee: false }]);
    const outcome = await run(coffee, community.id);
    expect(outcome).toMatchObject({ kind: 'too-few', eligible: 1 });
    expect(await introDms()).toHaveLength(0);
    const [note] = await dmsTo(ORGANISER.userId);
    expect(note?.text).toMatch(/did not form: only one person could take part \(1 opted in/);
    expect((await db.prisma.coffeeRound.findFirstOrThrow()).status).toBe('too_few');
  });

  it('tells the organisers when everyone is snoozed, here or in their profile', async () => {
    const { coffee } = stack();
    const community = await communityWith([{ id: 'U0ADA' }, { id: 'U0ALAN' }, { id: 'U0GRACE' }]);
    await coffee.snooze({ teamId: TEAM, userId: 'U0ADA' }, community.id, 2);
    await coffee.snooze({ teamId: TEAM, userId: 'U0ALAN' }, community.id, 1);
    await db.prisma.person.update({ where: { id: 'U0GRACE' }, data: { snoozedUntil: new Date('2026-12-08') } });
    expect(await run(coffee, community.id)).toMatchObject({ kind: 'too-few', eligible: 0 });
    expect((await dmsTo(ORGANISER.userId))[0]?.text).toMatch(/all 3 people who opted in are snoozed or paused/);
  });

  it('forms and sends a round once, however often (and however concurrently) it is run', async () => {
    const { coffee } = stack();
    const community = await communityWith([{ id: 'U0ADA' }, { id: 'U0ALAN' }, { id: 'U0GRACE', zone: 'America/New_York' }, { id: 'U0KAT', zone: 'America/New_York' }, { id: 'U0MAY' }]);
    const outcomes = await Promise.all([run(coffee, community.id), run(coffee, community.id), run(coffee, community.id)]);
    expect(outcomes.filter((o) => o.kind === 'sent')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'already')).toHaveLength(2);
    expect(await run(coffee, community.id)).toMatchObject({ kind: 'already' });
    const dms = await introDms();
    expect(dms).toHaveLength(2); // five people in groups of 2: one group of three, nobody alone
    expect(dms.map((d) => d.userIds.length).sort()).toEqual([2, 3]);
    expect(new Set(dms.flatMap((d) => d.userIds)).size).toBe(5);
    expect(await db.prisma.coffeeGroup.count()).toBe(2);
    expect(await db.prisma.job.count({ where: { kind: 'coffee.followup' } })).toBe(2);
  });

  it('never opens a group DM of more than 8 people, whatever the remainder', async () => {
    const { coffee } = stack();
    const community = await communityWith(Array.from({ length: 15 }, (_, i) => ({ id: `U0P${String(i).padStart(2, '0')}` })));
    await db.prisma.coffeeSettings.create({ data: { communityId: community.id, groupSize: 8, updatedBy: ORGANISER.userId } });
    await run(coffee, community.id);
    const dms = await introDms();
    expect(dms.every((d) => d.userIds.length >= 2 && d.userIds.length <= 8)).toBe(true);
    expect(dms.flatMap((d) => d.userIds)).toHaveLength(15);
  });

  it('sends each group at the configured local time in its zone', async () => {
    const { coffee } = stack();
    const community = await communityWith([{ id: 'U0ADA' }, { id: 'U0ALAN' }, { id: 'U0GRACE', zone: 'America/New_York' }, { id: 'U0KAT', zone: 'America/New_York' }]);
    await run(coffee, community.id);
    const jobs = await db.prisma.job.findMany({ where: { kind: 'delivery.send' }, orderBy: { runAt: 'asc' } });
    // Groups form by shared working hours: the Londoners at 09:00 London, the New Yorkers at 09:00 New York.
    expect(jobs.map((j) => j.runAt.toISOString())).toEqual(['2026-12-07T09:00:00.000Z', '2026-12-07T14:00:00.000Z']);
  });

  it('counts only groups that met as history, and keeps them apart in the window', async () => {
    const { coffee, clock } = stack();
    const community = await communityWith([{ id: 'U0A' }, { id: 'U0B' }, { id: 'U0C' }, { id: 'U0D' }]);
    const round = await db.prisma.coffeeRound.create({ data: { communityId: community.id, occurrenceKey: 'earlier', date: '2026-11-30', status: 'sent', createdAt: new Date('2026-11-29T19:00:00Z') } });
    await db.prisma.coffeeGroup.create({ data: { roundId: round.id, organiserId: 'U0A', overlapMinutes: 480, members: { create: [{ personId: 'U0A', answer: 'met' }, { personId: 'U0B', answer: 'not_yet' }] } } });
    await db.prisma.coffeeGroup.create({ data: { roundId: round.id, organiserId: 'U0C', overlapMinutes: 480, members: { create: [{ personId: 'U0C', answer: 'couldnt' }, { personId: 'U0D' }] } } });
    expect(await pastMeetings(db.prisma, community.id, new Date(clock.now().getTime() - 12 * 7 * 86_400_000))).toEqual([{ a: 'U0A', b: 'U0B', roundsAgo: 1 }]);
    // The round being formed is not history: the earlier one stays one round ago.
    const current = await db.prisma.coffeeRound.create({ data: { communityId: community.id, occurrenceKey: 'now', date: '2026-12-07', status: 'sent' } });
    expect(await pastMeetings(db.prisma, community.id, new Date('2026-11-01T00:00:00Z'), current.id)).toEqual([{ a: 'U0A', b: 'U0B', roundsAgo: 1 }]);
    await db.prisma.coffeeRound.delete({ where: { id: current.id } });
    // Outside the window it no longer counts.
    expect(await pastMeetings(db.prisma, community.id, new Date('2026-12-01T00:00:00Z'))).toEqual([]);
    await run(coffee, community.id);
    const groups = await db.prisma.coffeeGroup.findMany({ where: { roundId: { not: round.id } }, include: { members: true } });
    const together = groups.map((g) => g.members.map((m) => m.personId).sort().join(','));
    expect(together).not.toContain('U0A,U0B');
  });

  it('groups by the first interest when the settings say so, and says why', async () => {
    const { coffee } = stack();
    const community = await communityWith([
      { id: 'U0A', interests: ['typography'] },
      { id: 'U0B', interests: ['research'] },
      { id: 'U0C', interests: ['typography', 'research'] },
      { id: 'U0D', interests: ['research'] },
    ]);
    await db.prisma.coffeeSettings.create({ data: { communityId: community.id, grouping: 'group', groupingField: 'interest', updatedBy: ORGANISER.userId } });
    await run(coffee, community.id);
    const groups = await db.prisma.coffeeGroup.findMany({ include: { members: true } });
    expect(groups.map((g) => g.members.map((m) => m.personId).sort().join(',')).sort()).toEqual(['U0A,U0C', 'U0B,U0D']);
    const [intro] = await introDms();
    expect(JSON.stringify(intro?.blocks)).toMatch(/both share the interest (typography|research)/);
  });

  it('keeps a private avoid list out of every group', async () => {
    const { coffee } = stack();
    const community = await communityWith([{ id: 'U0A' }, { id: 'U0B' }]);
    await coffee.avoid(CHANNEL, { teamId: TEAM, userId: 'U0A' }, 'U0B');
    await expect(coffee.avoid(CHANNEL, { teamId: TEAM, userId: 'U0A' }, 'U0A')).rejects.toThrow(/never grouped with yourself/);
    const outcome = await run(coffee, community.id);
    expect(outcome).toMatchObject({ kind: 'too-few', eligible: 2 });
    expect(await introDms()).toHaveLength(0);
    // The organisers hear that no group formed, never who avoids whom.
    const [note] = await dmsTo(ORGANISER.userId);
    expect(note?.text).toMatch(/no group could be formed from the 2 people/);
    expect(note?.text).not.toMatch(/U0A|U0B/);
  });

  it('follows up once, records answers idempotently, and reports stats', async () => {
    const { coffee } = stack();
    const community = await communityWith([{ id: 'U0A' }, { id: 'U0B' }, { id: 'U0C' }, { id: 'U0D' }]);
    await run(coffee, community.id);
    const groups = await db.prisma.coffeeGroup.findMany({ include: { members: true }, orderBy: { id: 'asc' } });
    for (const g of groups) await Promise.all([coffee.rounds.followUp(g.id), coffee.rounds.followUp(g.id)]);
    expect(await db.prisma.outboundMessage.count({ where: { key: { startsWith: 'coffee:followup:' } } })).toBe(2);
    const [first, second] = groups;
    const a = first!.members[0]!.personId;
    expect(await coffee.rounds.answer(first!.id, a, 'met')).toBe('recorded');
    expect(await coffee.rounds.answer(first!.id, a, 'met')).toBe('unchanged');
    expect(await coffee.rounds.answer(first!.id, 'U0ORG', 'met')).toBe('not-member');
    await coffee.rounds.answer(second!.id, second!.members[0]!.personId, 'couldnt');
    const followUp = await db.prisma.outboundMessage.findUniqueOrThrow({ where: { key: `coffee:followup:${first!.id}` } });
    expect(JSON.stringify(followUp.blocks)).toContain(`<@${a}>: Met`);
    expect(await coffee.stats(community.id)).toEqual({ rounds: 1, groups: 2, metRate: 0.5, uniqueConnections: 1 });
  });

  it('shows every answer when a whole group answers at the same moment', async () => {
    const { coffee } = stack();
    const community = await communityWith(['U0A', 'U0B', 'U0C', 'U0D', 'U0E', 'U0F'].map((id) => ({ id })));
    await db.prisma.coffeeSettings.create({ data: { communityId: community.id, groupSize: 6, updatedBy: ORGANISER.userId } });
    await run(coffee, community.id);
    const group = await db.prisma.coffeeGroup.findFirstOrThrow({ include: { members: true } });
    await coffee.rounds.followUp(group.id);
    await Promise.all(group.members.map((m) => coffee.rounds.answer(group.id, m.personId, 'met')));
    const shown = JSON.stringify((await db.prisma.outboundMessage.findUniqueOrThrow({ where: { key: `coffee:followup:${group.id}` } })).blocks);
    for (const m of group.members) expect(shown).toContain(`<@${m.personId}>: Met`);
  });

  it('pauses members silent for three rounds and tells them how to resume', async () => {
    const { coffee } = stack();
    const community = await communityWith([{ id: 'U0A' }, { id: 'U0B' }]);
    for (const week of [1, 2, 3]) {
      await run(coffee, community.id, `week:${week}`);
      const group = await db.prisma.coffeeGroup.findFirstOrThrow({ orderBy: { id: 'desc' } });
      await coffee.rounds.followUp(group.id);
      if (week < 3) await coffee.rounds.answer(group.id, 'U0B', 'not_yet');
    }
    expect(await run(coffee, community.id, 'week:4')).toMatchObject({ kind: 'too-few', eligible: 1 });
    const states = await db.prisma.coffeeMember.findMany({ orderBy: { personId: 'asc' } });
    expect(states.map((s) => [s.personId, s.silentRounds, !!s.pausedAt])).toEqual([['U0A', 3, true], ['U0B', 1, false]]);
    const [paused] = await dmsTo('U0A');
    expect(paused?.text).toMatch(/paused your coffee groups .* `\/guild coffee join`/);
    await coffee.join(CHANNEL, { teamId: TEAM, userId: 'U0A' });
    expect((await db.prisma.coffeeMember.findFirstOrThrow({ where: { personId: 'U0A' } })).pausedAt).toBeNull();
  });

  it('refuses organiser work to members, and saves settings with a schedule for organisers', async () => {
    const { coffee } = stack();
    await communityWith([{ id: 'U0A' }]);
    const member = { teamId: TEAM, userId: 'U0A' };
    const settings = { groupSize: 3, cadence: 'weekly' as const, everyWeeks: 2, weekday: 'tu' as const, nth: 1, time: '10:00', windowWeeks: 8, grouping: 'none' as const, followUpDays: 3 };
    await expect(coffee.saveSettings(CHANNEL, member, settings)).rejects.toThrow(/Only this community's organisers can change the coffee settings/);
    await expect(coffee.runNow(CHANNEL, member)).rejects.toThrow(/organisers can run coffee rounds/);
    await expect(coffee.preview(CHANNEL, member)).rejects.toThrow(/organisers can preview/);
    await expect(coffee.saveSettings(CHANNEL, ORGANISER, { ...settings, groupSize: 9 })).rejects.toThrow('Groups have 2 to 8 people.');
    const saved = await coffee.saveSettings(CHANNEL, ORGANISER, settings);
    expect(saved.nextRound).toBe('2026-12-08');
    const again = await coffee.saveSettings(CHANNEL, ORGANISER, { ...settings, weekday: 'we' });
    expect(again.nextRound).toBe('2026-12-09');
    const schedules = await db.prisma.schedule.findMany({ orderBy: { id: 'asc' } });
    expect(schedules.map((s) => [s.kind, s.status])).toEqual([['coffee.round', 'cancelled'], ['coffee.round', 'active']]);
  });

  it('previews the next round as a draft that the round then sends as swapped', async () => {
    const { coffee } = stack();
    const { community, preview } = await previewed(coffee);
    const [g1, g2] = preview.draft.groups;
    await coffee.swap(ORGANISER, preview.draft.roundId, g1!.members[0]!, g2!.members[0]!);
    const again = await coffee.preview(CHANNEL, ORGANISER);
    expect(again.draft).toMatchObject({ roundId: preview.draft.roundId });
    const settings = await db.prisma.coffeeSettings.findUniqueOrThrow({ where: { communityId: community.id } });
    const schedule = await db.prisma.schedule.findUniqueOrThrow({ where: { id: settings.scheduleId! } });
    const outcome = await coffee.scheduledRound(community.id, schedule.id, schedule.nextRunAt!);
    expect(outcome).toMatchObject({ kind: 'sent', roundId: preview.draft.roundId, groups: 2 });
    const sent = (await introDms()).map((d) => d.userIds.join(',')).sort();
    expect(sent).toEqual([[g1!.members[1]!, g2!.members[0]!].sort().join(','), [g1!.members[0]!, g2!.members[1]!].sort().join(',')].sort());
    await expect(coffee.swap(ORGANISER, preview.draft.roundId, g1!.members[0]!, g2!.members[0]!)).rejects.toThrow(/gone out already/);
  });

  it('leaves out of a previewed round whoever snoozed since the preview', async () => {
    const { coffee } = stack();
    const { community, preview } = await previewed(coffee);
    const [g1, g2] = preview.draft.groups;
    await coffee.snooze({ teamId: TEAM, userId: g1!.members[0]! }, community.id, 2);
    const settings = await db.prisma.coffeeSettings.findUniqueOrThrow({ where: { communityId: community.id } });
    const schedule = await db.prisma.schedule.findUniqueOrThrow({ where: { id: settings.scheduleId! } });
    expect(await coffee.scheduledRound(community.id, schedule.id, schedule.nextRunAt!)).toMatchObject({ kind: 'sent', groups: 1 });
    const [dm, ...others] = await introDms();
    expect(others).toHaveLength(0);
    expect([...dm!.userIds].sort()).toEqual([g1!.members[1]!, ...g2!.members].sort());
  });

  it("refuses a swap that breaks someone's private avoid list, without naming it", async () => {
    const { coffee } = stack();
    const { preview } = await previewed(coffee);
    const [g1, g2] = preview.draft.groups;
    // g1's second member privately avoids g2's first: moving g2's first into g1 is refused.
    await coffee.avoid(CHANNEL, { teamId: TEAM, userId: g1!.members[1]! }, g2!.members[0]!);
    await expect(coffee.swap(ORGANISER, preview.draft.roundId, g1!.members[0]!, g2!.members[0]!)).rejects.toThrow('That swap would put together people who cannot be grouped. Choose another pair.');
    const groups = await coffee.draftGroups(preview.draft.roundId);
    expect(groups).toEqual([g1!.members, g2!.members]);
  });
});
