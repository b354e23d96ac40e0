import type { Actor, ChannelRef, CommunityService } from '../../community/community.service';
import type { PrismaClient } from '../../db/client';
import type { Outbox } from '../../delivery/outbox';
import type { JobStore, NewJob } from '../../scheduler/job-store';
import { canonicalZone } from '../../time/zones';
import { HealthMetrics } from './health.metrics';
import { monthEnd, reportDeliveryKey, reportSendJobKey, sendAt, snoozeHold } from './report.rules';
import { reportMessage } from './report.views';

export const REPORT_SEND_JOB = 'health.report.send';

export interface HealthReportDeps {
  prisma: PrismaClient;
  jobs: Pick<JobStore, 'enqueue'>;
  messages: Outbox;
  community: Pick<CommunityService, 'requireCommunity' | 'requireOrganiser'>;
  /** The signed chart of a community up to a month, when Guild has a public address. */
  chartUrl(communityId: number, month: string): string | undefined;
  now: () => Date;
}

/** What one organiser's report came to: sent, held for a snooze, or why not. */
export type ReportOutcome = { sent: true } | { sent: false; reason: 'no community' | 'not an organiser' | 'turned off' | 'snoozed' } | { sent: false; heldUntil: Date };

export interface ReportSetting {
  communityName: string;
  on: boolean;
}

/** A person's own zone (pinned, else Slack's), else the community's. */
const zoneOf = (person: { timeZone: string | null; slackTimeZone: string | null }, fallback: string) =>
  canonicalZone(person.timeZone ?? '') ?? canonicalZone(person.slackTimeZone ?? '') ?? fallback;

const organiserWhere = { role: 'organiser', leftAt: null, person: { deactivatedAt: null } } as const;

/**
 * The monthly health report: each organiser of each community gets last month's figures by DM on
 * the 1st at 09:00 in their own zone. A month's plan makes one send job per organiser; the send
 * decides at its time (still an organiser? turned off? snoozed?) and queues the DM under a key
 * per community, month and person, so it goes once however often the jobs run.
 */
export class HealthReports {
  private readonly metrics: HealthMetrics;

  constructor(private readonly deps: HealthReportDeps) {
    this.metrics = new HealthMetrics(deps.prisma);
  }

  /** One send job per organiser of every community that existed by the month's end; returns how many were new. */
  async plan(month: string): Promise<number> {
    const communities = await this.deps.prisma.community.findMany({
      select: { id: true, timeZone: true, createdAt: true, memberships: { where: organiserWhere, select: { person: { select: { id: true, timeZone: true, slackTimeZone: true } } } } },
      orderBy: { id: 'asc' },
    });
    const jobs: NewJob[] = communities
      .filter((c) => c.createdAt <= monthEnd(month, c.timeZone))
      .flatMap((c) => c.memberships.map(({ person }) => ({
        key: reportSendJobKey(c.id, month, person.id),
        kind: REPORT_SEND_JOB,
        payload: { communityId: c.id, month, personId: person.id },
        runAt: sendAt(month, zoneOf(person, c.timeZone), c.timeZone),
      })));
    return this.deps.jobs.enqueue(jobs);
  }

  /** One organiser's report of one community and month, if they should still have it now. */
  async send(communityId: number, month: string, personId: string): Promise<ReportOutcome> {
    const { prisma } = this.deps;
    const community = await prisma.community.findUnique({ where: { id: communityId }, select: { name: true, channelId: true, timeZone: true } });
    if (!community) return { sent: false, reason: 'no community' };
    const organiser = await prisma.membership.findFirst({ where: { communityId, personId, ...organiserWhere }, select: { person: { select: { timeZone: true, slackTimeZone: true, snoozedUntil: true } } } });
    if (!organiser) return { sent: false, reason: 'not an organiser' };
    if (await prisma.healthReportOptOut.findUnique({ where: { communityId_personId: { communityId, personId } } })) return { sent: false, reason: 'turned off' };
    const now = this.deps.now();
    const hold = snoozeHold(organiser.person.snoozedUntil, month, zoneOf(organiser.person, community.timeZone), community.timeZone, now);
    if (hold === 'skip') return { sent: false, reason: 'snoozed' };
    if (hold instanceof Date) return { sent: false, heldUntil: hold };
    const end = monthEnd(month, community.timeZone);
    const dashboard = await this.metrics.dashboard(communityId, { now: end < now ? end : now });
    const message = reportMessage({ communityName: community.name, channelId: community.channelId, dashboard, chartUrl: this.deps.chartUrl(communityId, month) });
    await this.deps.messages.send({ key: reportDeliveryKey(communityId, month, personId), to: { users: [personId] }, ...message });
    return { sent: true };
  }

  /** `/guild health report on|off`: the organiser's own choice for the channel's community. */
  async setting(channel: ChannelRef, actor: Actor, on?: boolean): Promise<ReportSetting> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.requireOrganiser(community.id, actor.userId, on === undefined ? 'get the monthly health report' : `turn the monthly health report ${on ? 'on' : 'off'}`);
    const key = { communityId: community.id, personId: actor.userId };
    const optOuts = this.deps.prisma.healthReportOptOut;
    if (on === true) await optOuts.deleteMany({ where: key });
    if (on === false) await optOuts.upsert({ where: { communityId_personId: key }, create: key, update: {} });
    return { communityName: community.name, on: on ?? !(await optOuts.findUnique({ where: { communityId_personId: key } })) };
  }
}
