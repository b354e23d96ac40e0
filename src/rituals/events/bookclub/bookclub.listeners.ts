import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { Actor } from '../../../community/community.service';
import { actorOf } from '../../../slack/kit/actor';
import type { ValueCodec } from '../../../slack/kit/codec';
import { ephemeral, errorText, OUT_OF_DATE_TEXT } from '../../../slack/kit/replies';
import { clubValue, sessionValue, voteValue } from './bookclub.ids';
import type { BookClubListenerDeps } from './bookclub.listener-deps';
import { ballotModal, planModal, swapModal } from './bookclub.views';

type Click = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** What a click does: words for the clicker, or a form to open. */
type Outcome = { text: string } | { modal: ModalView };

/**
 * A button whose value names one vote, club or session: ack, the one service call, and the
 * answer for the clicker alone (ephemerally, or a form). A failure is told to them; old values
 * are answered as out of date.
 */
function click<T>(deps: BookClubListenerDeps, codec: ValueCodec<T>, act: (value: T, actor: Actor) => Promise<Outcome>) {
  return async (args: Click): Promise<void> => {
    await args.ack();
    const actor = actorOf(args.body);
    const value = codec.decode(args.action.value);
    if (value === undefined) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const outcome = await act(value, actor);
      if ('modal' in outcome) await args.client.views.open({ trigger_id: args.body.trigger_id, view: outcome.modal });
      else await args.respond(ephemeral(outcome.text));
    } catch (err) {
      await args.respond(ephemeral(errorText(err, deps.kit.logger, { userId: actor.userId, action: args.action.action_id })));
    }
  };
}

/** "Rank your picks" under the vote: the ballot form, with the person's current ranking. */
export const onRankClick = (deps: BookClubListenerDeps) =>
  click(deps, voteValue, async ({ voteId }, actor) => {
    const { vote, ranking } = await deps.book.votes.ballotFor(voteId, actor.userId);
    if (!vote.open) return { text: 'This vote has closed: ballots are no longer taken.' };
    return { modal: ballotModal(vote, ranking, deps.forms.vote.write({ voteId }, actor.userId)) };
  });

const JOINED = {
  joined: 'You joined the book club. It starts once enough members join; the club\'s message shows who is in.',
  started: 'You joined, and with you the club has enough members: it has started. The reading plan comes next.',
  already: 'You are in this book club already.',
} as const;

export const onJoinClick = (deps: BookClubListenerDeps) => click(deps, clubValue, async ({ clubId }, actor) => ({ text: JOINED[await deps.book.clubs.join(clubId, actor)] }));

export const onLeaveClick = (deps: BookClubListenerDeps) =>
  click(deps, clubValue, async ({ clubId }, actor) => ({
    text: (await deps.book.clubs.leave(clubId, actor)) === 'left' ? 'You left the book club. Sessions you were to lead go to the next member in the rotation.' : 'You are not in this book club.',
  }));

/** "Set the reading plan": the plan form, for organisers and the club's creator. */
export const onPlanClick = (deps: BookClubListenerDeps) =>
  click(deps, clubValue, async ({ clubId }, actor) => {
    const { club, community } = await deps.book.sessions.requirePlanner(clubId, actor);
    return { modal: planModal(club, community, deps.forms.club.write({ clubId }, actor.userId)) };
  });

export const onCloseClick = (deps: BookClubListenerDeps) =>
  click(deps, clubValue, async ({ clubId }, actor) => {
    await deps.book.clubs.close(clubId, actor);
    return { text: 'The book club is closed: its archive message is in the channel, and its upcoming sessions are cancelled.' };
  });

/** "Swap with someone" in a leader's DM: the swap form. */
export const onSwapClick = (deps: BookClubListenerDeps) =>
  click(deps, sessionValue, async ({ sessionId }, actor) => {
    const { session, members } = await deps.book.sessions.swapChoices(sessionId, actor);
    if (members.length === 0) return { text: 'Nobody else is in the club to swap with.' };
    return { modal: swapModal(session, deps.forms.session.write({ sessionId }, actor.userId)) };
  });
