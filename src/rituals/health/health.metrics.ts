import { DateTime } from 'luxon';
import type { PrismaClient } from '../../db/client';

/**
 * Community health, computed from what every ritual stored. A person "took part" in a month when,
 * in that community, they wrote a retro item or cast a named retro vote, met their coffee group,
 * started a mentorship, went to an event (answered "going" to one held that month), gave event
 * feedback or voted in a named poll. Anonymous contributions count in their ritual's totals but never towards a person.
 * Months are the community's calendar months, in its time zone.
 */

/** One calendar month of a community, in its zone. */
export interface MonthMetrics {
  /** "YYYY-MM". */
  month: string;
  /** Members at the month's end (joined by then, not left by then). */
  members: number;
  joined: number;
  left: number;
  /** People who took part (see above). */
  participants: number;
  /** Of those, taking part for the first time ever in this community; the rest are returning. */
  newParticipants: number;
  returningParticipants: number;
  /** Retros held in the community's channel that month, and the people (or pseudonyms) in them on average. */
  retros: number;
  retroParticipantsAverage: number;
  /** Coffee groups whose follow-up went out that month, and of them those where someone met. */
  coffeeGroupsAsked: number;
  coffeeGroupsMet: number;
  /** Distinct pairs of people who met in a coffee group that month. */
  coffeeConnections: number;
  /** Mentorships active at the month's end. */
  activeMentorships: number;
  /** Events held that month (not cancelled), the "going" answers to them, and the feedback given (attended). */
  eventsHeld: number;
  rsvpGoing: number;
  attended: number;
  /** Polls closed that month, and the people who voted in them (anonymous voters counted, not named). */
  pollsClosed: number;
  pollVoters: number;
}

export interface SkillCoverage {
  topic: string;
  /** Active members who can mentor it, and who want to learn it. */
  mentors: number;
  learners: number;
}

export interface HealthDashboard {
  communityId: number;
  timeZone: string;
  /** Oldest first; the last is the current month so far. */
  months: MonthMetrics[];
  skills: SkillCoverage[];
  /** Active members who took part in nothing for `quietWeeks` weeks (organisers only). */
  quiet: { weeks: number; count: number; personIds: string[] };
}

export interface DashboardOptions {
  now: Date;
  months?: number;
  quietWeeks?: number;
  /** At most this many quiet people are named. */
  quietListed?: number;
}

interface CommunityRow {
  id: number;
  teamId: string;
  channelId: string;
  timeZone: string;
}

/** The activities that make a person a participant, as (person, instant) rows, for one community. */
const ACTIVITY_SQL = `
  SELECT i."authorId" AS person, i."createdAt" AS at
    FROM "RetroItem" i JOIN "Retro" r ON r.id = i."retroId"
   WHERE r."teamId" = $1 AND r."channelId" = $2 AND i."authorId" IS NOT NULL
  UNION ALL
  SELECT v."voterKey", r."createdAt"
    FROM "RetroVote" v JOIN "Retro" r ON r.id = v."retroId"
   WHERE r."teamId" = $1 AND r."channelId" = $2 AND r.anonymity <> 'anonymous_all'
  UNION ALL
  SELECT m."personId", m."answeredAt"
    FROM "CoffeeGroupMember" m JOIN "CoffeeGroup" g ON g.id = m."groupId" JOIN "CoffeeRound" cr ON cr.id = g."roundId"
   WHERE cr."communityId" = $3 AND m.answer = 'met' AND m."answeredAt" IS NOT NULL
  UNION ALL
  SELECT unnest(ARRAY[mm."mentorId", mm."menteeId"]), mm."acceptedAt"
    FROM "MentorMatch" mm WHERE mm."communityId" = $3 AND mm."acceptedAt" IS NOT NULL
  UNION ALL
  SELECT er."personId", e."startsAt"
    FROM "EventRsvp" er JOIN "Event" e ON e.id = er."eventId"
   WHERE e."communityId" = $3 AND e.status = 'scheduled' AND er.status = 'going' AND er.reconfirm = false AND e."startsAt" <= $4
  UNION ALL
  SELECT ef."personId", ef."createdAt"
    FROM "EventFeedback" ef JOIN "Event" e ON e.id = ef."eventId" WHERE e."communityId" = $3
  UNION ALL
  SELECT b."voterKey", b."votedAt"
    FROM "PollBallot" b JOIN "Poll" pl ON pl.id = b."pollId"
   WHERE pl."communityId" = $3 AND NOT pl.anonymous AND EXISTS (SELECT 1 FROM "PollVote" v WHERE v."pollId" = b."pollId" AND v."voterKey" = b."voterKey")`;

