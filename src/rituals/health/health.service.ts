import type { Actor, ChannelRef, CommunityService } from '../../community/community.service';
import type { PrismaClient } from '../../db/client';
import { HealthMetrics, monthBounds, type HealthDashboard } from './health.metrics';

/**
 * Community health for its organisers: the dashboard of one community (who may see it is decided
 * here), and the communities a person organises, for the App Home.
 */
export class HealthService {
  private readonly metrics: HealthMetrics;

  constructor(private readonly deps: { prisma: PrismaClient; community: CommunityService; now: () => Date }) {
    this.metrics = new HealthMetrics(deps.prisma);
  }

  /** The channel's community's dashboard; organisers only (it names quiet members). */
  async forOrganiser(channel: ChannelRef, actor: Actor): Promise<{ id: number; name: string; dashboard: HealthDashboard }> {
    const community = await this.deps.community.requireCommunity(channel);
    await this.deps.community.requireOrganiser(community.id, actor.userId, "see the community's health");
    return { id: community.id, name: community.name, dashboard: await this.metrics.dashboard(community.id, { now: this.deps.now() }) };
  }

  /**
   * A community's dashboard by id, up to a month (the chart route: its link was signed for
   * organisers; a monthly report's chart ends with the month reported).
   */
  async dashboardOf(communityId: number, month?: string): Promise<{ name: string; dashboard: HealthDashboard } | undefined> {
    const community = await this.deps.prisma.community.findUnique({ where: { id: communityId }, select: { name: true, timeZone: true } });
    if (!community) return undefined;
    const now = month ? monthBounds(month, community.timeZone, this.deps.now()).last : this.deps.now();
    return { name: community.name, dashboard: await this.metrics.dashboard(communityId, { now }) };
  }

  /** Each community the person organises, with its dashboard (at most `limit`). */
  async organised(actor: Actor, limit = 3): Promise<{ id: number; name: string; dashboard: HealthDashboard }[]> {
    const communities = await this.deps.community.organisedBy(actor.teamId, actor.userId, limit);
    return Promise.all(communities.map(async (c) => ({ id: c.id, name: c.name, dashboard: await this.metrics.dashboard(c.id, { now: this.deps.now(), months: 6 }) })));
  }
}
