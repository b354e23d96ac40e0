import type { Core } from '../../core';
import type { Ritual } from '../ritual';
import { HEALTH_HELP_ENTRIES, healthSubcommand } from './health.command';
import { healthChartRoute, HealthCharts } from './health.chart-route';
import { HealthService } from './health.service';
import { pulseParts } from './pulse.parts';
import { reportParts } from './report.parts';
import { homeBlocks } from './health.views';
import { withStuck } from './health.stuck.parts';

export { HealthMetrics } from './health.metrics';

/**
 * Community health: participation across every ritual, month by month in the community's zone,
 * for its organisers (`/guild health`, a CSV, and the App Home), and pulse surveys asking members
 * directly (src/rituals/health/pulse.*); individuals are named only in the quiet list, and only to
 * organisers.
 */
export function healthRitual(core: Core): Ritual {
  const health = new HealthService({ prisma: core.prisma, community: core.community, now: core.now });
  const pulse = pulseParts(core);
  const charts = new HealthCharts(core.secret);
  // Slack fetches the image itself: only when Guild knows its public address is there one to show.
  const chartUrl = (communityId: number, month: string): string | undefined => {
    try {
      return core.links.to(charts.path(communityId, month));
    } catch {
      return undefined;
    }
  };
  const report = reportParts(core, chartUrl);
  return withStuck(core, {
    name: 'health',
    help: { topic: 'health', title: 'Community health', entries: [...HEALTH_HELP_ENTRIES, ...report.help, ...pulse.help] },
    jobs: [...pulse.jobs, ...report.jobs],
    guildCommands: [healthSubcommand({ health, messages: core.messages, chartUrl, report: report.parse }), ...pulse.guildCommands],
    httpRoutes: [healthChartRoute({ charts, health })],
    register: (kit) => pulse.register(kit),
    home: async (actor) => homeBlocks((await health.organised(actor)).map((c) => ({ ...c, chartUrl: chartUrl(c.id, c.dashboard.months.at(-1)!.month) }))),
  });
}
