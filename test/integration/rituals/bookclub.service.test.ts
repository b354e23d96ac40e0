import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { CommunityService } from '../../../src/community/community.service';
import { communityRoles } from '../../../src/community/roles';
import { Delivery } from '../../../src/delivery/delivery';
import { bookClubService } from '../../../src/rituals/events/bookclub';
import { checkPlan } from '../../../src/rituals/events/bookclub/bookclub.rules';
import { expandSeries } from '../../../src/rituals/events/events.occurrences';
import { EventsService } from '../../../src/rituals/events/events.service';
import { ManualClock } from '../../../src/scheduler/clock';
import { Scheduler } from '../../../src/scheduler/scheduler';
import { useTestDatabase } from '../../support/database';

/** Book clubs against Postgres and the real events service: suggestions, the vote, clubs, plans, leaders, swaps, the archive. */
describe('book clubs: suggestions, votes and clubs', () => {
  const db = useTestDatabase();
  const TEAM = 'T1';
  const CHANNEL = { teamId: TEAM, channelId: 'C1' };
  const ORGANISER = { teamId: TEAM, userId: 'U0ORG' };
  const member = (userId: string) => ({ teamId: TEAM, userId });
  let clock = new ManualClock('2026-12-01T10:00:00Z');
  let events: EventsService;
  const stack = () => {
    const logger = pino({ level: 'silent' });
    clock = new ManualClock('2026-12-01T10:00:00Z');
    const scheduler = new Scheduler({ prisma: db.prisma, logger, clock });
    const client = new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
    const messages = new Delivery({ prisma: db.prisma, jobs: scheduler.jobs, client, logger, clock });
    const directory = { user: async () => undefined, channel: async () => undefined, join: async () => undefined };
    const community = new CommunityService({ prisma: db.prisma, directory: directory as never, outbox: messages, logger });
    const now = () => clock.now();
    events = new EventsService({ prisma: db.prisma, messages, jobs: scheduler.jobs, roles: communityRoles(db.prisma), community, logger, now, expandSeries, calendarUrl: () => undefined });
    return bookClubService({ prisma: db.prisma, messages, jobs: scheduler.jobs, roles: communityRoles(db.prisma), community, now }, events);
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

  /** A started club of three (Ada suggested the book; Ada, Grace, Alan joined in that order). */
  async function startedClub(book: ReturnType<typeof stack>) {
    const { vote, ids } = await votedOn(book, ['U0ADA', 'U0ALAN', 'U0GRACE']);
    await book.votes.cast(vote.id, member('U0ADA'), { first: ids.dune });
    const { clubId } = await book.votes.close(CHANNEL, ORGANISER, 3);
    for (const id of ['U0ADA', 'U0GRACE', 'U0ALAN']) {
      clock.advance(60_000);
      await book.clubs.join(clubId, member(id));
    }
    return clubId;
  }

  const plan = (over: Partial<Record<string, string>> = {}) => {
    const checked = checkPlan({ sessions: '4', chapters: '3', date: '2026-12-10', time: '18:30', everyWeeks: '2', duration: '90', place: 'Room 4', ...over }, 'Europe/Berlin', clock.now());
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    return checked.value;
  };
  const sessionsOf = (clubId: number) => db.prisma.bookClubSession.findMany({ where: { clubId }, orderBy: { number: 'asc' } });

  it('turns a reading plan into events with rotating leaders and leader notices, once', async () => {
    const book = stack();
    const clubId = await startedClub(book);
    const { sessions } = await book.sessions.setPlan(clubId, member('U0ADA'), plan());
    expect(sessions.map((s) => [s.number, s.startsAt.toISOString(), s.leaderId])).toEqual([
      [1, '2026-12-10T17:30:00.000Z', 'U0ADA'],
      [2, '2026-12-24T17:30:00.000Z', 'U0GRACE'],
      [3, '2027-01-07T17:30:00.000Z', 'U0ALAN'],
      [4, '2027-01-21T17:30:00.000Z', 'U0ADA'],
    ]);
    const event = await events.event(sessions[0]!.eventId);
    expect(event).toMatchObject({ kind: 'book_club', title: 'Dune', hosts: ['U0ADA'], durationMinutes: 90, timeZone: 'Europe/Berlin', place: 'Room 4', reminderLeads: [1440, 15], createdBy: 'U0ADA' });
    expect(event.seriesId).not.toBeNull();
    expect(event.description).toContain('Sessions: 1. Chapters 1–3 · 2. Chapters 4–6 · 3. Chapters 7–9 · 4. Chapters 10–12.');
    expect((await events.event(sessions[1]!.eventId)).hosts).toEqual(['U0GRACE']);
    // The events ritual announces each session (the next once the one before has ended) and arms its reminders.
    const announcements = await db.prisma.job.findMany({ where: { key: { in: sessions.map((s) => `delivery:event:${s.eventId}:announcement`) } }, orderBy: { runAt: 'asc' } });
    expect(announcements.map((j) => j.runAt.toISOString())).toEqual(['2026-12-01T10:03:00.000Z', '2026-12-10T19:00:00.000Z', '2026-12-24T19:00:00.000Z', '2027-01-07T19:00:00.000Z']);
    expect(await db.prisma.job.count({ where: { kind: 'events.reminder' } })).toBe(8);
    // The club arms each leader's notice 3 days ahead.
    const notices = await db.prisma.job.findMany({ where: { kind: 'bookclub.leader' }, orderBy: { runAt: 'asc' } });
    expect(notices.map((j) => j.runAt.toISOString())).toEqual(['2026-12-07T17:30:00.000Z', '2026-12-21T17:30:00.000Z', '2027-01-04T17:30:00.000Z', '2027-01-18T17:30:00.000Z']);
    expect((await messageAt(`bookclub:club:${clubId}`)).blocks).toEqual(expect.arrayContaining([expect.objectContaining({ text: expect.objectContaining({ text: expect.stringContaining('led by <@U0GRACE>') }) })]));
    await expect(book.sessions.setPlan(clubId, ORGANISER, plan())).rejects.toThrow(/set already/);
    expect(await db.prisma.bookClubSession.count()).toBe(4);
  });

  it('keeps the sessions at the same local time across a DST change', async () => {
    const book = stack();
    const clubId = await startedClub(book);
    const { sessions } = await book.sessions.setPlan(clubId, ORGANISER, plan({ sessions: '3', date: '2027-03-18', time: '18:00' }));
    expect(sessions.map((s) => s.startsAt.toISOString())).toEqual(['2027-03-18T17:00:00.000Z', '2027-04-01T16:00:00.000Z', '2027-04-15T16:00:00.000Z']);
    expect((await sessionsOf(clubId)).map((s) => s.reading)).toEqual(['Chapters 1–3', 'Chapters 4–6', 'Chapters 7–9']);
  });

  it('refuses a plan with no sessions or a first session in the past, scheduling nothing', async () => {
    const book = stack();
    const clubId = await startedClub(book);
    await expect(book.sessions.setPlan(clubId, ORGANISER, { ...plan(), sessions: 0 })).rejects.toMatchObject({ field: 'sessions' });
    await expect(book.sessions.setPlan(clubId, ORGANISER, { ...plan(), firstStart: new Date('2026-11-30T18:00:00Z') })).rejects.toMatchObject({ field: 'date' });
    expect(checkPlan({ sessions: '0', date: '2026-12-10', time: '18:30' }, 'UTC', clock.now())).toMatchObject({ ok: false, problems: [{ field: 'sessions' }] });
    expect(checkPlan({ sessions: '2', date: '2026-12-01', time: '09:00' }, 'UTC', clock.now())).toMatchObject({ ok: false, problems: [{ field: 'date' }] });
    await expect(book.sessions.setPlan(clubId, member('U0GRACE'), plan())).rejects.toThrow(/organisers or the club's creator/);
    expect(await db.prisma.bookClubSession.count()).toBe(0);
    expect(await db.prisma.event.count()).toBe(0);
  });

  it('tells each leader once, and gives the turn of a leader who left to the next in the rotation', async () => {
    const book = stack();
    const clubId = await startedClub(book);
    const [first, second] = await book.sessions.setPlan(clubId, ORGANISER, plan()).then((r) => r.sessions);
    const [s1, s2] = await sessionsOf(clubId);
    expect(await book.sessions.tellLeader(s1!.id)).toBe('told');
    expect(await book.sessions.tellLeader(s1!.id)).toBe('skipped');
    const dm = await messageAt(`bookclub:session:${s1!.id}:leader:U0ADA`);
    expect(dm.userIds).toEqual(['U0ADA']);
    expect(dm.text).toMatch(/You lead the discussion of .*Dune.*session 1: Chapters 1–3/);

    await book.clubs.leave(clubId, member('U0GRACE')); // Grace led session 2: Alan (one turn, to Ada's two) takes it
    const after = await sessionsOf(clubId);
    expect(after.map((s) => s.leaderId)).toEqual(['U0ADA', 'U0ALAN', 'U0ALAN', 'U0ADA']);
    expect((await events.event(second!.eventId)).hosts).toEqual(['U0ALAN']);
    expect((await events.event(first!.eventId)).hosts).toEqual(['U0ADA']);
    expect(await book.sessions.tellLeader(s2!.id)).toBe('told');
    expect((await messageAt(`bookclub:session:${s2!.id}:leader:U0ALAN`)).userIds).toEqual(['U0ALAN']);

    // Ada, told already for session 1, leaves too: its notice is armed again and goes to Alan.
    await db.prisma.job.updateMany({ where: { key: `bookclub.leader:${s1!.id}` }, data: { status: 'done' } });
    await book.clubs.leave(clubId, member('U0ADA'));
    expect((await db.prisma.job.findUniqueOrThrow({ where: { key: `bookclub.leader:${s1!.id}` } })).status).toBe('pending');
    expect(await book.sessions.tellLeader(s1!.id)).toBe('told');
    expect((await messageAt(`bookclub:session:${s1!.id}:leader:U0ALAN`)).text).toContain('session 1: Chapters 1–3');
  });

  it('swaps a session with another member (who is told, and whose later session comes back), never with someone outside the club', async () => {
    const book = stack();
    const clubId = await startedClub(book);
    const { sessions } = await book.sessions.setPlan(clubId, ORGANISER, plan());
    const [s1] = await sessionsOf(clubId);
    await expect(book.sessions.swap(s1!.id, member('U0ADA'), 'U0ORG')).rejects.toMatchObject({ field: 'with', message: expect.stringMatching(/has not joined this book club/) });
    await expect(book.sessions.swap(s1!.id, member('U0ADA'), 'U0ADA')).rejects.toMatchObject({ field: 'with' });
    await expect(book.sessions.swap(s1!.id, member('U0GRACE'), 'U0ALAN')).rejects.toThrow(/only its discussion leader/);
    expect(await book.sessions.swap(s1!.id, member('U0ADA'), 'U0GRACE')).toEqual({ number: 1, theirs: 2 });
    expect((await sessionsOf(clubId)).map((s) => s.leaderId)).toEqual(['U0GRACE', 'U0ADA', 'U0ALAN', 'U0ADA']);
    expect((await events.event(sessions[0]!.eventId)).hosts).toEqual(['U0GRACE']);
    expect((await events.event(sessions[1]!.eventId)).hosts).toEqual(['U0ADA']);
    const told = await db.prisma.outboundMessage.findMany({ where: { key: { startsWith: `bookclub:session:${s1!.id}:swap:` } } });
    expect(told.map((m) => [m.userIds, m.text.includes('<@U0ADA> swapped with you') && m.text.includes('takes your session 2')])).toEqual([[['U0GRACE'], true]]);
    await expect(book.sessions.swap(s1!.id, member('U0ADA'), 'U0ALAN')).rejects.toThrow(/no longer lead this session/);
  });

  it('closes a club with an archive of sessions held and attendance, cancelling the sessions to come', async () => {
    const book = stack();
    const clubId = await startedClub(book);
    const { sessions } = await book.sessions.setPlan(clubId, ORGANISER, plan());
    await events.rsvp(sessions[0]!.eventId, member('U0GRACE'), 'going');
    await events.rsvp(sessions[0]!.eventId, member('U0ALAN'), 'going');
    await events.rsvp(sessions[0]!.eventId, member('U0ADA'), 'maybe');
    clock.set(new Date('2026-12-11T09:00:00Z')); // after the first session
    await book.clubs.close(clubId, ORGANISER);
    await expect(book.clubs.close(clubId, ORGANISER)).rejects.toThrow(/closed already/);
    const archive = await messageAt(`bookclub:club:${clubId}:archive`);
    expect(archive.channelId).toBe('C1');
    const text = JSON.stringify(archive.blocks);
    expect(text).toContain('1 session held of 4 planned, 3 members');
    expect(text).toContain('Chapters 1–3');
    expect(text).toContain(': 2 going');
    expect(text).toContain('Books read in this community*: Dune');
    expect((await events.event(sessions[0]!.eventId)).status).toBe('scheduled');
    for (const s of sessions.slice(1)) expect((await events.event(s.eventId)).status).toBe('cancelled');
    await expect(book.clubs.join(clubId, member('U0ADA'))).rejects.toThrow(/has closed/);
    expect(await book.sessions.tellLeader((await sessionsOf(clubId))[1]!.id)).toBe('skipped');
  });
});
