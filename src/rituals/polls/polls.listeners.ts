import type { AllMiddlewareArgs, BlockButtonAction, BlockOverflowAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { ChannelRef, CommunityService } from '../../community/community.service';
import type { ScheduleSummary } from '../../scheduler/schedules';
import { actorOf } from '../../slack/kit/actor';
import type { CommandReply } from '../../slack/kit/command';
import type { SealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import { ephemeral, errorText, formErrors, OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { mrkdwnText } from '../../slack/kit/text';
import { GuildError } from '../../community/community.errors';
import { addOptionView, parsePollForm, pollFormView } from './polls.form';
import { dotsValue, POLL_FIELDS, POLL_INPUT, POLL_OPTION_FIELD, pollValue, voteValue } from './polls.ids';
import type { PollsHandlers } from './polls.command';
import { readerTime, yourVotesText } from './polls.messages';
import type { QuickPoll } from './polls.quick';
import type { ClickAction } from './polls.rules';
import type { PollsService } from './polls.service';

/** What the polls ritual's listeners are given: its service, the kit and the sealed form contexts. */
export interface PollsListenerDeps {
  polls: PollsService;
  community: CommunityService;
  kit: SlackKit;
  forms: {
    channel: SealedMetadata<{ channelId: string }>;
    poll: SealedMetadata<{ pollId: number }>;
  };
}

type Click = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Menu = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;
type Submit = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function scheduledText(summary: ScheduleSummary): string {
  const next = summary.nextRunAt ? ` It first opens ${readerTime(summary.nextRunAt, summary.timeZone)}.` : '';
  return `Scheduled: *${mrkdwnText(summary.name, 200)}* (${mrkdwnText(summary.description, 200)}), schedule #${summary.id}.${next} \`/guild schedules\` lists, pauses and cancels it.`;
}

/** Makes the poll now, or schedules it; says which. */
async function makePoll(deps: Pick<PollsListenerDeps, 'polls'>, channel: ChannelRef, actor: { teamId: string; userId: string }, poll: QuickPoll): Promise<string> {
  if (poll.opens) return scheduledText(await deps.polls.schedule(channel, actor, poll.request, poll.opens));
  const made = await deps.polls.create(channel, actor, poll.request);
  return `Poll #${made.id} is posted in <#${made.channelId}>.`;
}

/** What each `/guild poll …` does once acknowledged. */
export function pollsCommandHandlers(deps: Pick<PollsListenerDeps, 'polls' | 'community' | 'forms'>): PollsHandlers {
  return {
    form: async (_, { channel, actor }): Promise<CommandReply> => {
      const community = await deps.community.requireCommunity(channel);
      const { topics } = await deps.community.topics(channel);
      const maySchedule = await deps.community.isOrganiser(channel, actor.userId);
      return { modal: pollFormView({ privateMetadata: deps.forms.channel.write({ channelId: channel.channelId }, actor.userId), timeZone: community.timeZone, topics, maySchedule }) };
    },
    topics: async (_, { channel, actor }) => ({ text: await makePoll(deps, channel, actor, { request: await deps.polls.topicsRequest(channel) }) }),
    quick: async (c, { channel, actor }) => ({ text: await makePoll(deps, channel, actor, c.poll) }),
    close: async (c, { actor }) => {
      const poll = await deps.polls.close(c.pollId, actor.userId);
      return { text: `Poll #${poll.id} is closed; the results are posted in <#${poll.channelId}>.` };
    },
  };
}

async function failed(deps: PollsListenerDeps, args: Click | Menu, userId: string, err: unknown, context: Record<string, unknown>): Promise<void> {
  await args.respond(ephemeral(errorText(err, deps.kit.logger, { userId, ...context })));
}

/** Votes as asked and tells the voter their votes now, or why not. */
async function voteAndTell(deps: PollsListenerDeps, args: Click | Menu, vote: { pollId: number; optionId: number; userId: string; action: ClickAction }): Promise<void> {
  try {
    const outcome = await deps.polls.vote(vote);
    await args.respond(ephemeral(yourVotesText(outcome, outcome.mine)));
  } catch (err) {
    await failed(deps, args, vote.userId, err, { pollId: vote.pollId, optionId: vote.optionId });
  }
}

/** An option's button: vote for it, or take the vote back. */
export function onVoteClick(deps: PollsListenerDeps) {
  return async function onVoteClick(args: Click): Promise<void> {
    await args.ack();
    const value = voteValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    await voteAndTell(deps, args, { ...value, userId: actorOf(args.body).userId, action: 'toggle' });
  };
}

/** A dot-vote option's menu: one dot more, or one taken back. */
export function onDotsMenu(deps: PollsListenerDeps) {
  return async function onDotsMenu(args: Menu): Promise<void> {
    await args.ack();
    const value = dotsValue.decode(args.action.selected_option.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    await voteAndTell(deps, args, { pollId: value.pollId, optionId: value.optionId, userId: actorOf(args.body).userId, action: value.direction });
  };
}

/** "Close the poll": its creator or an organiser. */
export function onCloseClick(deps: PollsListenerDeps) {
  return async function onCloseClick(args: Click): Promise<void> {
    await args.ack();
    const { userId } = actorOf(args.body);
    const value = pollValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      await deps.polls.close(value.pollId, userId);
    } catch (err) {
      await failed(deps, args, userId, err, value);
    }
  };
}

/** "Add an option": its form, while the poll is open and takes options. */
export function onAddOptionClick(deps: PollsListenerDeps) {
  return async function onAddOptionClick(args: Click): Promise<void> {
    await args.ack();
    const { userId } = actorOf(args.body);
    const value = pollValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const poll = await deps.polls.poll(value.pollId);
      if (poll.status !== 'open') return void (await args.respond(ephemeral('This poll is closed, so it takes no new options.')));
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: addOptionView(deps.forms.poll.write({ pollId: poll.id }, userId), poll.question) });
    } catch (err) {
      await failed(deps, args, userId, err, value);
    }
  };
}

