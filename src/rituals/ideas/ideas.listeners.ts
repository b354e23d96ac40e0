import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { GuildError } from '../../community/community.errors';
import { actorOf } from '../../slack/kit/actor';
import type { SealedMetadata } from '../../slack/kit/metadata';
import type { SlackKit } from '../../slack/kit/kit';
import { ephemeral, errorText, formErrors, OUT_OF_DATE_TEXT, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { mrkdwnText } from '../../slack/kit/text';
import { ViewValues } from '../../slack/kit/view-values';
import { IDEAS_INPUT, postValue, PROPOSE_FIELDS, targetValue } from './ideas.ids';
import { postTitle } from './ideas.messages';
import type { IdeasProposals } from './ideas.proposals';
import { proposeModal } from './ideas.views';

/** What the outside ideas listeners are given. */
export interface IdeasListenerDeps {
  proposals: IdeasProposals;
  kit: SlackKit;
  form: SealedMetadata<{ postId: number }>;
}

type Click = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** "Propose…" under a post of the digest: the proposal form, offering what is open now. */
export function onProposeClick(deps: IdeasListenerDeps) {
  return async function onProposeClick(args: Click): Promise<void> {
    await args.ack();
    const actor = actorOf(args.body);
    const value = postValue.decode(args.action.value);
    if (!value) return void (await args.respond(ephemeral(OUT_OF_DATE_TEXT)));
    try {
      const choices = await deps.proposals.choices(value.postId, actor);
      await args.client.views.open({ trigger_id: args.body.trigger_id, view: proposeModal(choices, deps.form.write({ postId: value.postId }, actor.userId)) });
    } catch (err) {
      await args.respond(ephemeral(errorText(err, deps.kit.logger, { userId: actor.userId, postId: value.postId })));
    }
  };
}

/**
 * The proposal form: the proposal is made before the ack (a quick write here or in the other
 * ritual), so a refusal (a poll closed meanwhile, a duplicate option) shows beside the menu and
 * the form stays open; once made, the proposer hears where it went.
 */
export function onProposeForm(deps: IdeasListenerDeps) {
  return async function onProposeForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.form.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [PROPOSE_FIELDS.as]: STALE_FORM_TEXT }));
    const values = ViewValues.parse(view.state.values);
    const target = targetValue.decode(values.text(PROPOSE_FIELDS.as, IDEAS_INPUT));
    if (!target) return ack(formErrors({ [PROPOSE_FIELDS.as]: 'Choose where to propose it.' }));
    const actor = actorOf(body);
    let done;
    try {
      done = await deps.proposals.propose(metadata.postId, actor, target, values.text(PROPOSE_FIELDS.note, IDEAS_INPUT) ?? '');
    } catch (err) {
      const text = err instanceof GuildError ? err.message : errorText(err, deps.kit.logger, { userId: actor.userId, postId: metadata.postId });
      return ack(formErrors({ [PROPOSE_FIELDS.as]: text }));
    }
    await ack();
    await deps.kit.tellAfterAck(`ideas:proposed:${view.id}`, actor.userId, `You proposed ${postTitle(done.post)} as ${mrkdwnText(done.where, 200)}.`);
  };
}
