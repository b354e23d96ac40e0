import type { KnownBlock } from '@slack/types';
import { csvDocument } from '../../csv';
import { clip, clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import type { HealthDashboard, MonthMetrics } from './health.metrics';

const percent = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : '–');
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Participants per month as a row of bars, oldest first: a trend readable in any Slack client. */
export function sparkline(values: number[]): string {
  const bars = '▁▂▃▄▅▆▇█';
  const max = Math.max(...values, 0);
  return values.map((v) => (max === 0 ? bars[0] : bars[Math.min(bars.length - 1, Math.floor((v / max) * (bars.length - 1)))])).join('');
}

function monthLines(now: MonthMetrics, before: MonthMetrics | undefined): string[] {
  const delta = (pick: (m: MonthMetrics) => number) => (before ? ` (${signed(pick(now) - pick(before))} on ${before.month})` : '');
  return [
    `• *Members:* ${now.members}${delta((m) => m.members)}; ${now.joined} joined, ${now.left} left`,
    `• *Took part:* ${now.participants} (${percent(now.participants, now.members)} of members)${delta((m) => m.participants)}: ${now.newParticipants} new, ${now.returningParticipants} returning`,
    `• *Retros:* ${now.retros}${now.retros ? `, ${now.retroParticipantsAverage.toFixed(1)} people each on average` : ''}`,
    `• *Coffee groups:* ${now.coffeeGroupsMet} of ${now.coffeeGroupsAsked} asked met (${percent(now.coffeeGroupsMet, now.coffeeGroupsAsked)}); ${now.coffeeConnections} connections`,
    `• *Mentorships active:* ${now.activeMentorships}`,
    `• *Events:* ${now.eventsHeld} held; ${now.rsvpGoing} said going, ${now.attended} gave feedback (${percent(now.attended, now.rsvpGoing)})`,
    `• *Polls:* ${now.pollsClosed} closed${now.pollsClosed ? `, ${(now.pollVoters / now.pollsClosed).toFixed(1)} voters each (turnout ${percent(now.pollVoters, now.pollsClosed * now.members)})` : ''}`,
  ];
}

/** Which month the figures are of: the current one so far (`/guild health`), or a finished one (the monthly report). */
export type HealthPeriod = 'so far' | 'complete';

/**
 * The figures as `/guild health` shows them: the month against the one before, the trend (and its
 * chart, when Guild has a public address), skills gaps and quiet members. Shared by the command
 * and the monthly report (health.report.views.ts), which add their own closing line.
 */
export function healthSections(communityName: string, dashboard: HealthDashboard, period: HealthPeriod, chartUrl?: string): KnownBlock[] {
  const months = dashboard.months;
  const now = months.at(-1)!;
  const before = months.at(-2);
  const name = mrkdwnText(communityName, 80);
  const heading = period === 'so far' ? `*Health of ${name}, ${now.month} so far*` : `*Health of ${name} in ${now.month}*`;
  const trend = `Took part, ${months[0]!.month} to ${now.month}: ${sparkline(months.map((m) => m.participants))} (${months.map((m) => m.participants).join(', ')})`;
  const gaps = dashboard.skills.filter((s) => s.learners > 0 && s.mentors === 0).map((s) => mrkdwnText(s.topic, 40));
  const skills = dashboard.skills.length ? `*Skills:* ${dashboard.skills.map((s) => `${mrkdwnText(s.topic, 40)} ${s.mentors} mentor${s.mentors === 1 ? '' : 's'} / ${s.learners} learning`).join(' · ')}${gaps.length ? `\nNo mentor yet for: ${gaps.join(', ')}` : ''}` : '*Skills:* no topics yet (`/guild topics add`).';
  const quiet = dashboard.quiet.count ? `*Quiet for ${dashboard.quiet.weeks} weeks* (only organisers see this): ${dashboard.quiet.personIds.map((id) => `<@${id}>`).join(' ')}${dashboard.quiet.count > dashboard.quiet.personIds.length ? ` and ${dashboard.quiet.count - dashboard.quiet.personIds.length} more` : ''}` : `Nobody has been quiet for ${dashboard.quiet.weeks} weeks.`;
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `${heading}\n${monthLines(now, before).join('\n')}` } },
    { type: 'section', text: { type: 'mrkdwn', text: trend } },
    ...(chartUrl ? [chartBlock(communityName, chartUrl)] : []),
    { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(skills, 2900) } },
    { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(quiet, 2900) } },
  ];
}