/** The poll form: checked field by field; the poll is made (or scheduled) before the form closes. */
export function onPollForm(deps: PollsListenerDeps) {
  return async function onPollForm({ ack, body, view }: Submit): Promise<void> {
    const actor = actorOf(body);
    const context = deps.forms.channel.read(view.private_metadata, actor.userId);
    if (!context) return void (await ack(formErrors({ [POLL_FIELDS.question]: STALE_FORM_TEXT })));
    const parsed = parsePollForm(view.state.values);
    if (!parsed.ok) return void (await ack(formErrors(parsed.errors)));
    try {
      const text = await makePoll(deps, { teamId: actor.teamId, channelId: context.channelId }, actor, parsed.poll);
      await ack();
      await deps.kit.tellAfterAck(`poll-form:${view.id}`, actor.userId, text);
    } catch (err) {
      const field = err instanceof GuildError && err.field ? err.field : POLL_FIELDS.question;
      await ack(formErrors({ [field]: errorText(err, deps.kit.logger, { userId: actor.userId }) }));
    }
  };
}

/** The "Add an option" form. */
export function onOptionForm(deps: PollsListenerDeps) {
  return async function onOptionForm({ ack, body, view }: Submit): Promise<void> {
    const actor = actorOf(body);
    const context = deps.forms.poll.read(view.private_metadata, actor.userId);
    if (!context) return void (await ack(formErrors({ [POLL_OPTION_FIELD]: STALE_FORM_TEXT })));
    const text = view.state.values[POLL_OPTION_FIELD]?.[POLL_INPUT]?.value ?? '';
    try {
      await deps.polls.addOption({ pollId: context.pollId, text, by: actor.userId });
      await ack();
    } catch (err) {
      await ack(formErrors({ [POLL_OPTION_FIELD]: errorText(err, deps.kit.logger, { userId: actor.userId, pollId: context.pollId }) }));
    }
  };
}
