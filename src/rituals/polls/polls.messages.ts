import type { ActionsBlock, Button, KnownBlock, Overflow } from '@slack/types';
import { DateTime } from 'luxon';
import { clip, clipMrkdwn, mrkdwnText } from '../../slack/kit/text';
import { dotsValue, POLL_ADD_OPTION_ACTION, POLL_CLOSE_ACTION, POLL_DOTS_ACTION, POLL_VOTE_ACTION, pollValue, voteValue } from './polls.ids';
import { bar, breakdown, percent, ranking, scores, scoreText, type OptionScore } from './polls.results';
import { KIND_NAMES, OPTION_MAX } from './polls.rules';
import type { PollState, PollView } from './polls.types';

/** The poll message, its results message and its reminder, as Block Kit. Pure. */

const SECTION_MAX = 3000;

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text: clipMrkdwn(text, SECTION_MAX) });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A time in the poll's zone, for notifications and for readers whose app cannot format dates. */
export function localTime(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("ccc d LLL yyyy, HH:mm '('z')'");
}

/** A time as Slack shows it, in each reader's own zone. */
export function readerTime(at: Date, timeZone: string): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} at {time}|${localTime(at, timeZone)}>`;
}

function rulesLine(poll: PollView): string {
  const limit = poll.kind === 'multiple' ? ` (up to ${poll.maxChoices})` : poll.kind === 'ranked' ? ` (rank up to ${poll.maxChoices})` : poll.kind === 'dots' ? ` (${plural(poll.maxChoices, 'dot')} each)` : '';
  const parts = [`${KIND_NAMES[poll.kind]}${limit}`, poll.anonymous ? 'anonymous' : 'named'];
  if (poll.hideResults) parts.push('results when it closes');
  if (poll.membersAddOptions && poll.status === 'open') parts.push('anyone may add options');
  if (poll.status === 'open' && poll.closesAt) parts.push(`closes ${readerTime(poll.closesAt, poll.timeZone)}`);
  if (poll.status === 'closed') parts.push(poll.closedAt ? `closed ${readerTime(poll.closedAt, poll.timeZone)}${poll.closedBy ? ` by <@${poll.closedBy}>` : ''}` : 'closed');
  return `${parts.join(' · ')} · poll #${poll.id} by <@${poll.createdBy}>`;
}

const HOW_TO: Record<PollView['kind'], string> = {
  single: 'Click an option to vote; click another to change your vote, the same again to take it back.',
  multiple: 'Click the options you choose; click one again to take it back.',
  ranked: 'Click the options in order of preference: your first click is your first choice. Click one again to take it out.',
  dots: 'Spread your dots: each *+1 dot* adds one, several on one option if you like; *Take a dot back* moves it.',
};

/** The first voters of an option by name, then how many more. */
function namesLine(ids: readonly string[], votes: number): string {
  const shown = ids.map((id) => `<@${id}>`).join(' ');
  return votes > ids.length ? `${shown} and ${votes - ids.length} more` : shown;
}

function optionText(state: PollState, score: OptionScore, showCounts: boolean): string {
  const title = `*${mrkdwnText(score.text, OPTION_MAX * 5)}*`;
  if (!showCounts) return title;
  const line = `\`${bar(score.share)}\` ${scoreText(state.poll.kind, score.score)} · ${percent(score.share)}`;
  const names = state.poll.anonymous ? [] : (state.counts.namesByOption.get(score.optionId) ?? []);
  const votes = state.counts.cells.filter((c) => c.optionId === score.optionId).reduce((sum, c) => sum + c.votes, 0);
  return `${title}\n${line}${names.length ? `\n${namesLine(names, votes)}` : ''}`;
}

function voteAccessory(poll: PollView, optionId: number): Button | Overflow {
  if (poll.kind === 'dots') {
    const option = (direction: 'add' | 'remove', text: string) => ({ text: plain(text), value: dotsValue.encode({ direction, pollId: poll.id, optionId }) });
    return { type: 'overflow', action_id: POLL_DOTS_ACTION, options: [option('add', '+1 dot'), option('remove', 'Take a dot back')] };
  }
  return { type: 'button', action_id: POLL_VOTE_ACTION, text: plain(poll.kind === 'ranked' ? 'Rank' : 'Vote'), value: voteValue.encode({ pollId: poll.id, optionId }) };
}

function footer(poll: PollView): ActionsBlock | undefined {
  if (poll.status !== 'open') return undefined;
  const value = pollValue.encode({ pollId: poll.id });
  const elements: Button[] = [];
  if (poll.membersAddOptions) elements.push({ type: 'button', action_id: POLL_ADD_OPTION_ACTION, text: plain('Add an option'), value });
  elements.push({
    type: 'button',
    action_id: POLL_CLOSE_ACTION,
    text: plain('Close the poll'),
    value,
    confirm: { title: plain('Close this poll?'), text: plain('Votes stop and the results are posted. Only its creator or an organiser can close it.'), confirm: plain('Close it'), deny: plain('Keep it open') },
  });
  return { type: 'actions', block_id: `poll_footer_${poll.id}`, elements };
}

