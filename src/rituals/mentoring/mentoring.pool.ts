import type { Prisma } from '../../db/client';
import type { Mentee, Mentor } from '../../matching/types';
import { localDate } from '../../time/zones';
import { DEFAULT_CAPACITY, UNKNOWN_LEVEL, workingDayOn } from './mentoring.rules';

type Tx = Prisma.TransactionClient;

/** Who can be matched now, in the shapes the assignment works on. */
export interface MentoringPool {
  mentors: Mentor[];
  mentees: Mentee[];
  /** Pairs never to propose: every pair proposed before (declined, ended, open) and oneself. */
  excluded: Array<[string, string]>;
}

/** Statuses that hold a mentor's capacity and keep a mentee from another proposal. */
export const OPEN_STATUSES = ['proposed', 'accepted'] as const;

/**
 * The free side of a community on the date of `at`: mentors with capacity left (capacity minus
 * their proposed and active mentorships; a capacity of 0 is never matched) and mentees with no
 * open proposal or mentorship. Members who left, deactivated or are snoozed are not in it.
 */
export async function loadPool(tx: Tx, communityId: number, at: Date): Promise<MentoringPool> {
  const members = await tx.membership.findMany({
    where: { communityId, leftAt: null, mentoring: { not: null }, person: { deactivatedAt: null } },
    include: { person: { include: { skills: { where: { topic: { communityId } }, include: { topic: { select: { name: true } } } } } } },
  });
  const awake = members.filter((m) => !m.person.snoozedUntil || m.person.snoozedUntil.toISOString().slice(0, 10) <= localDate(at, zoneOf(m.person)));
  const settings = await tx.mentorSettings.findMany({ where: { communityId } });
  const capacityOf = new Map(settings.map((s) => [s.personId, s.capacity]));
  const matches = await tx.mentorMatch.findMany({ where: { communityId }, select: { mentorId: true, menteeId: true, status: true } });
  const open = matches.filter((m) => (OPEN_STATUSES as readonly string[]).includes(m.status));
  const taken = new Map<string, number>();
  for (const m of open) taken.set(m.mentorId, (taken.get(m.mentorId) ?? 0) + 1);
  const busyMentees = new Set(open.map((m) => m.menteeId));

  const mentors: Mentor[] = [];
  const mentees: Mentee[] = [];
  for (const m of awake) {
    const workingDay = workingDayOn({ timeZone: zoneOf(m.person), workdayStart: m.person.workdayStart, workdayEnd: m.person.workdayEnd }, at);
    const level = (s: { level: number | null; topic: { name: string } }) => ({ topic: s.topic.name, level: s.level ?? UNKNOWN_LEVEL });
    const free = (capacityOf.get(m.personId) ?? DEFAULT_CAPACITY) - (taken.get(m.personId) ?? 0);
    const teaches = m.person.skills.filter((s) => s.canMentor).map(level);
    if (m.mentoring !== 'mentee' && free > 0 && teaches.length > 0) mentors.push({ id: m.personId, capacity: free, topics: teaches, workingDay });
    const wants = m.person.skills.filter((s) => s.wantsToLearn).map(level);
    if (m.mentoring !== 'mentor' && !busyMentees.has(m.personId) && wants.length > 0) mentees.push({ id: m.personId, wants, workingDay });
  }
  const excluded: Array<[string, string]> = [...matches.map((m): [string, string] => [m.mentorId, m.menteeId]), ...awake.map((m): [string, string] => [m.personId, m.personId])];
  return { mentors: sortById(mentors), mentees: sortById(mentees), excluded };
}

function zoneOf(person: { timeZone: string | null; slackTimeZone: string | null }): string {
  return person.timeZone ?? person.slackTimeZone ?? 'UTC';
}

/** A stable order, so the same community gives the same input (and the same matches) every time. */
function sortById<T extends { id: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