/** "YYYY-MM" of an instant column in the community's zone (the parameter `zone`). */
const month = (column: string, zone: string) => `to_char((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${zone}, 'YYYY-MM')`;

/**
 * Participants per month with how many were new: each person's first month, then per month the
 * distinct people and those whose first month it is.
 */
const PARTICIPANTS_SQL = `
  WITH activity AS (${ACTIVITY_SQL}),
       monthly AS (SELECT DISTINCT person, ${month('at', '$5')} AS month FROM activity WHERE at <= $4),
       firsts AS (SELECT person, min(month) AS first FROM monthly GROUP BY person)
  SELECT m.month, count(*)::int AS participants, count(*) FILTER (WHERE f.first = m.month)::int AS new
    FROM monthly m JOIN firsts f USING (person)
   WHERE m.month >= $6
   GROUP BY m.month`;

/** Active members who joined before $5 (an instant) and took part in nothing since. */
const QUIET_SQL = `
  WITH activity AS (${ACTIVITY_SQL})
  SELECT ms."personId" AS person
    FROM "Membership" ms JOIN "Person" p ON p.id = ms."personId"
   WHERE ms."communityId" = $3 AND ms."leftAt" IS NULL AND p."deactivatedAt" IS NULL AND ms."joinedAt" <= $5
     AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.person = ms."personId" AND a.at > $5 AND a.at <= $4)
   ORDER BY ms."personId"`;

type Row = Record<string, unknown>;

/** Month keys from `first` to `last` inclusive ("YYYY-MM"). */
export function monthKeys(last: DateTime, count: number): string[] {
  return Array.from({ length: count }, (_, i) => last.minus({ months: count - 1 - i }).toFormat('yyyy-MM'));
}

export class HealthMetrics {
  constructor(private readonly prisma: PrismaClient) {}

  async dashboard(communityId: number, options: DashboardOptions): Promise<HealthDashboard> {
    const community = await this.prisma.community.findUniqueOrThrow({ where: { id: communityId }, select: { id: true, teamId: true, channelId: true, timeZone: true } });
    const count = options.months ?? 12;
    const local = DateTime.fromJSDate(options.now, { zone: community.timeZone });
    const keys = monthKeys(local.startOf('month'), count);
    const from = keys[0]!;
    const quietWeeks = options.quietWeeks ?? 8;
    const [participants, members, retros, coffee, mentorships, events, skills, quiet, polls] = await Promise.all([
      this.query(PARTICIPANTS_SQL, community.teamId, community.channelId, community.id, options.now, community.timeZone, from),
      this.membersByMonth(community, keys, options.now),
      this.retrosByMonth(community, options.now, from),
      this.coffeeByMonth(community, options.now, from),
      this.mentorshipsAtMonthEnds(community, keys, options.now),
      this.eventsByMonth(community, options.now, from),
      this.skillCoverage(community.id),
      this.query(QUIET_SQL, community.teamId, community.channelId, community.id, options.now, new Date(options.now.getTime() - quietWeeks * 7 * 86_400_000)),
      this.pollsByMonth(community, options.now, from),
    ]);
    const by = (rows: Row[]) => new Map(rows.map((r) => [String(r.month), r]));
    const [p, m, r, c, e, v] = [by(participants), by(members), by(retros), by(coffee), by(events), by(polls)];
    const months = keys.map((key, i) => ({ ...monthRow(key, p.get(key), m.get(key), r.get(key), c.get(key), e.get(key), mentorships[i]!), pollsClosed: Number(v.get(key)?.polls ?? 0), pollVoters: Number(v.get(key)?.voters ?? 0) }));
    const listed = options.quietListed ?? 50;
    return { communityId, timeZone: community.timeZone, months, skills, quiet: { weeks: quietWeeks, count: quiet.length, personIds: quiet.slice(0, listed).map((q) => String(q.person)) } };
  }

