import type { Prisma, PrismaClient } from '../../db/client';
import type { CoffeeMember, PastMeeting } from '../../matching/types';
import type { GroupingField } from './coffee.rules';
import { workingDayOn } from './coffee.timing';

type Db = PrismaClient | Prisma.TransactionClient;

/** A member as a round sees them: what the matching needs, and their zone for the send time. */
export interface RoundMember extends CoffeeMember {
  timeZone: string;
}

export interface RoundPool {
  members: RoundMember[];
  /** Opted in at all (before snoozes and pauses), for the organisers' "too few" note. */
  optedIn: number;
}

/**
 * Who takes part in a round on `date`: opted in, still a member, account active, not paused,
 * not snoozed here (until after `at`) nor in the profile (`Person.snoozedUntil`, a local date).
 */
export async function roundPool(db: Db, community: { id: number; timeZone: string }, date: string, at: Date, field?: GroupingField): Promise<RoundPool> {
  const memberships = await db.membership.findMany({
    where: { communityId: community.id, coffee: true, leftAt: null, person: { deactivatedAt: null } },
    include: { person: { include: { skills: { where: { topic: { communityId: community.id } }, include: { topic: true } } } } },
    orderBy: { personId: 'asc' },
  });
  const states = await db.coffeeMember.findMany({ where: { communityId: community.id } });
  const stateOf = new Map(states.map((s) => [s.personId, s]));
  const members: RoundMember[] = [];
  for (const { person } of memberships) {
    const state = stateOf.get(person.id);
    if (state?.pausedAt || (state?.snoozedUntil && state.snoozedUntil > at)) continue;
    if (person.snoozedUntil && date < person.snoozedUntil.toISOString().slice(0, 10)) continue;
    const timeZone = person.timeZone ?? person.slackTimeZone ?? community.timeZone;
    const topics = person.skills.filter((s) => s.wantsToLearn || s.canMentor || s.level !== null);
    const interests = [...new Set([...person.interests, ...topics.map((s) => s.topic.name)])];
    const topTopic = [...topics].sort((a, b) => (b.level ?? 0) - (a.level ?? 0))[0]?.topic.name;
    const attribute = field === 'interest' ? person.interests[0] : field === 'topic' ? topTopic : undefined;
    members.push({ id: person.id, timeZone, workingDay: workingDayOn(date, timeZone, person.workdayStart, person.workdayEnd), interests, ...(attribute ? { attribute } : {}) });
  }
  return { members, optedIn: memberships.length };
}

/**
 * Who met whom within the window: pairs from the groups of sent rounds where someone said the
 * group met. A group that did not meet (or never answered) does not count as a meeting. The
 * round being formed (`excludeRoundId`) is not a past one.
 */
export async function pastMeetings(db: Db, communityId: number, since: Date, excludeRoundId = 0): Promise<PastMeeting[]> {
  const rounds = await db.coffeeRound.findMany({
    where: { communityId, status: 'sent', createdAt: { gte: since }, id: { not: excludeRoundId } },
    orderBy: { createdAt: 'desc' },
    include: { groups: { where: { members: { some: { answer: 'met' } } }, include: { members: { select: { personId: true } } } } },
  });
  const meetings: PastMeeting[] = [];
  rounds.forEach((round, index) => {
    for (const group of round.groups) meetings.push(...pairsOf(group.members.map((m) => m.personId)).map(([a, b]) => ({ a, b, roundsAgo: index + 1 })));
  });
  return meetings;
}

/** Every unordered pair of a group's members. */
export function pairsOf(ids: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < ids.length; i += 1) for (let j = i + 1; j < ids.length; j += 1) pairs.push([ids[i]!, ids[j]!]);
  return pairs;
}

/** Everyone's private "don't pair me with", as pairs. */
export async function avoidPairs(db: Db, communityId: number): Promise<Array<[string, string]>> {
  const rows = await db.coffeeAvoid.findMany({ where: { communityId }, select: { personId: true, avoidId: true } });
  return rows.map((r) => [r.personId, r.avoidId]);
}
