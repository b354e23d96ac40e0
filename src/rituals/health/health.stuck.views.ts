import type { Button, KnownBlock } from '@slack/types';
import { z } from 'zod';
import { formatLocal } from '../../community/community.views';
import type { ReviveOutcome } from '../../scheduler/job-store';
import { idField, valueCodec } from '../../slack/kit/codec';
import { clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import type { CommunityStuck, DeadJob, FailingFeed, StuckRound, Undelivered } from './health.stuck';

export const STUCK_RETRY_ACTION = 'health_stuck_retry';
export const STUCK_REMOVE_FEED_ACTION = 'health_stuck_feed_remove';
/** Block ids of the section start with this: how a click on the Home finds it again. */
export const STUCK_HOME_BLOCK = 'health_stuck';

/** A job's id as Guild writes it: a positive bigint. */
const bigIdField = z.string().regex(/^[1-9]\d{0,18}$/).transform(BigInt);
/** "Retry": the dead job. */
export const jobValue = valueCodec({ jobId: bigIdField }, ['jobId']);
/** "Remove feed": the feed. */
export const feedValue = valueCodec({ feedId: idField }, ['feedId']);

/** Lines shown per community; the rest are counted. */
export const STUCK_LINES_SHOWN = 5;
const SCHEDULES_SHOWN = 6;

/** What each kind of job does, as an organiser reads it. */
const JOB_LABELS: Record<string, string> = {
  'coffee.round': 'Coffee round',
  'coffee.followup': 'Coffee follow-up',
  'mentoring.round': 'Mentoring round',
  'mentoring.checkin': 'Mentoring check-in',
  'retro.start': 'Scheduled retro',
  'retro.next.reminder': 'Retro notice',
  'retro.phase.deadline': 'Retro phase deadline',
  'retro.action.reminder': 'Action item reminder',
  'events.reminder': 'Event reminder',
  'events.feedback': 'Event feedback request',
  'bookclub.leader': 'Book club leader notice',
  'polls.open': 'Scheduled poll',
  'polls.close': 'Poll closing',
  'polls.remind': 'Poll reminder',
  'unconference.deadline': 'Unconference deadline',
  'unconference.reminder': 'Unconference reminder',
  'health.pulse': 'Pulse survey',
  'ideas.read': 'Reading the outside feeds',
  'ideas.digest': 'Outside ideas digest',
};

const when = (at: Date) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
const reason = (text: string | null) => (text ? `: ${mrkdwnText(text, 160)}` : '');

type Line = { text: string; button?: Button };

function deadJobLine(job: DeadJob): Line {
  const label = JOB_LABELS[job.kind] ?? mrkdwnText(job.kind, 60);
  const text = `:x: *${label}* failed for good ${when(job.failedAt)}${reason(job.lastError)}${job.retryable ? '' : '\n_Too late to retry: the next one will run as planned._'}`;
  if (!job.retryable) return { text };
  return { text, button: { type: 'button', action_id: STUCK_RETRY_ACTION, text: { type: 'plain_text', text: 'Retry' }, value: jobValue.encode({ jobId: job.id }) } };
}

function feedLine(feed: FailingFeed): Line {
  const name = feed.title ? `${mrkdwnText(feed.title, 80)} (${mrkdwnText(feed.url, 200)})` : mrkdwnText(feed.url, 200);
  return {
    text: `:warning: Feed *${name}* has failed since ${when(feed.failingSince)}${reason(feed.lastError)}`,
    button: {
      type: 'button',
      action_id: STUCK_REMOVE_FEED_ACTION,
      style: 'danger',
      text: { type: 'plain_text', text: 'Remove feed' },
      value: feedValue.encode({ feedId: feed.id }),
      confirm: { title: { type: 'plain_text', text: 'Remove this feed?' }, text: { type: 'plain_text', text: 'Guild stops reading it, and its posts go with it. You can add it again with `/guild ideas add`.' }, confirm: { type: 'plain_text', text: 'Remove' }, deny: { type: 'plain_text', text: 'Keep' } },
    },
  };
}

function roundLine(round: StuckRound): Line {
  return round.problem === 'unsent'
    ? { text: `:hourglass: The coffee round of ${round.date} was previewed but never sent. The next round forms as usual.` }
    : { text: `:hourglass: In the coffee round of ${round.date} too few people could take part: check who has opted in (\`/guild coffee\`).` };
}

function undeliveredLine(u: Undelivered): Line {
  const where = u.channelId ? `in <#${u.channelId}>` : `by DM`;
  const what = `${u.count} message${u.count === 1 ? '' : 's'} ${where}`;
  return { text: `:mailbox_closed: ${what} could not be delivered (${mrkdwnText(u.error, 80)}), the last ${when(u.lastAt)}` };
}

/** Everything stuck in one community, as lines, worst first: failed jobs, feeds, rounds, messages. */
export function stuckLines(community: CommunityStuck): { lines: Line[]; more: number } {
  const lines = [...community.deadJobs.map(deadJobLine), ...community.feeds.map(feedLine), ...community.rounds.map(roundLine), ...community.undelivered.map(undeliveredLine)];
  const hidden = community.deadJobsTotal - community.deadJobs.length;
  return { lines: lines.slice(0, STUCK_LINES_SHOWN), more: hidden + Math.max(0, lines.length - STUCK_LINES_SHOWN) };
}

function schedulesText(community: CommunityStuck): string {
  if (community.schedules.length === 0) return '*Schedules:* none yet.';
  const line = (s: CommunityStuck['schedules'][number]) => `• ${mrkdwnText(s.name, 80)}: ${s.status === 'active' && s.nextRunAt ? `next ${formatLocal(s.nextRunAt, s.timeZone)}` : s.status}`;
  const shown = community.schedules.slice(0, SCHEDULES_SHOWN).map(line);
  const more = community.schedules.length - shown.length;
  return `*Schedules:*\n${shown.join('\n')}${more > 0 ? `\n…and ${more} more: \`/guild schedules\` in the community's channel.` : ''}`;
}

function communityBlocks(community: CommunityStuck): KnownBlock[] {
  const id = (part: string) => `${STUCK_HOME_BLOCK}.${community.id}.${part}`;
  const { lines, more } = stuckLines(community);
  const title = `*Anything stuck in ${mrkdwnText(community.name, 80)}*${lines.length === 0 ? '\n:white_check_mark: Nothing stuck.' : ''}`;
  const blocks: KnownBlock[] = [{ type: 'section', block_id: id('title'), text: { type: 'mrkdwn', text: title } }];
  lines.forEach((line, i) => {
    const section: KnownBlock = { type: 'section', block_id: id(`line.${i}`), text: { type: 'mrkdwn', text: clipMrkdwn(line.text, 2900) } };
    blocks.push(line.button ? { ...section, accessory: line.button } : section);
  });
  if (more > 0) blocks.push({ type: 'context', block_id: id('more'), elements: [{ type: 'mrkdwn', text: `…and ${more} more.` }] });
  blocks.push({ type: 'section', block_id: id('schedules'), text: { type: 'mrkdwn', text: clipMrkdwn(schedulesText(community), 2900) } });
  return blocks;
}

/** The organiser's "Anything stuck" and "Schedules", per community they organise (nothing for other members). */
export function stuckBlocks(communities: CommunityStuck[]): KnownBlock[] {
  if (communities.length === 0) return [];
  return [{ type: 'divider', block_id: `${STUCK_HOME_BLOCK}.divider` }, ...communities.flatMap(communityBlocks)];
}

/** What an organiser hears after "Retry" when the job did not go back. */
export function retryOutcomeText(outcome: ReviveOutcome): string | undefined {
  if (outcome === 'too-late') return 'That job is too late to be useful now, so it was not retried: the next one will run as planned.';
  if (outcome === 'not-dead') return 'That job is not stuck any more: it was retried already, or it is gone.';
  return undefined;
}
