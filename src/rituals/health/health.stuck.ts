import { GuildError } from '../../community/community.errors';
import type { Actor, CommunityService } from '../../community/community.service';
import type { PrismaClient } from '../../db/client';
import type { JobStore, ReviveOutcome } from '../../scheduler/job-store';
import type { Schedules, ScheduleSummary } from '../../scheduler/schedules';
import { FOLLOW_UP_JOB } from '../coffee/coffee.rounds';
import { LEADER_JOB } from '../events/bookclub/bookclub.timing';
import { FEEDBACK_JOB, REMINDER_JOB as EVENT_REMINDER_JOB } from '../events/events.ids';
import { MENTORING_CHECKIN_JOB } from '../mentoring/mentoring.ids';
import { POLL_CLOSE_JOB, POLL_REMIND_JOB } from '../polls/polls.ids';
import { ACTION_REMINDER_JOB } from '../retro/retro.action-items';
import { PHASE_DEADLINE_JOB } from '../retro/retro.lifecycle';
import { DEADLINE_JOB as UNCONFERENCE_DEADLINE_JOB, REMINDER_JOB as UNCONFERENCE_REMINDER_JOB } from '../unconference/unconference.ids';

/** Dead jobs and undelivered messages are shown for this long after they failed. */
export const STUCK_WINDOW_MS = 14 * 86_400_000;
/** A feed "keeps failing" once its reads have failed for this long (the daily read, at least twice). */
export const FEED_FAILING_MS = 86_400_000;
/** A previewed coffee round still unsent this long after its date is stuck (its job is a day late at most). */
const DRAFT_STUCK_MS = 2 * 86_400_000;
/** Dead jobs listed per community (the rest are counted). */
const DEAD_LISTED = 5;

export interface DeadJob {
  id: bigint;
  kind: string;
  lastError: string | null;
  failedAt: Date;
  /** Whether a retry would still run it (its kind's staleness rule). */
  retryable: boolean;
}

export interface FailingFeed {
  id: number;
  url: string;
  title: string | null;
  lastError: string;
  failingSince: Date;
}

export interface StuckRound {
  date: string;
  problem: 'unsent' | 'too-few';
}

/** Messages Guild gave up on, grouped by where they went and why: channels by name, DMs only counted. */
export interface Undelivered {
  channelId: string | null;
  error: string;
  count: number;
  lastAt: Date;
}

export interface CommunityStuck {
  id: number;
  name: string;
  deadJobs: DeadJob[];
  deadJobsTotal: number;
  feeds: FailingFeed[];
  rounds: StuckRound[];
  undelivered: Undelivered[];
  /** Active and paused schedules, next first. */
  schedules: ScheduleSummary[];
}

export class StuckError extends GuildError {}

export interface StuckDeps {
  prisma: PrismaClient;
  community: CommunityService;
  jobs: JobStore;
  schedules: Schedules;
  feeds: { removeById(communityId: number, actor: Actor, feedId: number): Promise<boolean> };
  now: () => Date;
}

/**
 * What is stuck in a community, for its organisers: jobs that failed for good, feeds that keep
 * failing, coffee rounds that went wrong, messages Guild could not deliver; and what runs next.
 * Who may act on them is decided here, from the job's or feed's own community.
 */
export class StuckService {
  constructor(private readonly deps: StuckDeps) {}

  /** Each community the person organises (at most `limit`), with what is stuck in it. */
  async forOrganiser(actor: Actor, limit = 3): Promise<CommunityStuck[]> {
    const communities = await this.deps.community.organisedBy(actor.teamId, actor.userId, limit);
    if (communities.length === 0) return [];
    const ids = communities.map((c) => c.id);
    const now = this.deps.now();
    const since = new Date(now.getTime() - STUCK_WINDOW_MS);
    const [dead, feeds, rounds, undelivered, schedules] = await Promise.all([
      this.deadJobs(ids, since, now),
      this.failingFeeds(ids, now),
      this.stuckRounds(ids, since, now),
      this.undelivered(ids, since),
      Promise.all(ids.map((id) => this.upcoming(id))),
    ]);
    return communities.map((c, i) => ({
      id: c.id,
      name: c.name,
      deadJobs: (dead.get(c.id) ?? []).slice(0, DEAD_LISTED),
      deadJobsTotal: dead.get(c.id)?.[0]?.total ?? 0,
      feeds: feeds.filter((f) => f.communityId === c.id).map(({ communityId: _, ...f }) => f),
      rounds: rounds.get(c.id) ?? [],
      undelivered: undelivered.filter((u) => u.communityId === c.id).map(({ communityId: _, ...u }) => u),
      schedules: schedules[i]!,
    }));
  }

  /** "Retry" on a dead job: organisers of the job's own community only. */
  async retry(actor: Actor, jobId: bigint): Promise<ReviveOutcome> {
    const rows = await this.deps.prisma.$queryRawUnsafe<{ communityId: number | null }[]>(JOB_COMMUNITY_SQL, jobId);
    if (rows.length === 0) return 'not-dead';
    const communityId = rows[0]!.communityId;
    if (communityId === null) throw new StuckError('Guild cannot tell which community that job belongs to, so nobody can retry it from the Home.');
    await this.deps.community.requireOrganiser(communityId, actor.userId, 'retry its jobs');
    return this.deps.jobs.revive(jobId, this.deps.now());
  }

