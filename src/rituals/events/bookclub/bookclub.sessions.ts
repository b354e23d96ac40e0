import { DateTime } from 'luxon';
import type { Actor } from '../../../community/community.service';
import type { PrismaClient } from '../../../db/client';
import type { JobStore } from '../../../scheduler/job-store';
import { WEEKDAYS } from '../../../scheduler/recurrence.types';
import { clip } from '../../../slack/kit/text';
import { DEFAULT_REMINDER_LEADS, type EventDraft, type EventsPort } from '../events.types';
import { BookClubError, lockClub, type BookClubBaseDeps, type Tx } from './bookclub.access';
import type { BookClubs } from './bookclub.clubs';
import { nextLeader, rotateLeaders } from './bookclub.rotation';
import { readingFor, type ReadingPlan } from './bookclub.rules';
import { storablePlan } from './bookclub.stored';
import { leaderNoticeJob } from './bookclub.timing';
import { leaderNotice, swapNotice } from './bookclub.messages';

const EVENT_TITLE_BOOK_MAX = 100;

export interface BookSessionsDeps extends BookClubBaseDeps {
  jobs: JobStore;
  events: EventsPort;
  clubs: BookClubs;
}

/**
 * A started club's reading plan: its sessions become events through the events port (so they get
 * the announcement, RSVPs, reminders and calendar entries), each with a discussion leader from
 * the fair rotation, who is told by DM a few days ahead and can swap with another member.
 */
export class BookSessions {
  constructor(private readonly deps: BookSessionsDeps) {}

  /** Checks the person may set the club's plan (before the form opens, and again on saving). */
  async requirePlanner(clubId: number, actor: Actor) {
    const { club, community } = await this.deps.clubs.clubOf(clubId);
    await this.deps.access.requireOrganiserOrCreator(community, club, actor.userId, 'set the reading plan');
    if (club.status === 'forming') throw new BookClubError(`The club has not started yet: it starts once ${club.minMembers} members join.`);
    if (club.status === 'closed') throw new BookClubError('This book club has closed.');
    if (club.plan !== null) throw new BookClubError('The reading plan is set already.');
    return { club, community };
  }

  /** Stores the plan and schedules each session as an event, with its leader, in one transaction. */
  async setPlan(clubId: number, actor: Actor, plan: ReadingPlan): Promise<{ sessions: { number: number; startsAt: Date; leaderId: string; eventId: number }[] }> {
    const { club, community } = await this.requirePlanner(clubId, actor);
    if (plan.sessions < 1) throw new BookClubError('A plan has at least one session.', 'sessions');
    if (plan.firstStart <= this.deps.now()) throw new BookClubError('The first session is in the past: pick a later date or time.', 'date');
    return this.deps.prisma.$transaction(async (tx) => {
      await lockClub(tx, clubId);
      const current = await tx.bookClub.findUniqueOrThrow({ where: { id: clubId } });
      if (current.plan !== null || current.status !== 'started') throw new BookClubError('The reading plan is set already.');
      await tx.bookClub.update({ where: { id: clubId }, data: { plan: storablePlan(plan), planSetBy: actor.userId } });
      const members = await this.deps.clubs.activeMembers(tx, clubId);
      const leaders = rotateLeaders(members, plan.sessions);
      const readings = Array.from({ length: plan.sessions }, (_, i) => readingFor(i + 1, plan.chaptersPerSession));
      // One series: the events ritual announces each session when the one before it has ended.
      const events = await this.deps.events.schedule({ communityId: community.id, createdBy: actor.userId, draft: sessionsDraft(club, readings, leaders[0]!, plan) }, tx);
      const sessions = [];
      for (const [i, event] of events.entries()) {
        const leaderId = leaders[i]!;
        if (leaderId !== leaders[0]) await this.deps.events.setHosts({ eventId: event.id, hosts: [leaderId] }, tx);
        const row = await tx.bookClubSession.create({ data: { clubId, communityId: community.id, number: i + 1, reading: readings[i]!, startsAt: event.startsAt, eventId: event.id, leaderId } });
        await this.deps.jobs.enqueue([leaderNoticeJob(row.id, event.startsAt, this.deps.now())], tx);
        sessions.push({ number: i + 1, startsAt: event.startsAt, leaderId, eventId: event.id });
      }
      await this.deps.clubs.publish(tx, clubId);
      return { sessions };
    });
  }

  /**
   * The leader's DM, a few days ahead (the job): once per session. A leader who left the club
   * meanwhile is replaced by the next in the rotation first; a session already begun is skipped.
   */
  async tellLeader(sessionId: number): Promise<'told' | 'skipped'> {
    return this.deps.prisma.$transaction(async (tx) => {
      const found = await tx.bookClubSession.findUnique({ where: { id: sessionId } });
      if (!found) return 'skipped';
      await lockClub(tx, found.clubId);
      const session = await tx.bookClubSession.findUniqueOrThrow({ where: { id: sessionId } });
      const { club, community } = await this.deps.clubs.clubOf(session.clubId, tx);
      if (club.status !== 'started' || session.leaderToldAt || session.startsAt <= this.deps.now()) return 'skipped';
      const members = await this.deps.clubs.activeMembers(tx, club.id);
      let leaderId = session.leaderId;
      if (!members.includes(leaderId)) {
        const others = await tx.bookClubSession.findMany({ where: { clubId: club.id, id: { not: session.id } }, orderBy: { number: 'asc' }, select: { leaderId: true } });
        const next = nextLeader(members, others.map((o) => o.leaderId));
        if (!next) return 'skipped';
        leaderId = next;
        await this.deps.events.setHosts({ eventId: session.eventId, hosts: [leaderId] }, tx);
      }
      await tx.bookClubSession.update({ where: { id: session.id }, data: { leaderId, leaderToldAt: this.deps.now() } });
      await this.deps.messages.send({ key: `bookclub:session:${session.id}:leader:${leaderId}`, to: { users: [leaderId] }, ...leaderNotice(session, club, community) }, tx);
      if (leaderId !== session.leaderId) await this.deps.clubs.publish(tx, club.id);
      return 'told';
    });
  }

