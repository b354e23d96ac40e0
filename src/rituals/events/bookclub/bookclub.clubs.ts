import type { Actor } from '../../../community/community.service';
import type { JobStore } from '../../../scheduler/job-store';
import type { EventsPort } from '../events.types';
import { BookClubError, communityPlace, lockClub, type BookClubBaseDeps, type CommunityPlace, type Db, type Tx } from './bookclub.access';
import { nextLeader } from './bookclub.rotation';
import { leaderNoticeJob } from './bookclub.timing';
import { archiveMessage, clubCard, clubStartedNotice, type ClubCardView, type SessionLine } from './bookclub.messages';

export const clubKey = (clubId: number) => `bookclub:club:${clubId}`;

export interface BookClubsDeps extends BookClubBaseDeps {
  events: EventsPort;
  jobs: JobStore;
}

/**
 * Pop-up clubs: made from a vote's winner, they form until enough members join (the Join button
 * on the club's one message, edited in place), then start; members may leave (the rotation
 * skips them); organisers close a club with an archive message in the channel.
 */
export class BookClubs {
  constructor(private readonly deps: BookClubsDeps) {}

  /** The winner of a vote becomes a forming club, created by its suggester; its message goes out. */
  async create(tx: Tx, community: CommunityPlace, input: { suggestion: { id: number; title: string; link: string; suggestedBy: string }; voteId: number; minMembers: number }): Promise<number> {
    const { suggestion } = input;
    const club = await tx.bookClub.create({
      data: { communityId: community.id, suggestionId: suggestion.id, voteId: input.voteId, title: suggestion.title, link: suggestion.link, minMembers: input.minMembers, createdBy: suggestion.suggestedBy },
    });
    await this.publish(tx, club.id);
    return club.id;
  }

  /** Joins the club (a second click changes nothing); the join that reaches the minimum starts it. */
  async join(clubId: number, actor: Actor): Promise<'joined' | 'started' | 'already'> {
    const { club, community } = await this.clubOf(clubId);
    await this.deps.access.requireMember(community, actor.userId);
    return this.deps.prisma.$transaction(async (tx) => {
      await lockClub(tx, clubId);
      const current = await tx.bookClub.findUniqueOrThrow({ where: { id: clubId } });
      if (current.status === 'closed') throw new BookClubError('This book club has closed.');
      const member = await tx.bookClubMember.findUnique({ where: { clubId_personId: { clubId, personId: actor.userId } } });
      if (member && !member.leftAt) return 'already';
      await tx.bookClubMember.upsert({
        where: { clubId_personId: { clubId, personId: actor.userId } },
        create: { clubId, communityId: club.communityId, personId: actor.userId, joinedAt: this.deps.now() },
        update: { leftAt: null, joinedAt: this.deps.now() },
      });
      const starts = current.status === 'forming' && (await this.activeMembers(tx, clubId)).length >= current.minMembers;
      if (starts) {
        await tx.bookClub.update({ where: { id: clubId }, data: { status: 'started', startedAt: this.deps.now() } });
        await this.deps.messages.send({ key: `${clubKey(clubId)}:started`, to: { users: [current.createdBy] }, ...clubStartedNotice(current, community) }, tx);
      }
      await this.publish(tx, clubId);
      return starts ? 'started' : 'joined';
    });
  }

  /** Leaves the club; upcoming sessions the person was to lead go to the next in the rotation. */
  async leave(clubId: number, actor: Actor): Promise<'left' | 'not-member'> {
    return this.deps.prisma.$transaction(async (tx) => {
      await lockClub(tx, clubId);
      const member = await tx.bookClubMember.findUnique({ where: { clubId_personId: { clubId, personId: actor.userId } } });
      if (!member || member.leftAt) return 'not-member';
      await tx.bookClubMember.update({ where: { clubId_personId: { clubId, personId: actor.userId } }, data: { leftAt: this.deps.now() } });
      await this.handOver(tx, clubId, actor.userId);
      await this.publish(tx, clubId);
      return 'left';
    });
  }

