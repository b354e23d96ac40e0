import type { AllMiddlewareArgs, BlockButtonAction, BlockStaticSelectAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import { ephemeral, errorText, formErrors, OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { ViewValues } from '../../slack/kit/view-values';
import { COMMENT_BLOCK, COMMENT_INPUT, roundValue, scoreValue, type PulseQuestion } from './pulse.ids';
import { checkComment } from './pulse.rules';
import type { PulseService } from './pulse.service';
import { commentModal } from './pulse.views';

type Button = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Select = SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs;
type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What the pulse listeners are given: the service, the kit, and the comment form's sealed context. */
export interface PulseListenerDeps {
  pulse: PulseService;
  kit: SlackKit;
  forms: { round: SealedMetadata<{ roundId: number }> };
}

/** A score chosen in the survey DM: saved at once (what was chosen is logged nowhere). */
export function onScorePick(deps: PulseListenerDeps, question: PulseQuestion) {
  return async function onScorePick({ ack, body, action, respond }: Select): Promise<void> {
    await ack();
    const value = scoreValue.decode(action.selected_option.value);
    if (!value) return void (await respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      await deps.pulse.answer(value.roundId, body.user.id, question === 'value' ? { value: value.score } : { safety: value.score });
      await respond(ephemeral('Saved, thank you. You can change it until the next survey.'));
    } catch (err) {
      await respond(ephemeral(errorText(err, deps.kit.logger, { roundId: value.roundId })));
    }
  };
}

/** "What would make it more valuable?": the optional comment form. */
export function onCommentClick(deps: PulseListenerDeps) {
  return async function onCommentClick({ ack, body, action, client }: Button): Promise<void> {
    await ack();
    const value = roundValue.decode(action.value);
    const userId = body.user.id;
    if (!value) return deps.kit.tellAfterAck(`pulse:stale:${body.trigger_id}`, userId, OUT_OF_DATE_TEXT);
    try {
      const communityName = await deps.pulse.communityName(value.roundId);
      await client.views.open({ trigger_id: body.trigger_id, view: { ...commentModal(communityName), private_metadata: deps.forms.round.write({ roundId: value.roundId }, userId) } });
    } catch (err) {
      await deps.kit.tellAfterAck(`pulse:comment-failed:${body.trigger_id}`, userId, errorText(err, deps.kit.logger, { roundId: value.roundId }));
    }
  };
}

/** The comment form: checked, closed, then saved (an empty comment removes the earlier one). */
export function onCommentForm(deps: PulseListenerDeps) {
  return async function onCommentForm({ ack, body, view }: Submission): Promise<void> {
    const userId = body.user.id;
    const context = deps.forms.round.read(view.private_metadata, userId);
    if (!context) return ack(formErrors({ [COMMENT_BLOCK]: STALE_FORM_TEXT }));
    const comment = checkComment(ViewValues.parse(view.state.values).text(COMMENT_BLOCK, COMMENT_INPUT));
    if (!comment.ok) return ack(formErrors({ [COMMENT_BLOCK]: comment.problem }));
    await ack();
    try {
      await deps.pulse.answer(context.roundId, userId, { comment: comment.value ?? null });
    } catch (err) {
      await deps.kit.tellAfterAck(`pulse:comment:${view.id}`, userId, `Your comment was not saved. ${errorText(err, deps.kit.logger, { roundId: context.roundId })}`);
    }
  };
}
