import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorOf } from '../../slack/kit/actor';
import { errorText, OUT_OF_DATE_TEXT } from '../../slack/kit/replies';
import { actionValue } from './retro.ids';
import type { RetroListenerDeps } from './retro.listener-deps';
import { earliestToday } from './retro.rules';

type Button = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Mark done" beside an action item on the App Home: the service decides who may (its owner or
 * an organiser) and refreshes the boards that show it; the Home is re-rendered without it. The
 * Home has no response URL, so a failure after the ack is told by DM, and the Home re-rendered
 * all the same (an item already marked elsewhere leaves it).
 */
export function onHomeDoneClick(deps: RetroListenerDeps) {
  return async function onHomeDoneClick({ ack, body, action, client }: Button): Promise<void> {
    await ack();
    const actor = actorOf(body);
    const value = actionValue.decode(action.value);
    try {
      if (!value) throw new Error(`retro home button with value ${String(action.value)}`);
      await deps.retros.reviewAction(value.actionId, actor.userId, 'done', { today: earliestToday(deps.now()) });
    } catch (err) {
      const text = value ? errorText(err, deps.kit.logger, { actionId: value.actionId, userId: actor.userId }) : OUT_OF_DATE_TEXT;
      await deps.kit.tellAfterAck(`retro:home-done-failed:${action.action_ts}:${actor.userId}`, actor.userId, `That action item was not marked done. ${text}`);
    }
    await deps.kit.refreshHome(actor, client);
  };
}