  /** Upcoming sessions led by someone who left get the next fair leader (hosts updated on their events, the leader told). */
  private async handOver(tx: Tx, clubId: number, leaverId: string): Promise<void> {
    const sessions = await tx.bookClubSession.findMany({ where: { clubId }, orderBy: { number: 'asc' } });
    const active = await this.activeMembers(tx, clubId);
    for (const session of sessions.filter((s) => s.leaderId === leaverId && s.startsAt > this.deps.now())) {
      const others = sessions.filter((s) => s.id !== session.id).map((s) => s.leaderId);
      const leader = nextLeader(active, others);
      if (!leader) continue;
      session.leaderId = leader;
      await tx.bookClubSession.update({ where: { id: session.id }, data: { leaderId: leader, leaderToldAt: null } });
      await this.deps.events.setHosts({ eventId: session.eventId, hosts: [leader] }, tx);
      // The new leader is told in turn: again, if the notice went to the one who left.
      await this.deps.jobs.rearm(leaderNoticeJob(session.id, session.startsAt, this.deps.now()), tx);
    }
  }

  /**
   * An organiser closes the club: upcoming sessions are cancelled (their RSVPs are told by the
   * events ritual) and an archive message goes to the channel.
   */
  async close(clubId: number, actor: Actor): Promise<void> {
    const { club, community } = await this.clubOf(clubId);
    await this.deps.access.requireOrganiser(community, actor.userId, 'close a book club');
    if (club.status === 'closed') throw new BookClubError('This book club has closed already.');
    const now = this.deps.now();
    const sessions = await this.deps.prisma.bookClubSession.findMany({ where: { clubId }, orderBy: { number: 'asc' } });
    const held = sessions.filter((s) => s.startsAt <= now);
    const attendance = await this.deps.events.attendance(held.map((s) => s.eventId));
    await this.deps.prisma.$transaction(async (tx) => {
      await lockClub(tx, clubId);
      const { count } = await tx.bookClub.updateMany({ where: { id: clubId, status: { not: 'closed' } }, data: { status: 'closed', closedAt: now } });
      if (count === 0) throw new BookClubError('This book club has closed already.');
      for (const s of sessions.filter((s) => s.startsAt > now)) await this.deps.events.cancel({ eventId: s.eventId, by: actor.userId, reason: 'The book club has closed.' }, tx);
      const booksRead = await tx.bookClub.findMany({ where: { communityId: community.id, status: 'closed' }, orderBy: { closedAt: 'asc' }, select: { title: true } });
      const lines = held.map((s) => ({ number: s.number, reading: s.reading, startsAt: s.startsAt, going: attendance.get(s.eventId)?.going.length ?? 0 }));
      await this.deps.messages.send({ key: `${clubKey(clubId)}:archive`, to: { channel: community.channelId }, ...archiveMessage({ title: club.title, planned: sessions.length, held: lines, booksRead: booksRead.map((b) => b.title), members: (await this.activeMembers(tx, clubId)).length, timeZone: community.timeZone }) }, tx);
      await this.publish(tx, clubId);
    });
  }

  async clubOf(clubId: number, db: Db = this.deps.prisma) {
    const club = await db.bookClub.findUnique({ where: { id: clubId } });
    if (!club) throw new BookClubError('That book club no longer exists.');
    return { club, community: await communityPlace(db, club.communityId) };
  }

  /** Active members in join order (the rotation's order). */
  async activeMembers(db: Db, clubId: number): Promise<string[]> {
    const rows = await db.bookClubMember.findMany({ where: { clubId, leftAt: null }, orderBy: [{ joinedAt: 'asc' }, { personId: 'asc' }], select: { personId: true } });
    return rows.map((r) => r.personId);
  }

  /** Posts the club's message the first time, and edits that one message every later time. */
  async publish(db: Tx, clubId: number): Promise<void> {
    const { club, community } = await this.clubOf(clubId, db);
    const suggestion = await db.bookSuggestion.findUniqueOrThrow({ where: { id: club.suggestionId } });
    const sessions = await db.bookClubSession.findMany({ where: { clubId }, orderBy: { number: 'asc' } });
    const view: ClubCardView = {
      id: club.id,
      title: club.title,
      link: club.link,
      suggestedBy: suggestion.hideName ? null : suggestion.suggestedBy,
      status: club.status,
      minMembers: club.minMembers,
      members: await this.activeMembers(db, clubId),
      sessions: sessions.map((s): SessionLine => ({ number: s.number, reading: s.reading, startsAt: s.startsAt, leaderId: s.leaderId, timeZone: community.timeZone })),
    };
    await this.deps.messages.publish(clubKey(clubId), { channel: community.channelId }, clubCard(view), db);
  }
}
