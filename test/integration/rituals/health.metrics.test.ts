import { HealthMetrics } from '../../../src/rituals/health/health.metrics';
import { useTestDatabase } from '../../support/database';

/**
 * The health metrics on a seeded history, against values worked out by hand (see each step).
 * Three months (October to mid-December 2026) of one community in London: five members, two
 * retros (one fully anonymous), a coffee round, two mentorships and three events.
 */
describe('HealthMetrics', () => {
  const db = useTestDatabase();
  const at = (iso: string) => new Date(iso);

  async function seed(): Promise<number> {
    const p = db.prisma;
    const community = await p.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'Design', timeZone: 'Europe/London', createdBy: 'U0A' } });
    const members: [string, string, string | null][] = [
      ['U0A', '2026-09-01T10:00:00Z', null],
      ['U0B', '2026-10-10T10:00:00Z', null],
      ['U0C', '2026-11-05T10:00:00Z', '2026-12-02T10:00:00Z'],
      ['U0D', '2026-12-01T10:00:00Z', null],
      ['U0E', '2026-08-01T10:00:00Z', null],
    ];
    for (const [id, joined, left] of members) {
      await p.person.create({ data: { id, teamId: 'T1' } });
      await p.membership.create({ data: { communityId: community.id, personId: id, joinedAt: at(joined), leftAt: left ? at(left) : null } });
    }
    // October: a named retro. A writes an item, B votes on it; both are its participants.
    const named = await p.retro.create({ data: { teamId: 'T1', channelId: 'C1', title: 'Oct', format: {}, facilitatorId: 'U0A', createdBy: 'U0A', createdAt: at('2026-10-20T10:00:00Z') } });
    const item = await p.retroItem.create({ data: { retroId: named.id, column: 'happy', text: 'x', authorId: 'U0A', createdAt: at('2026-10-20T10:05:00Z') } });
    await p.retroParticipant.createMany({ data: [{ retroId: named.id, voterKey: 'U0A' }, { retroId: named.id, voterKey: 'U0B', votesCast: 1 }] });
    await p.retroVote.create({ data: { retroId: named.id, voterKey: 'U0B', itemId: item.id, count: 1 } });
    // November: a fully anonymous retro of three pseudonyms: counted as a retro, never as people.
    const anonymous = await p.retro.create({ data: { teamId: 'T1', channelId: 'C1', title: 'Nov', format: {}, anonymity: 'anonymous_all', facilitatorId: 'U0A', createdBy: 'U0A', createdAt: at('2026-11-10T10:00:00Z') } });
    const hidden = await p.retroItem.create({ data: { retroId: anonymous.id, column: 'happy', text: 'y', authorKey: 'px1', createdAt: at('2026-11-10T10:05:00Z') } });
    await p.retroParticipant.createMany({ data: ['px1', 'px2', 'px3'].map((voterKey) => ({ retroId: anonymous.id, voterKey, votesCast: 1 })) });
    await p.retroVote.createMany({ data: ['px1', 'px2', 'px3'].map((voterKey) => ({ retroId: anonymous.id, voterKey, itemId: hidden.id, count: 1 })) });
    // November: a coffee round; A and C met, B and E did not answer.
    const round = await p.coffeeRound.create({ data: { communityId: community.id, occurrenceKey: 'r1', date: '2026-11-09', status: 'sent' } });
    const met = await p.coffeeGroup.create({ data: { roundId: round.id, organiserId: 'U0A', overlapMinutes: 60, followUpSentAt: at('2026-11-12T09:00:00Z') } });
    await p.coffeeGroupMember.createMany({ data: [{ groupId: met.id, personId: 'U0A', answer: 'met', answeredAt: at('2026-11-12T10:00:00Z') }, { groupId: met.id, personId: 'U0C', answer: 'met', answeredAt: at('2026-11-12T11:00:00Z') }] });
    const silent = await p.coffeeGroup.create({ data: { roundId: round.id, organiserId: 'U0B', overlapMinutes: 60, followUpSentAt: at('2026-11-12T09:00:00Z') } });
    await p.coffeeGroupMember.createMany({ data: [{ groupId: silent.id, personId: 'U0B' }, { groupId: silent.id, personId: 'U0E' }] });
    // Mentorships: A mentors B from 5 October to 20 November; A mentors D from 1 December on.
    await p.mentorMatch.create({ data: { communityId: community.id, mentorId: 'U0A', menteeId: 'U0B', topics: [], score: 1, reasons: [], status: 'ended', week: '2026-W40', acceptedAt: at('2026-10-05T10:00:00Z'), endedAt: at('2026-11-20T10:00:00Z') } });
    await p.mentorMatch.create({ data: { communityId: community.id, mentorId: 'U0A', menteeId: 'U0D', topics: [], score: 1, reasons: [], status: 'accepted', week: '2026-W48', acceptedAt: at('2026-12-01T12:00:00Z') } });
    // Events: one held on 10 December (B and D going, B gave feedback); one cancelled; one still to come.
    const event = (id: number, startsAt: string, status: 'scheduled' | 'cancelled') => ({ id, communityId: community.id, kind: 'talk' as const, title: 't', startsAt: at(startsAt), durationMinutes: 60, timeZone: 'Europe/London', uid: `e${id}`, createdBy: 'U0A', status });
    await p.event.createMany({ data: [event(1, '2026-12-10T18:00:00Z', 'scheduled'), event(2, '2026-12-05T18:00:00Z', 'cancelled'), event(3, '2026-12-20T18:00:00Z', 'scheduled')] });
    await p.eventRsvp.createMany({ data: [{ eventId: 1, personId: 'U0B', status: 'going', answeredAt: at('2026-12-01T10:00:00Z') }, { eventId: 1, personId: 'U0D', status: 'going', answeredAt: at('2026-12-01T10:00:00Z') }, { eventId: 2, personId: 'U0E', status: 'going', answeredAt: at('2026-12-01T10:00:00Z') }, { eventId: 3, personId: 'U0E', status: 'going', answeredAt: at('2026-12-01T10:00:00Z') }] });
    await p.eventFeedback.create({ data: { eventId: 1, personId: 'U0B', score: 4, createdAt: at('2026-12-10T20:00:00Z') } });
    // Topics: CSS has a mentor (A) and a learner (B; C wants it too, but left); Go has nobody.
    const css = await p.topic.create({ data: { communityId: community.id, name: 'CSS', key: 'css' } });
    await p.topic.create({ data: { communityId: community.id, name: 'Go', key: 'go' } });
    await p.topicSkill.createMany({ data: [{ personId: 'U0A', topicId: css.id, canMentor: true }, { personId: 'U0B', topicId: css.id, wantsToLearn: true }, { personId: 'U0C', topicId: css.id, wantsToLearn: true }] });
    // Polls: an anonymous one closed in November (two pseudonyms), a named one in December (A voted; C's ballot has no vote left).
    const poll = (question: string, anonymous: boolean, closedAt: string) => p.poll.create({ data: { communityId: community.id, channelId: 'C1', question, kind: 'single', anonymous, status: 'closed', timeZone: 'Europe/London', createdBy: 'U0A', closedAt: at(closedAt), options: { create: [{ key: 'a', text: 'A', position: 0 }] } }, include: { options: true } });
    const secret = await poll('Secret?', true, '2026-11-20T10:00:00Z');
    await p.pollBallot.createMany({ data: [{ pollId: secret.id, voterKey: 'pk1' }, { pollId: secret.id, voterKey: 'pk2' }] });
    await p.pollVote.createMany({ data: [{ pollId: secret.id, voterKey: 'pk1', optionId: secret.options[0]!.id, weight: 1 }, { pollId: secret.id, voterKey: 'pk2', optionId: secret.options[0]!.id, weight: 1 }] });
    const open = await poll('Named?', false, '2026-12-12T10:00:00Z');
    await p.pollBallot.createMany({ data: [{ pollId: open.id, voterKey: 'U0A', votedAt: at('2026-12-11T10:00:00Z') }, { pollId: open.id, voterKey: 'U0C', votedAt: at('2026-12-11T10:00:00Z') }] });
    await p.pollVote.create({ data: { pollId: open.id, voterKey: 'U0A', optionId: open.options[0]!.id, weight: 1 } });
    return community.id;
  }

  it('computes every monthly figure, the skills coverage and the quiet members', async () => {
    const communityId = await seed();
    const dashboard = await new HealthMetrics(db.prisma).dashboard(communityId, { now: at('2026-12-15T12:00:00Z'), months: 3 });
    const [oct, nov, dec] = dashboard.months;
    expect(oct).toEqual({
      month: '2026-10', members: 3, joined: 1, left: 0, participants: 2, newParticipants: 2, returningParticipants: 0,
      retros: 1, retroParticipantsAverage: 2, coffeeGroupsAsked: 0, coffeeGroupsMet: 0, coffeeConnections: 0, activeMentorships: 1, eventsHeld: 0, rsvpGoing: 0, attended: 0, pollsClosed: 0, pollVoters: 0,
    });
    expect(nov).toEqual({
      month: '2026-11', members: 4, joined: 1, left: 0, participants: 2, newParticipants: 1, returningParticipants: 1,
      retros: 1, retroParticipantsAverage: 3, coffeeGroupsAsked: 2, coffeeGroupsMet: 1, coffeeConnections: 1, activeMentorships: 0, eventsHeld: 0, rsvpGoing: 0, attended: 0, pollsClosed: 1, pollVoters: 2,
    });
    expect(dec).toEqual({
      month: '2026-12', members: 4, joined: 1, left: 1, participants: 3, newParticipants: 1, returningParticipants: 2,
      retros: 0, retroParticipantsAverage: 0, coffeeGroupsAsked: 0, coffeeGroupsMet: 0, coffeeConnections: 0, activeMentorships: 1, eventsHeld: 1, rsvpGoing: 2, attended: 1, pollsClosed: 1, pollVoters: 1,
    });
    expect(dashboard.skills).toEqual([{ topic: 'CSS', mentors: 1, learners: 1 }, { topic: 'Go', mentors: 0, learners: 0 }]);
    expect(dashboard.quiet).toEqual({ weeks: 8, count: 1, personIds: ['U0E'] });
  });

  it('counts months in the community\'s zone: 23:30 on 31 October in Los Angeles is October', async () => {
    const communityId = await seed();
    await db.prisma.community.update({ where: { id: communityId }, data: { timeZone: 'America/Los_Angeles' } });
    await db.prisma.retro.create({ data: { teamId: 'T1', channelId: 'C1', title: 'late', format: {}, facilitatorId: 'U0A', createdBy: 'U0A', createdAt: at('2026-11-01T06:30:00Z') } });
    const dashboard = await new HealthMetrics(db.prisma).dashboard(communityId, { now: at('2026-12-15T12:00:00Z'), months: 3 });
    expect(dashboard.months.map((m) => [m.month, m.retros])).toEqual([['2026-10', 2], ['2026-11', 1], ['2026-12', 0]]);
  });
});