/** `/guild health`: this month so far against the last, trends, gaps and quiet members. */
export function healthMessage(communityName: string, dashboard: HealthDashboard, chartUrl?: string): { text: string; blocks: KnownBlock[] } {
  const now = dashboard.months.at(-1)!;
  const blocks: KnownBlock[] = [
    ...healthSections(communityName, dashboard, 'so far', chartUrl),
    { type: 'context', elements: [{ type: 'mrkdwn', text: '`/guild health csv` sends these figures as a file. Individuals are named only in the quiet list, and only to organisers.' }] },
  ];
  return { text: `Health of ${mrkdwnText(communityName, 80)}: ${now.participants} of ${now.members} members took part in ${now.month} so far.`, blocks };
}

export const HEALTH_CSV_HEADER = ['month', 'members', 'joined', 'left', 'participants', 'new_participants', 'returning_participants', 'retros', 'retro_participants_average', 'coffee_groups_asked', 'coffee_groups_met', 'coffee_connections', 'active_mentorships', 'events_held', 'rsvp_going', 'attended', 'polls_closed', 'poll_voters'] as const;

/** The monthly figures as CSV (RFC 4180, formula-safe cells), then the skills coverage. */
export function healthCsv(dashboard: HealthDashboard): string {
  const rows: string[][] = [[...HEALTH_CSV_HEADER]];
  for (const m of dashboard.months) {
    rows.push([m.month, m.members, m.joined, m.left, m.participants, m.newParticipants, m.returningParticipants, m.retros, m.retroParticipantsAverage.toFixed(2), m.coffeeGroupsAsked, m.coffeeGroupsMet, m.coffeeConnections, m.activeMentorships, m.eventsHeld, m.rsvpGoing, m.attended, m.pollsClosed, m.pollVoters].map(String));
  }
  rows.push([], ['topic', 'mentors', 'learners'], ...dashboard.skills.map((s) => [s.topic, String(s.mentors), String(s.learners)]));
  return csvDocument(rows);
}

/** The trend chart as an image Slack fetches from Guild (see health.chart-route.ts). */
function chartBlock(name: string, url: string): KnownBlock {
  return { type: 'image', image_url: url, alt_text: `Monthly trends of ${clip(name, 80)}: people who took part, coffee groups that met, event feedback, mentorships` };
}

/** The organiser's App Home: a line and a trend chart per community they organise (nothing for other members). */
export function homeBlocks(communities: { name: string; dashboard: HealthDashboard; chartUrl?: string }[]): KnownBlock[] {
  if (communities.length === 0) return [];
  const line = ({ name, dashboard }: { name: string; dashboard: HealthDashboard }) => {
    const now = dashboard.months.at(-1)!;
    const trend = sparkline(dashboard.months.map((m) => m.participants));
    return `*${mrkdwnText(name, 80)}*: ${now.participants} of ${now.members} took part this month ${trend} · ${now.coffeeGroupsMet}/${now.coffeeGroupsAsked} coffee groups met · ${now.activeMentorships} mentorships · ${dashboard.quiet.count} quiet`;
  };
  const charts = communities.flatMap((c) => (c.chartUrl ? [chartBlock(c.name, c.chartUrl)] : []));
  return [{ type: 'header', text: { type: 'plain_text', text: 'Community health' } }, { type: 'section', text: { type: 'mrkdwn', text: clipMrkdwn(communities.map(line).join('\n'), 2900) } }, ...charts, { type: 'context', elements: [{ type: 'mrkdwn', text: '`/guild health` in a community channel has the details.' }] }];
}