  /** Who the leader may swap with: the club's other active members. */
  async swapChoices(sessionId: number, actor: Actor): Promise<{ session: { id: number; number: number }; members: string[] }> {
    const session = await this.leadersSession(sessionId, actor.userId, this.deps.prisma);
    const members = await this.deps.clubs.activeMembers(this.deps.prisma, session.clubId);
    return { session, members: members.filter((m) => m !== actor.userId) };
  }

  /**
   * The leader hands the session to another member of the club. If that member leads a later
   * session, the two swap; the other member is told by DM, and the events' hosts follow.
   */
  async swap(sessionId: number, actor: Actor, withId: string): Promise<{ number: number; theirs?: number }> {
    if (withId === actor.userId) throw new BookClubError('Pick someone else from the club.', 'with');
    return this.deps.prisma.$transaction(async (tx) => {
      const first = await tx.bookClubSession.findUnique({ where: { id: sessionId } });
      if (!first) throw new BookClubError('That session no longer exists.');
      await lockClub(tx, first.clubId);
      const session = await this.leadersSession(sessionId, actor.userId, tx);
      const members = await this.deps.clubs.activeMembers(tx, session.clubId);
      if (!members.includes(withId)) throw new BookClubError(`<@${withId}> has not joined this book club: pick a member who did.`, 'with');
      const theirs = await tx.bookClubSession.findFirst({ where: { clubId: session.clubId, leaderId: withId, number: { gt: session.number } }, orderBy: { number: 'asc' } });
      await this.lead(tx, session, withId);
      if (theirs) await this.lead(tx, theirs, actor.userId);
      const { club, community } = await this.deps.clubs.clubOf(session.clubId, tx);
      await this.deps.messages.send({ key: `bookclub:session:${session.id}:swap:${actor.userId}:${withId}:${this.deps.now().getTime()}`, to: { users: [withId] }, ...swapNotice({ from: actor.userId, session, theirs: theirs?.number, club, community }) }, tx);
      await this.deps.clubs.publish(tx, session.clubId);
      return { number: session.number, ...(theirs ? { theirs: theirs.number } : {}) };
    });
  }

  private async lead(tx: Tx, session: { id: number; eventId: number }, leaderId: string): Promise<void> {
    await tx.bookClubSession.update({ where: { id: session.id }, data: { leaderId } });
    await this.deps.events.setHosts({ eventId: session.eventId, hosts: [leaderId] }, tx);
  }

  private async leadersSession(sessionId: number, userId: string, db: PrismaClient | Tx) {
    const session = await db.bookClubSession.findUnique({ where: { id: sessionId } });
    if (!session) throw new BookClubError('That session no longer exists.');
    if (session.leaderId !== userId) throw new BookClubError('You no longer lead this session: only its discussion leader can swap it.');
    if (session.startsAt <= this.deps.now()) throw new BookClubError('This session has begun: it can no longer be swapped.');
    const club = await db.bookClub.findUniqueOrThrow({ where: { id: session.clubId } });
    if (club.status !== 'started') throw new BookClubError('This book club has closed.');
    return session;
  }
}

const READINGS_SHOWN_MAX = 1500;

/**
 * A club's sessions as one recurring event: every N weeks at the first session's local time,
 * as many times as there are sessions; the first leader hosts (the others are set per session).
 */
export function sessionsDraft(book: { title: string; link: string }, readings: string[], firstLeader: string, plan: Pick<ReadingPlan, 'firstStart' | 'everyWeeks' | 'durationMinutes' | 'timeZone' | 'place'>): EventDraft {
  const first = DateTime.fromJSDate(plan.firstStart, { zone: plan.timeZone });
  const schedule = readings.map((reading, i) => `${i + 1}. ${reading}`).join(' · ');
  return {
    kind: 'book_club',
    // The kind ("Book club") is shown before every event's title: the title is the book's alone.
    title: clip(book.title, EVENT_TITLE_BOOK_MAX),
    description: clip(`Reading ${book.title} together (${book.link}). Sessions: ${schedule}. The discussion leader opens the conversation.`, READINGS_SHOWN_MAX),
    level: 'everyone',
    topics: [],
    hosts: [firstLeader],
    guestHost: null,
    startsAt: plan.firstStart,
    durationMinutes: plan.durationMinutes,
    timeZone: plan.timeZone,
    place: plan.place,
    capacity: null,
    reminderLeads: [...DEFAULT_REMINDER_LEADS],
    series: {
      recurrence: { kind: 'weekly', weekdays: [WEEKDAYS[first.weekday - 1]!], time: first.toFormat('HH:mm'), timeZone: plan.timeZone, interval: plan.everyWeeks, anchor: first.toISODate()! },
      end: { count: readings.length },
    },
  };
}
