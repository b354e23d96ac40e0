import type { Logger } from 'pino';
import { sqlPool, type PrismaClient } from '../db/client';
import { optInsOf, upsertPerson, type Actor } from './community.service';
import { NotMemberError } from './community.errors';
import type { ProfileChanges } from './profile.schema';
import type { OptIns } from './onboarding.views';
import type { SlackDirectory } from './slack-directory';

export interface ProfileForm {
  /** The zone Guild uses: the pinned one, else Slack's, else UTC. */
  timeZone: string;
  /** Whether the person pinned `timeZone` (else Guild follows Slack's, travel included). */
  pinned: boolean;
  slackTimeZone?: string;
  workdayStart: number;
  workdayEnd: number;
  interests: string[];
  /** What others in the person's communities list as interests, most common first (at most 100). */
  interestSuggestions: string[];
  snoozeUntil?: string;
  /** The community whose topics the form edits, when there is one. */
  community?: {
    id: number;
    name: string;
    topics: { id: number; name: string; level?: number; canMentor: boolean; wantsToLearn: boolean }[];
  };
  /** Why no community topics are shown, when they are not. */
  notice?: string;
}

export interface HomeSummary {
  communities: { id?: number; name: string; channelId: string; organiser: boolean; optIns?: OptIns }[];
  /** Communities of the workspace the person is not in, to join from the Home. */
  joinable?: { id: number; name: string; channelId: string }[];
  timeZone?: string;
  /** Whether the person pinned `timeZone`; else it is Slack's, followed. */
  pinned?: boolean;
  workdayStart?: number;
  workdayEnd?: number;
  snoozeUntil?: string;
  interests?: string[];
  /** Topic names the person mentors and wants to learn, and how many levels they gave. */
  mentors?: string[];
  learns?: string[];
  levelsGiven?: number;
}

/** A person's profile, shared by every ritual: time zone, working hours, interests, skills per topic. */
export class ProfileService {
  constructor(private readonly deps: { prisma: PrismaClient; directory: SlackDirectory; logger: Logger }) {}

  /**
   * What the profile form shows. Topics come from the channel's community when the person is a
   * member there, else from their only community; Slack's time zone is refreshed on the way.
   */
  async form(actor: Actor, place: string | { communityId: number }): Promise<ProfileForm> {
    const { prisma } = this.deps;
    const facts = await this.deps.directory.user(actor.userId);
    await upsertPerson(prisma, actor, facts?.timeZone);
    const person = await prisma.person.findUniqueOrThrow({ where: { id: actor.userId } });
    const memberships = await prisma.membership.findMany({
      where: { personId: actor.userId, leftAt: null, community: { teamId: actor.teamId } },
      include: { community: true },
    });
    const here = memberships.find((m) => (typeof place === 'string' ? m.community.channelId === place : m.communityId === place.communityId));
    const chosen = here ?? (memberships.length === 1 ? memberships[0] : undefined);
    const base: ProfileForm = {
      timeZone: person.timeZone ?? person.slackTimeZone ?? 'UTC',
      pinned: person.timeZone !== null,
      slackTimeZone: person.slackTimeZone ?? undefined,
      workdayStart: person.workdayStart,
      workdayEnd: person.workdayEnd,
      interests: person.interests,
      interestSuggestions: await this.interestSuggestions(actor.userId, chosen ? [chosen.communityId] : memberships.map((m) => m.communityId)),
      snoozeUntil: person.snoozedUntil?.toISOString().slice(0, 10),
    };
    if (!chosen) {
      return {
        ...base,
        notice:
          memberships.length === 0
            ? 'Join a community with `/guild join` in its channel to choose topics to mentor and learn.'
            : 'You belong to several communities: run `/guild profile` in a community\'s channel to edit your topics there.',
      };
    }
    const topics = await prisma.topic.findMany({
      where: { communityId: chosen.communityId },
      orderBy: { key: 'asc' },
      include: { skills: { where: { personId: actor.userId } } },
    });
    return {
      ...base,
      community: {
        id: chosen.communityId,
        name: chosen.community.name,
        topics: topics.map((t) => ({
          id: t.id,
          name: t.name,
          level: t.skills[0]?.level ?? undefined,
          canMentor: t.skills[0]?.canMentor ?? false,
          wantsToLearn: t.skills[0]?.wantsToLearn ?? false,
        })),
      },
      notice: topics.length === 0 ? `*${chosen.community.name}* has no topics yet; organisers add them with \`/guild topics add\`.` : undefined,
    };
  }

