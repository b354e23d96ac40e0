import type { AllMiddlewareArgs, BlockButtonAction, BlockStaticSelectAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SealedMetadata } from '../../slack/kit/metadata';
import { actorOf } from '../../slack/kit/actor';
import type { SlackKit } from '../../slack/kit/kit';
import { ephemeral, errorText, formErrors, OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { mrkdwnText } from '../../slack/kit/text';
import { ViewValues } from '../../slack/kit/view-values';
import { levelValue, matchValue, REASON_BLOCK, REASON_INPUT } from './mentoring.ids';
import type { LevelsService } from './mentoring.levels';
import { checkReason } from './mentoring.rules';
import type { AnswerOutcome, MentoringService } from './mentoring.service';
import { declineModal, endModal } from './mentoring.views';

type Button = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Select = SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs;
type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What mentoring's listeners are given: its services, the kit, and the sealed context of its forms. */
export interface MentoringListenerDeps {
  mentoring: MentoringService;
  levels: LevelsService;
  kit: SlackKit;
  forms: { match: SealedMetadata<{ matchId: number }> };
}

/** What the person who answered a proposal is told. */
export function answerText(outcome: AnswerOutcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return outcome.started ? `You both accepted. Guild is opening a group DM for you and <@${outcome.otherId}>.` : `Accepted. Guild will tell you when <@${outcome.otherId}> answers.`;
    case 'already-accepted':
      return outcome.started ? 'You have both accepted already: see your group DM.' : `You accepted already; waiting for <@${outcome.otherId}>.`;
    case 'declined':
      return 'Declined. Thanks for saying so.';
    case 'other-declined':
      return `<@${outcome.otherId}> has already declined this match, so it will not go ahead. Guild will look for another match.`;
  }
}

/** Accept on a proposal DM: answers once, however often it is clicked. */
export function onAcceptClick(deps: MentoringListenerDeps) {
  return async function onAcceptClick({ ack, body, action, respond }: Button): Promise<void> {
    await ack();
    const value = matchValue.decode(action.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      await respond(ephemeral(answerText(await deps.mentoring.answer(value.matchId, body.user.id, 'accept'))));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { matchId: value.matchId, userId: body.user.id })));
    }
  };
}

/** Decline and End (on a DM or the App Home): the form with an optional private reason. */
export function onReasonClick(deps: MentoringListenerDeps, form: 'decline' | 'end') {
  return async function onReasonClick({ ack, body, action, client }: Button): Promise<void> {
    await ack();
    const value = matchValue.decode(action.value);
    const userId = body.user.id;
    if (!value) return deps.kit.tellAfterAck(`mentoring:stale:${body.trigger_id}`, userId, OUT_OF_DATE_TEXT);
    try {
      const match = await deps.mentoring.match(value.matchId, userId);
      const otherId = match.mentorId === userId ? match.menteeId : match.mentorId;
      const view = form === 'decline' ? declineModal(otherId) : endModal(otherId);
      await client.views.open({ trigger_id: body.trigger_id, view: { ...view, private_metadata: deps.forms.match.write({ matchId: value.matchId }, userId) } });
    } catch (err) {
      // The App Home has no response URL: the person hears by DM.
      await deps.kit.tellAfterAck(`mentoring:${form}-failed:${body.trigger_id}`, userId, errorText(err, deps.kit.logger, { matchId: value.matchId, userId }));
    }
  };
}

/**
 * The decline and end forms: check the reason, close the form, then the change, and the Home
 * re-rendered (it lists the person's mentorships and proposals), wherever the form was opened.
 */
export function onReasonForm(deps: MentoringListenerDeps, form: 'decline' | 'end') {
  return async function onReasonForm({ ack, body, view, client }: Submission): Promise<void> {
    const userId = body.user.id;
    const context = deps.forms.match.read(view.private_metadata, userId);
    if (!context) return ack(formErrors({ [REASON_BLOCK]: STALE_FORM_TEXT }));
    const reason = checkReason(ViewValues.parse(view.state.values).text(REASON_BLOCK, REASON_INPUT));
    if (!reason.ok) return ack(formErrors({ [REASON_BLOCK]: reason.problem }));
    await ack();
    try {
      if (form === 'end') await deps.mentoring.end(context.matchId, userId, reason.value);
      else await decline(deps, view.id, context.matchId, userId, reason.value);
    } catch (err) {
      const text = errorText(err, deps.kit.logger, { matchId: context.matchId, userId });
      return void (await deps.kit.tellAfterAck(`mentoring:${form}:${view.id}`, userId, `That did not go through. ${text}`));
    }
    await deps.kit.refreshHome(actorOf(body), client);
  };
}

/** A declined proposal; when the other side declined first nothing changed, and the person hears so. */
async function decline(deps: MentoringListenerDeps, viewId: string, matchId: number, userId: string, reason: string | undefined): Promise<void> {
  const outcome = await deps.mentoring.answer(matchId, userId, 'decline', reason);
  if (outcome.kind === 'other-declined') await deps.kit.tellAfterAck(`mentoring:decline:${viewId}`, userId, answerText(outcome));
}

/** A level chosen in the survey DM: saved at once. */
export function onLevelPick(deps: MentoringListenerDeps) {
  return async function onLevelPick({ ack, body, action, respond }: Select): Promise<void> {
    await ack();
    const value = levelValue.decode(action.selected_option.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const saved = await deps.levels.saveLevel(body.user.id, value.topicId, value.level);
      await respond(ephemeral(`Saved: *${mrkdwnText(saved.topic, 40)}*, level ${value.level}.`));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { topicId: value.topicId, userId: body.user.id })));
    }
  };
}
