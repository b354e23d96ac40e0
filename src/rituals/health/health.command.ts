import type { Delivery } from '../../delivery/delivery';
import type { CommandContext, CommandReply, Parsed } from '../../slack/kit/command';
import { clip } from '../../slack/kit/text';
import type { HelpEntry, RitualCommandRun, RitualSubcommand } from '../ritual';
import type { HealthService } from './health.service';
import { healthCsv, healthMessage } from './health.views';

export const HEALTH_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild health', example: '/guild health', what: "Organisers: the community's health this month against the last, the trend, skills gaps and quiet members." },
  { usage: '/guild health csv', example: '/guild health csv', what: 'Organisers: the monthly figures as a CSV file, by DM.' },
];

/** `/guild health [csv | report …]`: parsed here, run after the ack; all for organisers only. */
export function healthSubcommand(deps: { health: HealthService; messages: Delivery; chartUrl(communityId: number, month: string): string | undefined; report(rest: string[]): Parsed<RitualCommandRun> }): RitualSubcommand {
  const show: RitualCommandRun = async ({ channel, actor }: CommandContext): Promise<CommandReply> => {
    const { id, name, dashboard } = await deps.health.forOrganiser(channel, actor);
    return healthMessage(name, dashboard, deps.chartUrl(id, dashboard.months.at(-1)!.month));
  };
  const csv: RitualCommandRun = async ({ channel, actor }: CommandContext): Promise<CommandReply> => {
    const { name, dashboard } = await deps.health.forOrganiser(channel, actor);
    const month = dashboard.months.at(-1)!.month;
    await deps.messages.uploadToUser(actor.userId, { filename: `health-${month}.csv`, title: `Health of ${name}`, content: healthCsv(dashboard), comment: `The health figures of ${name}, month by month.` });
    return { text: 'Sent: the figures are in your DM with Guild as a CSV file.' };
  };
  return {
    words: ['health'],
    parse(rest): Parsed<RitualCommandRun> {
      if (rest.length === 0) return { ok: true, command: show };
      if (rest.length === 1 && rest[0]!.toLowerCase() === 'csv') return { ok: true, command: csv };
      if (rest[0]!.toLowerCase() === 'report') return deps.report(rest.slice(1));
      return { ok: false, problem: `I don't know \`/guild health ${clip(rest.join(' '), 30)}\`. Use \`/guild health\`, \`/guild health csv\` for a file, or \`/guild health report on|off\`.` };
    },
  };
}