  /**
   * The interests other active members of these communities wrote, most common first (ties in
   * alphabetical order), one spelling per interest whatever its case.
   */
  async interestSuggestions(personId: string, communityIds: number[], limit = 100): Promise<string[]> {
    if (communityIds.length === 0) return [];
    const rows = await this.deps.prisma.$queryRaw<{ interest: string }[]>`
      SELECT min(i.interest COLLATE "C") AS interest
        FROM "Person" p
        JOIN "Membership" m ON m."personId" = p.id AND m."leftAt" IS NULL
        CROSS JOIN LATERAL unnest(p.interests) AS i(interest)
       WHERE m."communityId" = ANY(${communityIds}::int[]) AND p.id <> ${personId} AND p."deactivatedAt" IS NULL
       GROUP BY lower(i.interest)
       ORDER BY count(DISTINCT p.id) DESC, lower(i.interest)
       LIMIT ${limit}`;
    return rows.map((r) => r.interest);
  }

  /**
   * What the person's Home tab shows: their communities with their opt-ins, the communities
   * they could join, and their whole profile (it is theirs to see).
   */
  async home(actor: Actor): Promise<HomeSummary> {
    const { prisma } = this.deps;
    const person = await prisma.person.findUnique({
      where: { id: actor.userId },
      include: {
        memberships: { where: { leftAt: null }, include: { community: true }, orderBy: { joinedAt: 'asc' } },
        skills: { include: { topic: { select: { name: true } } }, orderBy: { topic: { key: 'asc' } } },
      },
    });
    const joinable = await prisma.community.findMany({
      where: { teamId: actor.teamId, memberships: { none: { personId: actor.userId, leftAt: null } } },
      orderBy: { createdAt: 'desc' },
      take: 10,
    });
    const skills = person?.skills ?? [];
    return {
      communities: (person?.memberships ?? []).map((m) => ({ id: m.communityId, name: m.community.name, channelId: m.community.channelId, organiser: m.role === 'organiser', optIns: optInsOf(m) })),
      joinable: joinable.map((c) => ({ id: c.id, name: c.name, channelId: c.channelId })),
      timeZone: person ? (person.timeZone ?? person.slackTimeZone ?? undefined) : undefined,
      pinned: person ? person.timeZone !== null : undefined,
      workdayStart: person?.workdayStart,
      workdayEnd: person?.workdayEnd,
      snoozeUntil: person?.snoozedUntil?.toISOString().slice(0, 10),
      interests: person?.interests,
      mentors: skills.filter((s) => s.canMentor).map((s) => s.topic.name),
      learns: skills.filter((s) => s.wantsToLearn).map((s) => s.topic.name),
      levelsGiven: skills.filter((s) => s.level !== null).length,
    };
  }

