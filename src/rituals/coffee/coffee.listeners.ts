import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Actor } from '../../community/community.service';
import { actorOf } from '../../slack/kit/actor';
import { ephemeral, errorText, OUT_OF_DATE_TEXT } from '../../slack/kit/replies';
import { republishHomeSection } from '../../slack/kit/home-section';
import { answerValue, communityValue, roundValue } from './coffee.ids';
import type { CoffeeListenerDeps } from './coffee.listener-deps';
import { day } from './coffee.messages';
import { COFFEE_HOME_BLOCK, homeBlocks, swapModal } from './coffee.views';

type Click = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const SNOOZE_WEEKS = 4;

/**
 * Answers the person who clicked, and only them: ephemerally under a message (the group sees
 * nothing), or in a small dialog on the App Home, which has no response URL.
 */
async function answer(args: Click, text: string): Promise<void> {
  if (args.body.container?.type === 'view') {
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: { type: 'modal', title: { type: 'plain_text', text: 'Coffee groups' }, close: { type: 'plain_text', text: 'OK' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] } });
  } else {
    await args.respond(ephemeral(text));
  }
}

const onHome = (args: Click) => args.body.container?.type === 'view' && args.body.view?.type === 'home';

/**
 * Publishes the Home the person is looking at with coffee's section rebuilt; a newer Home (hash)
 * wins. It follows a change already made: a failure here is logged, never told as the change failing.
 */
async function refreshHome(deps: CoffeeListenerDeps, args: Click, actor: Actor): Promise<void> {
  const view = args.body.view!;
  try {
    await republishHomeSection({ client: args.client, logger: deps.kit.logger }, { userId: actor.userId, blocks: view.blocks as KnownBlock[], hash: view.hash }, COFFEE_HOME_BLOCK, homeBlocks(await deps.coffee.home(actor)));
  } catch (err) {
    deps.kit.logger.warn({ err, userId: actor.userId }, 'the App Home was not refreshed');
  }
}

/** A click whose work fails after the ack: the person hears why, by DM when nothing else reaches them. */
async function failed(deps: CoffeeListenerDeps, args: Click, actor: Actor, err: unknown, context: Record<string, unknown>): Promise<void> {
  const text = errorText(err, deps.kit.logger, { userId: actor.userId, ...context });
  await deps.kit.tellAfterAck(`coffee:click-failed:${args.action.action_ts}:${actor.userId}`, actor.userId, text);
}

/** Met / Not yet / Couldn't on a follow-up: recorded once per person; the message shows it. */
export function onAnswerClick(deps: CoffeeListenerDeps) {
  return async function onAnswerClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = answerValue.decode(args.action.value);
    if (!value) return answer(args, OUT_OF_DATE_TEXT);
    try {
      const outcome = await deps.coffee.rounds.answer(value.groupId, actor.userId, value.answer);
      if (outcome === 'not-member') await answer(args, 'This follow-up is for the members of this group.');
      // From the Home ("We met" beside the latest group) the section shows the answer.
      else if (onHome(args)) await refreshHome(deps, args, actor);
    } catch (err) {
      await failed(deps, args, actor, err, { groupId: value.groupId });
    }
  };
}

/**
 * A button that acts on the clicker's place in one community (its value names the community):
 * ack, the one service call, and the answer in words for the person who clicked.
 */
function communityClick(deps: CoffeeListenerDeps, act: (actor: Actor, communityId: number) => Promise<string>) {
  return async (args: Click): Promise<void> => {
    await args.ack();
    const actor = actorOf(args.body);
    const value = communityValue.decode(args.action.value);
    if (!value) return answer(args, OUT_OF_DATE_TEXT);
    try {
      const text = await act(actor, value.communityId);
      // On the Home the section itself shows the change; under a message, the clicker is told.
      if (onHome(args)) await refreshHome(deps, args, actor);
      else await answer(args, text);
    } catch (err) {
      await failed(deps, args, actor, err, { communityId: value.communityId });
    }
  };
}

/** "Snooze me 4 weeks", from an intro or the App Home. */
export function onSnoozeClick(deps: CoffeeListenerDeps) {
  return communityClick(deps, async function snooze(actor, communityId) {
    const until = await deps.coffee.snooze(actor, communityId, SNOOZE_WEEKS);
    return `Snoozed until ${day(until)}: no coffee groups for you until then. \`/guild coffee resume\` or the App Home ends it sooner.`;
  });
}

/** "Resume" on the App Home: ends a snooze or a pause. */
export function onResumeClick(deps: CoffeeListenerDeps) {
  return communityClick(deps, async function resume(actor, communityId) {
    await deps.coffee.resume(actor, communityId);
    return 'Welcome back: you are in the next coffee round.';
  });
}

/** "Skip me from now on" in an intro: opts out of that community's coffee groups. */
export function onOptOutClick(deps: CoffeeListenerDeps) {
  return communityClick(deps, async function optOut(actor, communityId) {
    await deps.coffee.optOut(actor, communityId);
    return 'Done: no more coffee groups for you. This group stays as it is. `/guild coffee join` brings you back.';
  });
}

/** "Swap two people" under a preview: the swap form for that draft round. */
export function onSwapClick(deps: CoffeeListenerDeps) {
  return async function onSwapClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = roundValue.decode(args.action.value);
    const channelId = args.body.channel?.id ?? '';
    if (!value) return answer(args, OUT_OF_DATE_TEXT);
    try {
      const groups = await deps.coffee.draftGroups(value.roundId);
      if (groups.length === 0) return answer(args, 'That round has gone out already: it can no longer be changed.');
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: swapModal(groups, deps.forms.round.write({ roundId: value.roundId, channelId }, actor.userId)) });
    } catch (err) {
      await failed(deps, args, actor, err, { roundId: value.roundId });
    }
  };
}
