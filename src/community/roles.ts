import type { PrismaClient } from '../db/client';

/** Where something happens: a Slack workspace and channel. */
export interface Place {
  teamId: string;
  channelId: string;
}

/**
 * The one port through which every ritual's service asks who may do what. Rituals decide with
 * it themselves, so a listener cannot forget to ask (and silently deny) or pass a wrong answer.
 */
export interface Roles {
  /** Whether the person organises the community of this channel (false when there is none). */
  isOrganiser(place: Place, userId: string): Promise<boolean>;
}

/** Roles as the community module keeps them: active organisers of the channel's community. */
export function communityRoles(prisma: PrismaClient): Roles {
  return {
    async isOrganiser(place, userId) {
      const membership = await prisma.membership.findFirst({
        where: { personId: userId, role: 'organiser', leftAt: null, person: { deactivatedAt: null }, community: { teamId: place.teamId, channelId: place.channelId } },
        select: { personId: true },
      });
      return membership !== null;
    },
  };
}
