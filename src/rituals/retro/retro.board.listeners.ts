import type { AllMiddlewareArgs, BlockButtonAction, BlockOverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { actorOf } from '../../slack/kit/actor';
import { ephemeral, errorText, OUT_OF_DATE_TEXT } from '../../slack/kit/replies';
import { mrkdwnText } from '../../slack/kit/text';
import { phaseValue, retroValue, reviewValue, threadValue, voteValue } from './retro.ids';
import type { RetroListenerDeps } from './retro.listener-deps';
import { earliestToday } from './retro.rules';
import { actionItemModal, addItemModal, handOverModal } from './retro.views';

type Button = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Overflow = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;

/**
 * The clicks on a retro's board and on `/retro actions`: each acks, reads its value through the
 * codec beside its action id, calls the service, and answers the person (the board itself is
 * refreshed by the service, in the transaction of the change).
 */

/** "Add an item": the item form, while the retro is collecting. */
export function onAddItemClick(deps: RetroListenerDeps) {
  return async function onAddItemClick({ ack, body, action, client, respond }: Button): Promise<void> {
    await ack();
    const value = retroValue.decode(action.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const board = await deps.retros.board(value.retroId);
      if (board.phase !== 'collect') return void (await respond(ephemeral('Items can only be added while the retro is collecting them.')));
      const metadata = deps.forms.retro.write({ retroId: board.id, channelId: board.channelId }, body.user.id);
      await client.views.open({ trigger_id: body.trigger_id, view: { ...addItemModal(board), private_metadata: metadata } });
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { retroId: value.retroId, userId: body.user.id })));
    }
  };
}

/** "Next phase" and "Close": the facilitator (or an organiser) moves the retro on. */
export function onPhaseClick(deps: RetroListenerDeps, move: 'advance' | 'close') {
  return async function onPhaseClick({ ack, body, action, respond }: Button): Promise<void> {
    await ack();
    const value = phaseValue.decode(action.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      await deps.retros[move](value.retroId, body.user.id, value.from);
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { retroId: value.retroId, userId: body.user.id })));
    }
  };
}

/** "Hand over": the form to pick the next facilitator, for the facilitator or an organiser. */
export function onHandOverClick(deps: RetroListenerDeps) {
  return async function onHandOverClick({ ack, body, action, client, respond }: Button): Promise<void> {
    await ack();
    const value = retroValue.decode(action.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const board = await deps.retros.board(value.retroId);
      if (!(await deps.retros.lifecycle.mayFacilitate(board, body.user.id))) {
        return void (await respond(ephemeral(`Only the facilitator, <@${board.facilitatorId}>, or an organiser can hand the retro over.`)));
      }
      const metadata = deps.forms.retro.write({ retroId: board.id, channelId: board.channelId }, body.user.id);
      await client.views.open({ trigger_id: body.trigger_id, view: { ...handOverModal(board.id, board.facilitatorId), private_metadata: metadata } });
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { retroId: value.retroId, userId: body.user.id })));
    }
  };
}

/** "Add an action item": its form, while discussing. */
export function onAddActionClick(deps: RetroListenerDeps) {
  return async function onAddActionClick({ ack, body, action, client, respond }: Button): Promise<void> {
    await ack();
    const value = retroValue.decode(action.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const board = await deps.retros.board(value.retroId);
      const metadata = deps.forms.retro.write({ retroId: board.id, channelId: board.channelId }, body.user.id);
      await client.views.open({ trigger_id: body.trigger_id, view: { ...actionItemModal(board.id), private_metadata: metadata } });
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { retroId: value.retroId, userId: body.user.id })));
    }
  };
}

/** The vote menu on an item: one vote more, or one taken back. */
export function onVote(deps: RetroListenerDeps) {
  return async function onVote({ ack, body, action, respond }: Overflow): Promise<void> {
    await ack();
    const value = voteValue.decode(action.selected_option.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const { votesLeft } = await deps.retros.vote(value.retroId, body.user.id, value.itemId, value.direction);
      await respond(ephemeral(`Counted. You have ${votesLeft} vote${votesLeft === 1 ? '' : 's'} left.`));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { itemId: value.itemId, userId: body.user.id })));
    }
  };
}

/** "Discuss in a thread": opens the item's thread, or says where it already is. */
export function onDiscussInThread(deps: RetroListenerDeps) {
  return async function onDiscussInThread({ ack, body, action, client, respond }: Overflow): Promise<void> {
    await ack();
    const value = threadValue.decode(action.selected_option.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const outcome = await deps.retros.openThread(value.retroId, value.itemId);
      if (outcome.opened) return void (await respond(ephemeral('The thread is open below the board: reply there, and the replies become notes.')));
      const link = outcome.at ? (await client.chat.getPermalink({ channel: outcome.at.channelId, message_ts: outcome.at.ts })).permalink : undefined;
      await respond(ephemeral(link ? `This item has its thread already: <${link}|open the thread>.` : 'This item has its thread already; it is being posted in the channel now.'));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { itemId: value.itemId, userId: body.user.id })));
    }
  };
}

/** Review of an earlier action item: done, carried over, dropped (board or `/retro actions`). */
export function onReviewAction(deps: RetroListenerDeps) {
  return async function onReviewAction({ ack, body, action, respond }: Overflow): Promise<void> {
    await ack();
    const value = reviewValue.decode(action.selected_option.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    const { userId } = actorOf(body);
    try {
      const reviewed = await deps.retros.reviewAction(value.actionId, userId, value.decision, { ...(value.inRetroId ? { inRetroId: value.inRetroId } : {}), today: earliestToday(deps.now()) });
      const verb = reviewed.status === 'carried' ? 'carried over into this retro' : reviewed.status;
      await respond(ephemeral(`"${mrkdwnText(reviewed.text, 200)}" is ${verb}.`));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { actionId: value.actionId, userId })));
    }
  };
}