  /**
   * Saves a validated profile once per submission key (the submitted form's id): a double
   * submission changes nothing the second time. Topic choices replace the person's choices for
   * that community; topics removed meanwhile are ignored.
   */
  async save(actor: Actor, submissionKey: string, changes: ProfileChanges, communityId?: number): Promise<{ saved: boolean }> {
    // One statement, so one round trip and no interactive transaction: profile saves are the
    // busiest write path (benchmark `ack`). Every part hangs off `claim`, which only succeeds for
    // a first submission by a member, so a duplicate or a non-member changes nothing at all.
    const skills = JSON.stringify(
      changes.skills.map((s) => ({ topicId: s.topicId, level: s.level ?? null, canMentor: s.canMentor, wantsToLearn: s.wantsToLearn })),
    );
    const snooze = changes.snoozeUntil ?? null;
    const community = communityId ?? null;
    // A named statement: pg prepares it once per connection.
    const result = await sqlPool(this.deps.prisma).query<{ claimed: string; member: boolean }>({
      name: 'guild_profile_save',
      text: SAVE_PROFILE_SQL,
      values: [community, actor.userId, `profile:${submissionKey}`, actor.teamId, actor.userName ?? '', changes.timeZone ?? null,
        changes.workdayStart, changes.workdayEnd, changes.interests, snooze, skills],
    });
    const outcome = result.rows[0];
    if (!outcome?.member) throw new NotMemberError();
    const saved = Number(outcome.claimed) === 1;
    if (saved) this.deps.logger.debug({ userId: actor.userId, communityId }, 'profile saved'); // one a submission: debug, not info
    return { saved };
  }
}

/**
 * Saves a profile in one statement. Parameters: $1 community id (or null), $2 person id,
 * $3 submission key, $4 team id, $5 display name, $6 time zone, $7 workday start, $8 workday end,
 * $9 interests, $10 snooze date, $11 skills as JSON.
 */
const SAVE_PROFILE_SQL = `
  WITH member AS (
    SELECT $1::int IS NULL OR EXISTS (
      SELECT 1 FROM "Membership" m JOIN "Person" p ON p.id = m."personId"
       WHERE m."communityId" = $1::int AND m."personId" = $2 AND m."leftAt" IS NULL AND p."deactivatedAt" IS NULL
    ) AS ok
  ), claim AS (
    INSERT INTO "ProcessedDelivery" (key) SELECT $3 FROM member WHERE member.ok
    ON CONFLICT (key) DO NOTHING RETURNING key
  ), person AS (
    INSERT INTO "Person" (id, "teamId", "displayName", "timeZone", "workdayStart", "workdayEnd", interests, "snoozedUntil", "updatedAt")
    SELECT $2, $4, $5, $6, $7, $8, $9::text[], $10::date, now() FROM claim
    ON CONFLICT (id) DO UPDATE SET
      "displayName" = COALESCE(NULLIF(EXCLUDED."displayName", ''), "Person"."displayName"),
      "timeZone" = EXCLUDED."timeZone", "workdayStart" = EXCLUDED."workdayStart", "workdayEnd" = EXCLUDED."workdayEnd",
      interests = EXCLUDED.interests, "snoozedUntil" = EXCLUDED."snoozedUntil", "updatedAt" = now()
    RETURNING id
  ), chosen AS (
    SELECT x."topicId", x.level, x."canMentor", x."wantsToLearn"
      FROM jsonb_to_recordset($11::jsonb) AS x("topicId" int, level int, "canMentor" boolean, "wantsToLearn" boolean)
      JOIN "Topic" t ON t.id = x."topicId" AND t."communityId" = $1::int
  ), removed AS (
    DELETE FROM "TopicSkill" s USING "Topic" t, claim
     WHERE s."topicId" = t.id AND t."communityId" = $1::int AND s."personId" = $2
       AND s."topicId" NOT IN (SELECT "topicId" FROM chosen)
  ), kept AS (
    INSERT INTO "TopicSkill" ("personId", "topicId", level, "canMentor", "wantsToLearn")
    SELECT person.id, chosen."topicId", chosen.level, chosen."canMentor", chosen."wantsToLearn" FROM chosen, person
    ON CONFLICT ("personId", "topicId") DO UPDATE SET
      level = EXCLUDED.level, "canMentor" = EXCLUDED."canMentor", "wantsToLearn" = EXCLUDED."wantsToLearn"
  )
  SELECT (SELECT count(*) FROM claim) AS claimed, (SELECT ok FROM member) AS member`;
