import type { PrismaClient } from '../../db/client';
import { pairsOf } from './coffee.members';

export interface CoffeeStats {
  /** Rounds that went out (not the ones too small to form). */
  rounds: number;
  groups: number;
  /** Groups where someone said they met, of the groups whose follow-up went out (0..1). */
  metRate: number;
  /** Different pairs of people whose group met. */
  uniqueConnections: number;
}

/** A community's coffee figures, for its organisers. */
export async function coffeeStats(prisma: PrismaClient, communityId: number): Promise<CoffeeStats> {
  const rounds = await prisma.coffeeRound.count({ where: { communityId, status: 'sent' } });
  const groups = await prisma.coffeeGroup.findMany({ where: { round: { communityId, status: 'sent' } }, include: { members: { select: { personId: true, answer: true } } } });
  const asked = groups.filter((g) => g.followUpSentAt);
  const met = groups.filter((g) => g.members.some((m) => m.answer === 'met'));
  const pairs = new Set(met.flatMap((g) => pairsOf(g.members.map((m) => m.personId).sort()).map(([a, b]) => `${a}:${b}`)));
  return { rounds, groups: groups.length, metRate: asked.length ? asked.filter((g) => met.includes(g)).length / asked.length : 0, uniqueConnections: pairs.size };
}