  /** "Remove feed" on a failing feed: organisers of the feed's community only; false when it is gone already. */
  async removeFeed(actor: Actor, feedId: number): Promise<boolean> {
    const feed = await this.deps.prisma.ideaFeed.findUnique({ where: { id: feedId }, select: { communityId: true } });
    if (!feed) return false;
    return this.deps.feeds.removeById(feed.communityId, actor, feedId);
  }

  private async deadJobs(ids: number[], since: Date, now: Date): Promise<Map<number, (DeadJob & { total: number })[]>> {
    const rows = await this.deps.prisma.$queryRawUnsafe<{ id: string; kind: string; runAt: Date; finishedAt: Date; lastError: string | null; communityId: number; total: number }[]>(DEAD_JOBS_SQL, since, ids, DEAD_LISTED);
    const byCommunity = new Map<number, (DeadJob & { total: number })[]>();
    for (const row of rows) {
      const list = byCommunity.get(row.communityId) ?? [];
      list.push({ id: BigInt(row.id), kind: row.kind, lastError: row.lastError, failedAt: row.finishedAt, retryable: this.deps.jobs.revivable(row.kind, row.runAt, now), total: row.total });
      byCommunity.set(row.communityId, list);
    }
    return byCommunity;
  }

  private failingFeeds(ids: number[], now: Date) {
    return this.deps.prisma.ideaFeed
      .findMany({
        where: { communityId: { in: ids }, failingSince: { lte: new Date(now.getTime() - FEED_FAILING_MS) }, lastError: { not: null } },
        select: { id: true, communityId: true, url: true, title: true, lastError: true, failingSince: true },
        orderBy: { id: 'asc' },
      })
      .then((rows) => rows.map((r) => ({ ...r, lastError: r.lastError!, failingSince: r.failingSince! })));
  }

  /**
   * Coffee rounds that went wrong: one previewed but never sent (its job gave up or came too
   * late), and the latest round, when too few people could take part in it.
   */
  private async stuckRounds(ids: number[], since: Date, now: Date): Promise<Map<number, StuckRound[]>> {
    const cutoff = new Date(now.getTime() - DRAFT_STUCK_MS).toISOString().slice(0, 10);
    const rows = await this.deps.prisma.$queryRawUnsafe<{ communityId: number; date: string; status: 'draft' | 'too_few' }[]>(STUCK_ROUNDS_SQL, ids, cutoff, since);
    const byCommunity = new Map<number, StuckRound[]>();
    for (const row of rows) byCommunity.set(row.communityId, [...(byCommunity.get(row.communityId) ?? []), { date: row.date, problem: row.status === 'draft' ? 'unsent' : 'too-few' }]);
    return byCommunity;
  }

  private undelivered(ids: number[], since: Date) {
    return this.deps.prisma.$queryRawUnsafe<(Undelivered & { communityId: number })[]>(UNDELIVERED_SQL, since, ids);
  }

  private async upcoming(communityId: number): Promise<ScheduleSummary[]> {
    const all = await this.deps.schedules.list(communityId);
    const next = (s: ScheduleSummary) => (s.status === 'active' && s.nextRunAt ? s.nextRunAt.getTime() : Infinity);
    return all.filter((s) => s.status === 'active' || s.status === 'paused').sort((a, b) => next(a) - next(b));
  }
}

/** A whole-number id in a job's payload, or null (payloads are Guild's, but read defensively). */
const payloadId = (field: string) => `(CASE WHEN j.payload->>'${field}' ~ '^[0-9]{1,9}$' THEN (j.payload->>'${field}')::int END)`;
const kinds = (list: string[]) => list.map((k) => `'${k.replace(/[^a-z.]/g, '')}'`).join(', ');
const RETRO_COMMUNITY = `JOIN "Community" c ON c."teamId" = r."teamId" AND c."channelId" = r."channelId"`;

/**
 * How a job that is not a schedule's occurrence names its community: through the row its
 * payload points at (each ritual's own kinds), else a `communityId` in the payload.
 */
