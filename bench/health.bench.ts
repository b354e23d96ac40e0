import pino from 'pino';
import type { PrismaClient } from '../src/db/client';
import { HealthMetrics } from '../src/rituals/health/health.metrics';
import { CommunityService } from '../src/community/community.service';
import { FOLLOW_UP_JOB } from '../src/rituals/coffee/coffee.rounds';
import { StuckService } from '../src/rituals/health/health.stuck';
import { stuckBlocks } from '../src/rituals/health/health.stuck.views';
import { healthMessage, homeBlocks } from '../src/rituals/health/health.views';
import { JobStore } from '../src/scheduler/job-store';
import { Schedules } from '../src/scheduler/schedules';
import { startBenchDatabase } from './support/bench-database';
import { figure, type Benchmark } from './support/benchmark';
import { summarise } from './support/percentiles';
import { scratchDir } from './support/scratch-dir';
import { positiveSetting } from './support/settings';

const NOW = new Date('2026-12-15T12:00:00Z');
const YEAR_AGO = "timestamp '2025-12-15 12:00:00'";

/**
 * A year of history for one community, seeded in SQL: members joining over two years, a weekly
 * coffee round of groups of two, monthly retros, mentorships, events with RSVPs and feedback,
 * topics with skills.
 */
async function seed(prisma: PrismaClient, members: number): Promise<number> {
  const community = await prisma.community.create({ data: { teamId: 'T1', channelId: 'C1', name: 'Bench', timeZone: 'Europe/London', createdBy: 'U0000001' } });
  const id = community.id;
  const exec = (sql: string) => prisma.$executeRawUnsafe(sql);
  await exec(`INSERT INTO "Person" (id, "teamId", "updatedAt") SELECT 'U' || lpad(i::text, 7, '0'), 'T1', now() FROM generate_series(1, ${members}) i`);
  await exec(`INSERT INTO "Membership" ("communityId", "personId", role, "joinedAt", "leftAt")
    SELECT ${id}, 'U' || lpad(i::text, 7, '0'), (CASE WHEN i = 1 THEN 'organiser' ELSE 'member' END)::"Role",
           ${YEAR_AGO} - interval '1 year' + (i * interval '2 years' / ${members}),
           CASE WHEN i % 20 = 0 THEN ${YEAR_AGO} + (i % 300) * interval '1 day' END
      FROM generate_series(1, ${members}) i`);
  // Weekly coffee rounds over the year: a fifth of the members in groups of two; 60% meet.
  await exec(`INSERT INTO "CoffeeRound" ("communityId", "occurrenceKey", date, status, "createdAt")
    SELECT ${id}, 'w' || w, to_char(${YEAR_AGO} + w * interval '1 week', 'YYYY-MM-DD'), 'sent', ${YEAR_AGO} + w * interval '1 week' FROM generate_series(0, 51) w`);
  const pairs = Math.floor(members / 10);
  await exec(`INSERT INTO "CoffeeGroup" ("roundId", "organiserId", "overlapMinutes", "followUpSentAt")
    SELECT r.id, 'U' || lpad((g * 2 + 1)::text, 7, '0'), 60, r."createdAt" + interval '3 days' FROM "CoffeeRound" r, generate_series(0, ${pairs - 1}) g`);
  await exec(`INSERT INTO "CoffeeGroupMember" ("groupId", "personId", answer, "answeredAt")
    SELECT g.id, 'U' || lpad((((g.id * 7 + k) % ${members}) + 1)::text, 7, '0'),
           CASE WHEN g.id % 5 < 3 THEN 'met'::"CoffeeAnswer" END, CASE WHEN g.id % 5 < 3 THEN g."followUpSentAt" + interval '1 hour' END
      FROM "CoffeeGroup" g, generate_series(0, 1) k ON CONFLICT DO NOTHING`);
  // Two retros a month with 40 participants, 20 items and votes each.
  await exec(`INSERT INTO "Retro" ("teamId", "channelId", title, format, "facilitatorId", "createdBy", "createdAt")
    SELECT 'T1', 'C1', 'r' || i, '{}', 'U0000001', 'U0000001', ${YEAR_AGO} + i * interval '15 days' FROM generate_series(0, 23) i`);
  await exec(`INSERT INTO "RetroParticipant" ("retroId", "voterKey", "votesCast") SELECT r.id, 'U' || lpad(((r.id * 41 + k) % ${members} + 1)::text, 7, '0'), 1 FROM "Retro" r, generate_series(1, 40) k ON CONFLICT DO NOTHING`);
  await exec(`INSERT INTO "RetroItem" ("retroId", "column", text, "authorId", "createdAt") SELECT r.id, 'happy', 'item', 'U' || lpad(((r.id * 41 + k) % ${members} + 1)::text, 7, '0'), r."createdAt" FROM "Retro" r, generate_series(1, 20) k`);
  await exec(`INSERT INTO "RetroVote" ("retroId", "voterKey", "itemId", count) SELECT p."retroId", p."voterKey", (SELECT min(id) FROM "RetroItem" i WHERE i."retroId" = p."retroId"), 1 FROM "RetroParticipant" p`);
  // Mentorships started across the year; a third ended.
  await exec(`INSERT INTO "MentorMatch" ("communityId", "mentorId", "menteeId", topics, score, reasons, status, week, "acceptedAt", "endedAt")
    SELECT ${id}, 'U' || lpad((i * 2)::text, 7, '0'), 'U' || lpad((i * 2 + 1)::text, 7, '0'), '{}', 1, '[]', 'accepted', 'w', ${YEAR_AGO} + (i % 360) * interval '1 day',
           CASE WHEN i % 3 = 0 THEN ${YEAR_AGO} + (i % 360 + 60) * interval '1 day' END
      FROM generate_series(1, ${Math.floor(members / 20)}) i`);
  // Two events a week with 50 RSVPs each and feedback from 20.
  await exec(`INSERT INTO "Event" ("communityId", kind, title, "startsAt", "durationMinutes", "timeZone", uid, "createdBy", "updatedAt")
    SELECT ${id}, 'talk', 'e' || i, ${YEAR_AGO} + i * interval '3.5 days', 60, 'Europe/London', 'e' || i || '@bench', 'U0000001', now() FROM generate_series(0, 103) i`);
  await exec(`INSERT INTO "EventRsvp" ("eventId", "personId", status, "answeredAt") SELECT e.id, 'U' || lpad(((e.id * 53 + k) % ${members} + 1)::text, 7, '0'), 'going', e."startsAt" - interval '1 day' FROM "Event" e, generate_series(1, 50) k ON CONFLICT DO NOTHING`);
  await exec(`INSERT INTO "EventFeedback" ("eventId", "personId", score, "createdAt") SELECT r."eventId", r."personId", 4, now() FROM "EventRsvp" r WHERE hashtext(r."personId") % 5 < 2 ON CONFLICT DO NOTHING`);
  await exec(`INSERT INTO "Topic" ("communityId", name, key) SELECT ${id}, 'topic ' || i, 'topic ' || i FROM generate_series(1, 40) i`);
  await exec(`INSERT INTO "TopicSkill" ("personId", "topicId", level, "canMentor", "wantsToLearn")
    SELECT 'U' || lpad(((t.id * 97 + k) % ${members} + 1)::text, 7, '0'), t.id, k % 5 + 1, k % 4 = 0, k % 3 = 0 FROM "Topic" t, generate_series(1, 500) k ON CONFLICT DO NOTHING`);
  // A year of messages Guild sent: each coffee group's intro and follow-up, each RSVP's reminders,
  // the retros' boards; a few that Slack refused for good, a few still pending behind a dead job.
  await exec(`INSERT INTO "OutboundMessage" (key, "userIds", text, status, ts, "createdAt", "sentAt")
    SELECT 'm' || i, ARRAY['U' || lpad((i % ${members} + 1)::text, 7, '0')], 'hello', 'sent', i || '.000100',
           ${YEAR_AGO} + (i % 365) * interval '1 day', ${YEAR_AGO} + (i % 365) * interval '1 day'
      FROM generate_series(1, ${members * 30}) i`);
  await exec(`INSERT INTO "OutboundMessage" (key, "channelId", text, status, error, "createdAt", "lastAttemptAt")
    SELECT 'f' || i, CASE WHEN i % 2 = 0 THEN 'C1' END, 'hello', 'failed', 'channel_not_found', timestamp '2026-12-10 12:00:00', timestamp '2026-12-10 12:00:00' FROM generate_series(1, 40) i`);
  await exec(`INSERT INTO "Job" (key, kind, payload, status, "runAt", "finishedAt", attempts, "lastError")
    SELECT 'dead-' || i, '${FOLLOW_UP_JOB}', json_build_object('groupId', (SELECT min(id) FROM "CoffeeGroup") + i), 'dead', timestamp '2026-12-09 09:00:00', timestamp '2026-12-09 09:30:00', 5, 'Slack said ratelimited'
      FROM generate_series(1, 30) i`);
  await exec('ANALYZE');
  return id;
}