  private query(sql: string, ...params: unknown[]): Promise<Row[]> {
    return this.prisma.$queryRawUnsafe<Row[]>(sql, ...params);
  }

  /** Members at each month's end (joined by then, not left by then), and the joins and leaves in it. */
  private async membersByMonth(c: CommunityRow, keys: string[], now: Date): Promise<Row[]> {
    const bounds = keys.map((key) => monthBounds(key, c.timeZone, now));
    return this.prisma.$queryRawUnsafe<Row[]>(
      `SELECT k.month,
              count(m."personId") FILTER (WHERE m."joinedAt" <= k.last AND (m."leftAt" IS NULL OR m."leftAt" > k.last))::int AS members,
              count(m."personId") FILTER (WHERE m."joinedAt" >= k.first AND m."joinedAt" <= k.last)::int AS joined,
              count(m."personId") FILTER (WHERE m."leftAt" >= k.first AND m."leftAt" <= k.last)::int AS "left"
         FROM unnest($2::text[], $3::timestamp[], $4::timestamp[]) AS k(month, first, last)
         LEFT JOIN "Membership" m ON m."communityId" = $1
        GROUP BY k.month`,
      c.id, keys, bounds.map((b) => b.first), bounds.map((b) => b.last),
    );
  }

  private retrosByMonth(c: CommunityRow, now: Date, from: string): Promise<Row[]> {
    return this.query(
      `SELECT * FROM (
         SELECT ${month('r."createdAt"', '$4')} AS month, count(DISTINCT r.id)::int AS retros, count(p."voterKey")::int AS participants
           FROM "Retro" r LEFT JOIN "RetroParticipant" p ON p."retroId" = r.id
          WHERE r."teamId" = $1 AND r."channelId" = $2 AND r."createdAt" <= $3
          GROUP BY 1) t WHERE month >= $5`,
      c.teamId, c.channelId, now, c.timeZone, from,
    );
  }

  /** Coffee groups asked (follow-up sent) per month, those that met, and the distinct pairs that met. */
  private coffeeByMonth(c: CommunityRow, now: Date, from: string): Promise<Row[]> {
    return this.query(
      `WITH asked AS (
         SELECT g.id, ${month('g."followUpSentAt"', '$3')} AS month,
                EXISTS (SELECT 1 FROM "CoffeeGroupMember" m WHERE m."groupId" = g.id AND m.answer = 'met') AS met
           FROM "CoffeeGroup" g JOIN "CoffeeRound" r ON r.id = g."roundId"
          WHERE r."communityId" = $1 AND g."followUpSentAt" IS NOT NULL AND g."followUpSentAt" <= $2),
       pairs AS (
         SELECT DISTINCT a.month, x."personId" AS one, y."personId" AS other
           FROM asked a JOIN "CoffeeGroupMember" x ON x."groupId" = a.id JOIN "CoffeeGroupMember" y ON y."groupId" = a.id AND x."personId" < y."personId"
          WHERE a.met)
       SELECT a.month, count(*)::int AS asked, count(*) FILTER (WHERE a.met)::int AS met,
              (SELECT count(*)::int FROM pairs p WHERE p.month = a.month) AS connections
         FROM asked a WHERE a.month >= $4 GROUP BY a.month`,
      c.id, now, c.timeZone, from,
    );
  }

  /** Mentorships active at each month's end: accepted by then, not ended by then. */
  private async mentorshipsAtMonthEnds(c: CommunityRow, keys: string[], now: Date): Promise<number[]> {
    const matches = await this.prisma.mentorMatch.findMany({ where: { communityId: c.id, acceptedAt: { not: null } }, select: { acceptedAt: true, endedAt: true } });
    return keys.map((key) => {
      const { last } = monthBounds(key, c.timeZone, now);
      return matches.filter((m) => m.acceptedAt! <= last && (!m.endedAt || m.endedAt > last)).length;
    });
  }