const OWNERS: { kinds: string[]; field: string; community: (id: string) => string }[] = [
  { kinds: [FOLLOW_UP_JOB], field: 'groupId', community: (id) => `SELECT r."communityId" FROM "CoffeeGroup" g JOIN "CoffeeRound" r ON r.id = g."roundId" WHERE g.id = ${id}` },
  { kinds: [ACTION_REMINDER_JOB], field: 'actionId', community: (id) => `SELECT c.id FROM "RetroActionItem" a JOIN "Retro" r ON r.id = a."retroId" ${RETRO_COMMUNITY} WHERE a.id = ${id}` },
  { kinds: [PHASE_DEADLINE_JOB], field: 'retroId', community: (id) => `SELECT c.id FROM "Retro" r ${RETRO_COMMUNITY} WHERE r.id = ${id}` },
  { kinds: [EVENT_REMINDER_JOB, FEEDBACK_JOB], field: 'eventId', community: (id) => `SELECT "communityId" FROM "Event" WHERE id = ${id}` },
  { kinds: [LEADER_JOB], field: 'sessionId', community: (id) => `SELECT "communityId" FROM "BookClubSession" WHERE id = ${id}` },
  { kinds: [MENTORING_CHECKIN_JOB], field: 'matchId', community: (id) => `SELECT "communityId" FROM "MentorMatch" WHERE id = ${id}` },
  { kinds: [POLL_CLOSE_JOB, POLL_REMIND_JOB], field: 'pollId', community: (id) => `SELECT "communityId" FROM "Poll" WHERE id = ${id}` },
  { kinds: [UNCONFERENCE_DEADLINE_JOB, UNCONFERENCE_REMINDER_JOB], field: 'unconferenceId', community: (id) => `SELECT "communityId" FROM "Unconference" WHERE id = ${id}` },
];

/** The community of job `j` (aliased with its schedule `s`), or null when it names none. */
const JOB_COMMUNITY = `COALESCE(s."communityId", ${OWNERS.map((o) => `CASE WHEN j.kind IN (${kinds(o.kinds)}) THEN (${o.community(payloadId(o.field))}) END`).join(', ')}, ${payloadId('communityId')})`;

const JOB_COMMUNITY_SQL = `SELECT ${JOB_COMMUNITY} AS "communityId" FROM "Job" j LEFT JOIN "Schedule" s ON s.id = j."scheduleId" WHERE j.id = $1 AND j.status = 'dead'`;

/** Dead jobs since $1 of the communities $2, the latest $3 of each, with each community's count. */
const DEAD_JOBS_SQL = `
  WITH dead AS (
    SELECT j.id, j.kind, j."runAt", j."finishedAt", j."lastError", ${JOB_COMMUNITY} AS "communityId"
      FROM "Job" j LEFT JOIN "Schedule" s ON s.id = j."scheduleId"
     WHERE j.status = 'dead' AND j."finishedAt" >= $1
  ), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY "communityId" ORDER BY "finishedAt" DESC, id DESC) AS n,
           count(*) OVER (PARTITION BY "communityId")::int AS total
      FROM dead WHERE "communityId" = ANY($2::int[])
  )
  SELECT id::text AS id, kind, "runAt", "finishedAt", "lastError", "communityId", total FROM ranked WHERE n <= $3 ORDER BY "communityId", n`;

/** Drafts of the communities $1 dated before $2 and made since $3, and each community's latest round since $3 when too few took part. */
const STUCK_ROUNDS_SQL = `
  SELECT "communityId", date, status::text AS status FROM "CoffeeRound" WHERE "communityId" = ANY($1::int[]) AND status = 'draft' AND date < $2 AND "createdAt" >= $3
  UNION ALL
  SELECT "communityId", date, status::text FROM (
    SELECT DISTINCT ON ("communityId") "communityId", date, status, "createdAt" FROM "CoffeeRound"
     WHERE "communityId" = ANY($1::int[]) AND status <> 'draft' ORDER BY "communityId", "createdAt" DESC, id DESC
  ) latest WHERE status = 'too_few' AND "createdAt" >= $3
  ORDER BY "communityId", date`;

/**
 * Messages since $1 that failed for good, or whose delivery job gave up, attributed to the
 * communities $2: posted in the community's channel, or a DM to people who are all its members.
 * Grouped by channel (DMs together) and error.
 */
const UNDELIVERED_SQL = `
  SELECT c.id AS "communityId", m."channelId", COALESCE(m.error, 'gave up after retries') AS error,
         count(*)::int AS count, max(COALESCE(m."lastAttemptAt", m."createdAt")) AS "lastAt"
    FROM "OutboundMessage" m
    JOIN "Community" c ON c.id = ANY($2::int[])
   WHERE m.status IN ('failed', 'pending') -- the index on (status, createdAt): never the messages sent,
     AND m."createdAt" >= $1::timestamp - interval '60 days' -- nor old ones (a message is tried within days of being queued)
     AND COALESCE(m."lastAttemptAt", m."createdAt") >= $1
     AND (m.status = 'failed' OR (m.status = 'pending' AND EXISTS (SELECT 1 FROM "Job" j WHERE j.key = 'delivery:' || m.key AND j.status = 'dead')))
     AND (m."channelId" = c."channelId"
          OR (m."channelId" IS NULL AND cardinality(m."userIds") > 0
              AND NOT EXISTS (SELECT 1 FROM unnest(m."userIds") AS u(id) WHERE NOT EXISTS (SELECT 1 FROM "Membership" ms WHERE ms."communityId" = c.id AND ms."personId" = u.id))))
   GROUP BY c.id, m."channelId", COALESCE(m.error, 'gave up after retries')
   ORDER BY c.id, "lastAt" DESC`;