async function timed<T>(runs: number, work: () => Promise<T>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return ms;
}

/** The organiser's "Anything stuck" and "Schedules", over the real stores (nothing here sends). */
function stuckService(prisma: PrismaClient): StuckService {
  const logger = pino({ level: 'silent' });
  const jobs = new JobStore(prisma);
  const unused = () => Promise.reject(new Error('the bench sends nothing'));
  const community = new CommunityService({ prisma, directory: { userName: unused } as never, outbox: { send: unused } as never, logger });
  const feeds = { removeById: () => Promise.resolve(false) };
  return new StuckService({ prisma, community, jobs, schedules: new Schedules({ prisma, jobs, clock: { now: () => NOW }, logger }), feeds, now: () => NOW });
}

/**
 * The organisers' dashboard of a community of 10,000 members with a year of history: computing it
 * (`dashboard_ms`, 12 months) and the health section of the organiser's App Home (`home_ms`: its
 * 6-month dashboard, rendered; `home_stuck_ms`: what is stuck and what runs next, over a year of
 * 300,000 messages sent), as medians, with the ratio to counting the community's members
 * (the simplest query over the same data) in the same process.
 */
const health: Benchmark = {
  description: 'community health dashboard and Home section for 10,000 members with a year of history',
  async run(context) {
    const members = positiveSetting(process.env, 'BENCH_HEALTH_MEMBERS', 10_000);
    const runs = positiveSetting(process.env, 'BENCH_HEALTH_RUNS', 7);
    const db = await startBenchDatabase(scratchDir(context.cleanup), context.cleanup);
    context.progress(`seeding ${members} members and a year of history`);
    const communityId = await seed(db.prisma, members);
    const metrics = new HealthMetrics(db.prisma);
    await metrics.dashboard(communityId, { now: NOW }); // warm: plans and caches
    const baseline = summarise(await timed(runs, () => db.prisma.membership.count({ where: { communityId, leftAt: null } })));
    const dashboard = summarise(await timed(runs, async () => healthMessage('Bench', await metrics.dashboard(communityId, { now: NOW }))));
    const home = summarise(await timed(runs, async () => JSON.stringify(homeBlocks([{ name: 'Bench', dashboard: await metrics.dashboard(communityId, { now: NOW, months: 6 }) }]))));
    const stuck = stuckService(db.prisma);
    const organiser = { teamId: 'T1', userId: 'U0000001' };
    const shown = await stuck.forOrganiser(organiser);
    context.progress(`stuck: ${shown[0]?.deadJobsTotal ?? 0} dead jobs, ${shown[0]?.undelivered.reduce((n, u) => n + u.count, 0) ?? 0} undelivered messages`);
    const stuckSection = summarise(await timed(runs, async () => JSON.stringify(stuckBlocks(await stuck.forOrganiser(organiser)))));
    const sample = await metrics.dashboard(communityId, { now: NOW });
    context.progress(`last month: ${JSON.stringify(sample.months.at(-2))}`);
    return [
      figure('dashboard_ms', dashboard.p50),
      figure('dashboard_p99_ms', dashboard.p99),
      figure('home_ms', home.p50),
      figure('home_stuck_ms', stuckSection.p50),
      figure('baseline_count_ms', baseline.p50),
      figure('dashboard_ratio', dashboard.p50 / baseline.p50),
      figure('participants_last_month', sample.months.at(-2)!.participants, 0),
    ];
  },
};

export default health;
