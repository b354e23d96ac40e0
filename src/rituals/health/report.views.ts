import type { KnownBlock } from '@slack/types';
import { mrkdwnText } from '../../slack/kit/text';
import type { HealthDashboard } from './health.metrics';
import { healthSections } from './health.views';
import { isQuietMonth } from './report.rules';

export interface ReportInput {
  communityName: string;
  /** The community's channel, linked in the hint (where `/guild health` is run). */
  channelId: string;
  /** Ends with the month reported. */
  dashboard: HealthDashboard;
  chartUrl?: string;
}

const hint = (channelId: string) =>
  `In <#${channelId}>: \`/guild health\` shows this month so far, \`/guild health csv\` sends these figures as a file, and \`/guild health report off\` stops this monthly report for you.`;

/**
 * The monthly report DM to an organiser: last month's figures as `/guild health` shows them, with
 * the trend chart; a month in which nothing happened gets a short note instead, so silence never
 * leaves an organiser wondering whether Guild stopped.
 */
export function reportMessage(input: ReportInput): { text: string; blocks: KnownBlock[] } {
  const month = input.dashboard.months.at(-1)!;
  const name = mrkdwnText(input.communityName, 80);
  const context: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: hint(input.channelId) }] };
  if (isQuietMonth(month)) {
    const mentorships = month.activeMentorships ? `; ${month.activeMentorships} mentorship${month.activeMentorships === 1 ? '' : 's'} went on` : '';
    const text = `*${name}* had a quiet month in ${month.month}: no retro, coffee round, event or poll, and nobody joined, left or took part. ${month.members} member${month.members === 1 ? '' : 's'}${mentorships}.`;
    return { text: `Monthly report: ${name} had a quiet month in ${month.month}.`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, context] };
  }
  return {
    text: `Monthly report: ${month.participants} of ${month.members} members of ${name} took part in ${month.month}.`,
    blocks: [...healthSections(input.communityName, input.dashboard, 'complete', input.chartUrl), context],
  };
}