  private eventsByMonth(c: CommunityRow, now: Date, from: string): Promise<Row[]> {
    return this.query(
      `SELECT * FROM (
         SELECT ${month('e."startsAt"', '$3')} AS month, count(*)::int AS held,
                coalesce(sum((SELECT count(*) FROM "EventRsvp" r WHERE r."eventId" = e.id AND r.status = 'going' AND r.reconfirm = false)), 0)::int AS going,
                coalesce(sum((SELECT count(*) FROM "EventFeedback" f WHERE f."eventId" = e.id)), 0)::int AS attended
           FROM "Event" e
          WHERE e."communityId" = $1 AND e.status = 'scheduled' AND e."startsAt" <= $2
          GROUP BY 1) t WHERE month >= $4`,
      c.id, now, c.timeZone, from,
    );
  }

  /** Polls closed per month and their voters (a ballot with at least one vote). */
  private pollsByMonth(c: CommunityRow, now: Date, from: string): Promise<Row[]> {
    return this.query(
      `SELECT * FROM (
         SELECT ${month('pl."closedAt"', '$3')} AS month, count(*)::int AS polls,
                coalesce(sum((SELECT count(DISTINCT v."voterKey") FROM "PollVote" v WHERE v."pollId" = pl.id)), 0)::int AS voters
           FROM "Poll" pl
          WHERE pl."communityId" = $1 AND pl.status = 'closed' AND pl."closedAt" <= $2
          GROUP BY 1) t WHERE month >= $4`,
      c.id, now, c.timeZone, from,
    );
  }

  /** Per topic: active members who can mentor it and who want to learn it. */
  private async skillCoverage(communityId: number): Promise<SkillCoverage[]> {
    const rows = await this.prisma.$queryRawUnsafe<Row[]>(
      `SELECT t.name AS topic,
              count(*) FILTER (WHERE s."canMentor")::int AS mentors,
              count(*) FILTER (WHERE s."wantsToLearn")::int AS learners
         FROM "Topic" t
         LEFT JOIN "TopicSkill" s ON s."topicId" = t.id
          AND EXISTS (SELECT 1 FROM "Membership" m JOIN "Person" p ON p.id = m."personId"
                       WHERE m."communityId" = t."communityId" AND m."personId" = s."personId" AND m."leftAt" IS NULL AND p."deactivatedAt" IS NULL)
        WHERE t."communityId" = $1
        GROUP BY t.name ORDER BY t.name`,
      communityId,
    );
    return rows.map((r) => ({ topic: String(r.topic), mentors: Number(r.mentors), learners: Number(r.learners) }));
  }
}

/** A month's first and last instants (the last no later than now), in the community's zone. */
export function monthBounds(key: string, zone: string, now: Date): { first: Date; last: Date } {
  const start = DateTime.fromFormat(key, 'yyyy-MM', { zone });
  const end = start.endOf('month').toJSDate();
  return { first: start.toJSDate(), last: end.getTime() < now.getTime() ? end : now };
}

function monthRow(key: string, p: Row | undefined, m: Row | undefined, r: Row | undefined, c: Row | undefined, e: Row | undefined, activeMentorships: number): Omit<MonthMetrics, 'pollsClosed' | 'pollVoters'> {
  const n = (row: Row | undefined, field: string) => Number(row?.[field] ?? 0);
  const retros = n(r, 'retros');
  return {
    month: key,
    members: n(m, 'members'),
    joined: n(m, 'joined'),
    left: n(m, 'left'),
    participants: n(p, 'participants'),
    newParticipants: n(p, 'new'),
    returningParticipants: n(p, 'participants') - n(p, 'new'),
    retros,
    retroParticipantsAverage: retros ? n(r, 'participants') / retros : 0,
    coffeeGroupsAsked: n(c, 'asked'),
    coffeeGroupsMet: n(c, 'met'),
    coffeeConnections: n(c, 'connections'),
    activeMentorships,
    eventsHeld: n(e, 'held'),
    rsvpGoing: n(e, 'going'),
    attended: n(e, 'attended'),
  };
}
