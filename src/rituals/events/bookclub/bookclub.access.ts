import { GuildError, NotMemberError, NotOrganiserError } from '../../../community/community.errors';
import { activeMembership } from '../../../community/community.service';
import type { Roles } from '../../../community/roles';
import type { Prisma, PrismaClient } from '../../../db/client';
import type { Publisher } from '../../../delivery/outbox';
import type { BookField } from './bookclub.ids';

export type Db = PrismaClient | Prisma.TransactionClient;
export type Tx = Prisma.TransactionClient;

/** What each part of book clubs is given: the database, the messages, who may act, and the time. */
export interface BookClubBaseDeps {
  prisma: PrismaClient;
  messages: Publisher;
  access: BookClubAccess;
  now: () => Date;
}

/** A book club problem the person can fix; from a form, it names the field to show it beside. */
export class BookClubError extends GuildError {
  constructor(message: string, field?: BookField) {
    super(message, field ? { field } : {});
  }
}

/** The community a club or vote belongs to, with the place its roles are asked about. */
export interface CommunityPlace {
  id: number;
  name: string;
  teamId: string;
  channelId: string;
  timeZone: string;
}

export async function communityPlace(db: Db, communityId: number): Promise<CommunityPlace> {
  const c = await db.community.findUniqueOrThrow({ where: { id: communityId } });
  return { id: c.id, name: c.name, teamId: c.teamId, channelId: c.channelId, timeZone: c.timeZone };
}

/** Who may do what in book clubs: members take part; organisers run votes and clubs. */
export class BookClubAccess {
  constructor(private readonly deps: { prisma: PrismaClient; roles: Roles }) {}

  async requireMember(community: CommunityPlace, userId: string, db: Db = this.deps.prisma): Promise<void> {
    if (!(await activeMembership(db, community.id, userId))) throw new NotMemberError();
  }

  isOrganiser(community: CommunityPlace, userId: string): Promise<boolean> {
    return this.deps.roles.isOrganiser({ teamId: community.teamId, channelId: community.channelId }, userId);
  }

  async requireOrganiser(community: CommunityPlace, userId: string, action: string): Promise<void> {
    if (!(await this.isOrganiser(community, userId))) throw new NotOrganiserError(action);
  }

  /** Organisers, or the club's creator (who suggested its book). */
  async requireOrganiserOrCreator(community: CommunityPlace, club: { createdBy: string }, userId: string, action: string): Promise<void> {
    if (club.createdBy === userId) return;
    if (!(await this.isOrganiser(community, userId))) throw new BookClubError(`Only this community's organisers or the club's creator (<@${club.createdBy}>) can ${action}.`);
  }
}

/** Serialises changes to one row (a community's vote, a club's members) within a transaction. */
export async function lockCommunity(tx: Prisma.TransactionClient, communityId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Community" WHERE id = ${communityId} FOR UPDATE`;
}

export async function lockClub(tx: Prisma.TransactionClient, clubId: number): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "BookClub" WHERE id = ${clubId} FOR UPDATE`;
}
