import { z } from 'zod';
import type { CommandReply, Parsed } from '../../slack/kit/command';
import { clip, mrkdwnText } from '../../slack/kit/text';
import type { HelpEntry, RitualCommandRun } from '../ritual';
import type { HealthReports, ReportSetting } from './report.service';

export const REPORT_HELP_ENTRIES: HelpEntry[] = [
  { usage: '/guild health report [on|off]', example: '/guild health report off', what: "Organisers: the monthly report of the community's health, by DM on the 1st at 09:00 your time; turn it off or on for yourself." },
];

const choice = z.enum(['on', 'off']);

function settingText({ communityName, on }: ReportSetting, changed: boolean): string {
  const name = mrkdwnText(communityName, 80);
  if (!changed) return on ? `You get the monthly health report of *${name}* by DM on the 1st at 09:00 your time. \`/guild health report off\` stops it.` : `The monthly health report of *${name}* is off for you. \`/guild health report on\` starts it again.`;
  return on ? `The monthly health report of *${name}* is on: it comes by DM on the 1st at 09:00 your time.` : `The monthly health report of *${name}* is off for you. The other organisers still get theirs; \`/guild health report on\` starts yours again.`;
}

/** `/guild health report [on|off]` (the words after `report`): organisers only, each for themselves. */
export function parseReportCommand(reports: HealthReports, rest: string[]): Parsed<RitualCommandRun> {
  if (rest.length === 0) return { ok: true, command: async ({ channel, actor }): Promise<CommandReply> => ({ text: settingText(await reports.setting(channel, actor), false) }) };
  const picked = choice.safeParse(rest.length === 1 ? rest[0]!.toLowerCase() : undefined);
  if (!picked.success) return { ok: false, problem: `\`/guild health report\` takes \`on\` or \`off\`, not "${clip(rest.join(' '), 30)}".` };
  const on = picked.data === 'on';
  return { ok: true, command: async ({ channel, actor }): Promise<CommandReply> => ({ text: settingText(await reports.setting(channel, actor, on), true) }) };
}
