import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../../src/community/community.service';
import { communityRoles } from '../../../src/community/roles';
import { Delivery } from '../../../src/delivery/delivery';
import { bookClubService } from '../../../src/rituals/events/bookclub';
import type { EventsPort } from '../../../src/rituals/events/events.types';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { useTestDatabase } from '../../support/database';

/** Book clubs against Postgres: suggestions, the ranked vote, clubs forming and starting. */
describe('book clubs: suggestions, votes and clubs', () => {
  const db = useTestDatabase();
  const TEAM = 'T1';
  const CHANNEL = { teamId: TEAM, channelId: 'C1' };
  const ORGANISER = { teamId: TEAM, userId: 'U0ORG' };
  const member = (userId: string) => ({ teamId: TEAM, userId });
  /** These tests never reach the events ritual: a call would fail the test. */
  const noEvents: EventsPort = {
    schedule: () => Promise.reject(new Error('events.schedule is not used here')),
    cancel: () => Promise.reject(new Error('events.cancel is not used here')),
    setHosts: () => Promise.reject(new Error('events.setHosts is not used here')),
    attendance: () => Promise.reject(new Error('events.attendance is not used here')),
  };

  let clock = new ManualClock('2026-12-01T10:00:00Z');
  const stack = () => {
    const logger = pino({ level: 'silent' });
    clock = new ManualClock('2026-12-01T10:00:00Z');
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock });
    const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
    const messages = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock });
    const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
    const community = new CommunityService({ prisma: db.prisma, directory: directory as never, outbox: messages, logger });
    return bookClubService({ prisma: db.prisma, messages, jobs: scheduler.jobs, roles: communityRoles(db.prisma), community, now: () => clock.now() }, noEvents);
  };

  async function communityWith(memberIds: string[]) {
    const community = await db.prisma.community.create({ data: { teamId: TEAM, channelId: 'C1', name: 'Readers', timeZone: 'Europe/Berlin', createdBy: ORGANISER.userId } });
    for (const [id, role] of [[ORGANISER.userId, 'organiser'] as const, ...memberIds.map((m) => [m, 'member'] as const)]) {
      await db.prisma.person.create({ data: { id, teamId: TEAM } });
      await db.prisma.membership.create({ data: { communityId: community.id, personId: id, role } });
    }
    return community;
  }

  const suggestion = (title: string, hideName = false) => ({ title, link: `https://example.org/${encodeURIComponent(title)}`, note: '', hideName });
  const messageAt = (key: string) => db.prisma.outboundMessage.findUniqueOrThrow({ where: { key } });

  it('takes suggestions from members, refusing the same title twice however it is typed', async () => {
    const book = stack();
    await communityWith(['U0ADA']);
    const { suggestion: made } = await book.votes.suggest(CHANNEL, member('U0ADA'), suggestion('Thinking in Systems', true));
    expect(made.suggestedBy).toBeNull();
    await expect(book.votes.suggest(CHANNEL, member('U0ADA'), suggestion('  thinking in  SYSTEMS.'))).rejects.toMatchObject({ field: 'title', message: expect.stringMatching(/suggested in this community already/) });
    // Two at the same moment (a double submit): one is stored.
    const both = await Promise.allSettled([book.votes.suggest(CHANNEL, ORGANISER, suggestion('Dune')), book.votes.suggest(CHANNEL, ORGANISER, suggestion('dune'))]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await db.prisma.bookSuggestion.count()).toBe(2);
    expect((await db.prisma.bookSuggestion.findFirstOrThrow({ where: { title: 'Thinking in Systems' } })).suggestedBy).toBe('U0ADA');
  });

  it('refuses bad suggestions and people who are not members, storing nothing', async () => {
    const book = stack();
    await communityWith(['U0ADA']);
    await expect(book.votes.suggest(CHANNEL, member('U0ADA'), { ...suggestion(''), title: '  ' })).rejects.toMatchObject({ field: 'title' });
    await expect(book.votes.suggest(CHANNEL, member('U0ADA'), { ...suggestion('Dune'), link: 'javascript:alert(1)' })).rejects.toMatchObject({ field: 'link' });
    await expect(book.votes.suggest(CHANNEL, member('U0STRANGER'), suggestion('Dune'))).rejects.toThrow(/not a member/);
    expect(await db.prisma.bookSuggestion.count()).toBe(0);
  });

  async function votedOn(book: ReturnType<typeof stack>, people: string[]) {
    await communityWith(people);
    const [a, b, c] = [await book.votes.suggest(CHANNEL, member(people[0]!), suggestion('Dune')), await book.votes.suggest(CHANNEL, member(people[1]!), suggestion('Piranesi', true)), await book.votes.suggest(CHANNEL, ORGANISER, suggestion('Middlemarch'))].map((r) => r.suggestion.id);
    const vote = await book.votes.open(CHANNEL, ORGANISER);
    return { vote, ids: { dune: a!, piranesi: b!, middlemarch: c! } };
  }

  it('lets organisers open one vote at a time, members rank, and the Borda count pick the winner', async () => {
    const book = stack();
    await expect(book.votes.open(CHANNEL, ORGANISER)).rejects.toThrow(/not a Guild community/);
    const { vote, ids } = await votedOn(book, ['U0ADA', 'U0ALAN', 'U0GRACE']);
    expect(vote.candidates.map((c) => c.title)).toEqual(['Dune', 'Piranesi', 'Middlemarch']);
    await expect(book.votes.open(CHANNEL, ORGANISER)).rejects.toThrow(/open already/);
    await expect(book.votes.close(CHANNEL, member('U0ADA'), 5)).rejects.toThrow(/Only this community's organisers can close the book vote/);
    await expect(book.votes.close(CHANNEL, ORGANISER, 5)).rejects.toThrow(/Nobody has voted yet/);

    await book.votes.cast(vote.id, member('U0ADA'), { first: ids.dune, second: ids.piranesi });
    await book.votes.cast(vote.id, member('U0ALAN'), { first: ids.piranesi, second: ids.middlemarch });
    await book.votes.cast(vote.id, member('U0GRACE'), { first: ids.middlemarch, second: ids.piranesi, third: ids.dune });
    await book.votes.cast(vote.id, member('U0ADA'), { first: ids.dune, second: ids.piranesi }); // changed its mind to the same: one ballot
    await expect(book.votes.cast(vote.id, member('U0ADA'), { first: ids.dune, second: ids.dune })).rejects.toMatchObject({ field: 'second' });
    expect((await messageAt(`bookclub:vote:${vote.id}`)).text).toContain('3 ballots so far');

    const closed = await book.votes.close(CHANNEL, ORGANISER, 3);
    expect(closed.winner).toMatchObject({ title: 'Piranesi', suggestedBy: null }); // 2 + 3 + 2 = 7 points
    expect(closed.vote.tallies!.map((t) => t.points)).toEqual([7, 5, 4]);
    const club = await db.prisma.bookClub.findUniqueOrThrow({ where: { id: closed.clubId } });
    expect(club).toMatchObject({ title: 'Piranesi', status: 'forming', minMembers: 3, createdBy: 'U0ALAN' });
    expect((await messageAt(`bookclub:club:${club.id}`)).text).toContain('0 of 3 joined');
    expect((await messageAt(`bookclub:vote:${vote.id}`)).text).toContain('Piranesi won');
    // The winner leaves the pool: the next vote has the others.
    expect((await book.votes.list(CHANNEL)).suggestions.map((s) => s.title)).toEqual(['Dune', 'Middlemarch']);
  });

  it('takes no ballot once the vote has closed', async () => {
    const book = stack();
    const { vote, ids } = await votedOn(book, ['U0ADA', 'U0ALAN']);
    await book.votes.cast(vote.id, member('U0ADA'), { first: ids.dune });
    await book.votes.close(CHANNEL, ORGANISER, 5);
    await expect(book.votes.cast(vote.id, member('U0ALAN'), { first: ids.piranesi })).rejects.toThrow(/This vote has closed/);
    expect(await db.prisma.bookBallot.count()).toBe(1);
    expect(await book.votes.ballotState(vote.id)).toEqual({ open: false, candidates: vote.candidates.map((c) => c.id) });
  });

  it('starts a club when enough members join; a double click joins once; leaving and coming back works', async () => {
    const book = stack();
    const { vote, ids } = await votedOn(book, ['U0ADA', 'U0ALAN', 'U0GRACE']);
    await book.votes.cast(vote.id, member('U0ADA'), { first: ids.dune });
    const { clubId } = await book.votes.close(CHANNEL, ORGANISER, 3);
    const joins = await Promise.all([book.clubs.join(clubId, member('U0ADA')), book.clubs.join(clubId, member('U0ADA'))]);
    expect(joins.sort()).toEqual(['already', 'joined']);
    expect(await db.prisma.bookClubMember.count({ where: { clubId } })).toBe(1);
    await expect(book.clubs.join(clubId, member('U0STRANGER'))).rejects.toThrow(/not a member/);
    expect(await book.clubs.join(clubId, member('U0ALAN'))).toBe('joined');
    expect(await book.clubs.leave(clubId, member('U0ALAN'))).toBe('left');
    expect(await book.clubs.leave(clubId, member('U0ALAN'))).toBe('not-member');
    expect((await messageAt(`bookclub:club:${clubId}`)).text).toContain('1 of 3 joined');
    clock.advance(60_000);
    expect(await book.clubs.join(clubId, member('U0GRACE'))).toBe('joined');
    clock.advance(60_000);
    expect(await book.clubs.join(clubId, member('U0ALAN'))).toBe('started');
    clock.advance(60_000);
    expect(await book.clubs.join(clubId, ORGANISER)).toBe('joined'); // after the start, people still join
    const club = await db.prisma.bookClub.findUniqueOrThrow({ where: { id: clubId } });
    expect(club.status).toBe('started');
    expect(await book.clubs.activeMembers(db.prisma, clubId)).toEqual(['U0ADA', 'U0GRACE', 'U0ALAN', 'U0ORG']);
    // The creator (who suggested Dune) is told once to set the plan; the message shows the club started.
    const started = await db.prisma.outboundMessage.findMany({ where: { key: `bookclub:club:${clubId}:started` } });
    expect(started.map((m) => m.userIds)).toEqual([['U0ADA']]);
    expect((await messageAt(`bookclub:club:${clubId}`)).text).toContain('Started with 4 members');
  });

  it('lets only organisers or the club\'s creator plan, and only once the club has started', async () => {
    const book = stack();
    const { vote, ids } = await votedOn(book, ['U0ADA', 'U0ALAN']);
    await book.votes.cast(vote.id, member('U0ADA'), { first: ids.dune });
    const { clubId } = await book.votes.close(CHANNEL, ORGANISER, 2);
    await expect(book.sessions.requirePlanner(clubId, ORGANISER)).rejects.toThrow(/has not started yet: it starts once 2 members join/);
    await book.clubs.join(clubId, member('U0ADA'));
    await book.clubs.join(clubId, member('U0ALAN'));
    await expect(book.sessions.requirePlanner(clubId, member('U0ALAN'))).rejects.toThrow(/organisers or the club's creator \(<@U0ADA>\)/);
    await expect(book.sessions.requirePlanner(clubId, member('U0ADA'))).resolves.toMatchObject({ club: { id: clubId } });
    await expect(book.sessions.requirePlanner(clubId, ORGANISER)).resolves.toMatchObject({ club: { id: clubId } });
    await expect(book.clubs.close(clubId, member('U0ADA'))).rejects.toThrow(/Only this community's organisers can close a book club/);
  });
});
