import type { PrismaClient } from '../../db/client';

export interface MentoringStats {
  activeMentorships: number;
  proposed: number;
  /** Matches both sides accepted, still active or ended since. */
  accepted: number;
  declines: number;
  ended: number;
}

/** A community's mentoring counts, for its organisers (`/guild pairing stats`, the App Home). */
export async function mentoringStats(prisma: PrismaClient, communityId: number): Promise<MentoringStats> {
  const rows = await prisma.mentorMatch.groupBy({ by: ['status'], where: { communityId }, _count: { _all: true } });
  const count = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
  const everAccepted = await prisma.mentorMatch.count({ where: { communityId, acceptedAt: { not: null } } });
  return { activeMentorships: count('accepted'), proposed: count('proposed'), accepted: everAccepted, declines: count('declined'), ended: count('ended') };
}