/** The one poll message: the question, an option per section with its bar and button, who voted. */
export function pollMessage(state: PollState): { text: string; blocks: KnownBlock[] } {
  const { poll, counts } = state;
  const open = poll.status === 'open';
  const showCounts = !open || !poll.hideResults;
  const list = scores(poll.kind, poll.options, counts.cells, counts.voters);
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: `poll_question_${poll.id}`, text: mrkdwn(`:bar_chart: *${mrkdwnText(poll.question, 1000)}*`) },
    { type: 'context', elements: [mrkdwn(rulesLine(poll))] },
    ...list.map((score): KnownBlock => ({
      type: 'section',
      block_id: `poll_option_${score.optionId}`,
      text: mrkdwn(optionText(state, score, showCounts)),
      ...(open ? { accessory: voteAccessory(poll, score.optionId) } : {}),
    })),
  ];
  const tally = `${plural(counts.voters, 'person')} voted`.replace('persons', 'people');
  blocks.push({ type: 'context', elements: [mrkdwn(open ? `${tally}. ${HOW_TO[poll.kind]}${poll.hideResults ? ' The counts show when it closes.' : ''}` : `${tally}. This poll is closed.`)] });
  const actions = footer(poll);
  if (actions) blocks.push(actions);
  return { text: `Poll: ${clip(poll.question, 200)}`, blocks };
}

function resultLines(state: PollState): string {
  const { poll, counts } = state;
  return ranking(scores(poll.kind, poll.options, counts.cells, counts.voters))
    .map((s, i) => `${i + 1}. *${mrkdwnText(s.text, OPTION_MAX * 5)}*  \`${bar(s.share)}\` ${scoreText(poll.kind, s.score)} · ${percent(s.share)}`)
    .join('\n');
}

/** The breakdown by experience level: each row's voters and its top options; nothing when there are no rows. */
export function breakdownText(state: PollState): string | undefined {
  const { poll, counts } = state;
  const rows = breakdown(poll.kind, poll.options, counts.cells, counts.votersByLevel, poll.anonymous);
  if (counts.voters === 0) return undefined;
  const source = state.topicName ? `their level in *${mrkdwnText(state.topicName, 80)}*` : 'each voter\'s highest level in the community\'s topics';
  if (rows.length === 0) return `_By experience level: fewer than 5 voters in all, so an anonymous poll shows no breakdown._`;
  const lines = rows.map((row) => {
    const top = ranking(row.scores).filter((s) => s.score > 0).slice(0, 5).map((s) => `${mrkdwnText(s.text, 60)} ${s.score}`);
    return `• *${row.label}* (${plural(row.voters, 'voter')}): ${top.join(' · ') || 'no votes'}`;
  });
  const rule = poll.anonymous ? ' Anonymous poll: levels with fewer than 5 voters are merged with the next.' : '';
  return `*By experience level* (${source}):${rule}\n${lines.join('\n')}`;
}

/** Posted when the poll closes: the options ranked with their bars, then the breakdown. */
export function resultsMessage(state: PollState): { text: string; blocks: KnownBlock[] } {
  const { poll, counts } = state;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`:checkered_flag: *Results: ${mrkdwnText(poll.question, 1000)}*\n${plural(counts.voters, 'person').replace('persons', 'people')} voted · ${KIND_NAMES[poll.kind]}${poll.kind === 'ranked' ? ` (Borda count: a first choice earns ${poll.maxChoices} points, each rank below one less)` : ''}`) },
    { type: 'section', text: mrkdwn(counts.voters === 0 ? 'Nobody voted.' : resultLines(state)) },
  ];
  const levels = breakdownText(state);
  if (levels) blocks.push({ type: 'section', text: mrkdwn(levels) });
  return { text: `Results: ${clip(poll.question, 200)}`, blocks };
}

/** The reminder DM to a member who has not voted. */
export function reminderMessage(poll: PollView): { text: string } {
  const closes = poll.closesAt ? ` It closes ${readerTime(poll.closesAt, poll.timeZone)}.` : '';
  return { text: `You have not voted yet in the poll "${mrkdwnText(poll.question, 300)}" (#${poll.id}).${closes} Vote on the poll message in <#${poll.channelId}>.` };
}

/** What the voter is told after a click: their votes now. */
export function yourVotesText(poll: Pick<PollView, 'kind' | 'maxChoices'>, mine: readonly { text: string; weight: number }[]): string {
  if (mine.length === 0) return 'You have no votes in this poll now.';
  const name = (t: string) => `*${mrkdwnText(t, OPTION_MAX * 5)}*`;
  switch (poll.kind) {
    case 'single':
      return `Counted: your vote is ${name(mine[0]!.text)}. Click another option to change it.`;
    case 'multiple':
      return `Counted: your choices are ${mine.map((m) => name(m.text)).join(', ')} (${mine.length} of at most ${poll.maxChoices}).`;
    case 'ranked':
      return `Counted: your ranking is ${[...mine].sort((a, b) => a.weight - b.weight).map((m) => `${m.weight}. ${name(m.text)}`).join('  ')}.`;
    case 'dots': {
      const used = mine.reduce((sum, m) => sum + m.weight, 0);
      return `Counted: ${mine.map((m) => `${name(m.text)} ${'●'.repeat(m.weight)}`).join(', ')} (${poll.maxChoices - used} of ${plural(poll.maxChoices, 'dot')} left).`;
    }
  }
}
