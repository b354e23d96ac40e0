import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { actorOf } from '../../slack/kit/actor';
import { errorText, formErrors, STALE_FORM_TEXT } from '../../slack/kit/replies';
import { mrkdwnText } from '../../slack/kit/text';
import { byBlock, MOVE_FIELDS, PLAN_FIELDS, PROPOSAL_FIELDS } from './unconference.ids';
import type { UnconferenceListenerDeps } from './unconference.listeners';
import { parseDotsForm, parseMoveForm, parsePlanForm, parseProposalForm } from './unconference.rules';

type Submission = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The unconference's forms, by the kit's convention: a check (pure, or a short read), `ack` with
 * errors beside their fields or a plain `ack` that closes the form, then the write; a failure
 * after the ack is told by DM.
 */

/** A read the form's check needs: its failure is shown in the form, which stays open. */
async function beforeAck<T extends object>(deps: UnconferenceListenerDeps, read: () => Promise<T>, userId: string): Promise<T | { problem: string }> {
  try {
    return await read();
  } catch (err) {
    return { problem: errorText(err, deps.kit.logger, { userId }) };
  }
}

/** After the ack: the write, and the person told how it went (once per form). */
async function afterAck(deps: UnconferenceListenerDeps, key: string, userId: string, write: () => Promise<string>, failed: string): Promise<void> {
  try {
    await deps.kit.tellAfterAck(`${key}:done`, userId, await write());
  } catch (err) {
    await deps.kit.tellAfterAck(`${key}:failed`, userId, `${failed} ${errorText(err, deps.kit.logger, { userId })}`);
  }
}

/** `/guild unconference`'s form: checked, then the unconference created and announced. */
export function onPlanForm(deps: UnconferenceListenerDeps) {
  return async function onPlanForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.channel.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [PLAN_FIELDS.title]: STALE_FORM_TEXT }));
    const actor = actorOf(body);
    const channel = { teamId: actor.teamId, channelId: metadata.channelId };
    const context = await beforeAck(deps, () => deps.unconferences.planContext(channel, actor), actor.userId);
    if ('problem' in context) return ack(formErrors({ [PLAN_FIELDS.title]: context.problem }));
    const parsed = parsePlanForm(view.state.values, { now: deps.now(), timeZone: context.timeZone });
    if (!parsed.ok) return ack(formErrors(byBlock(PLAN_FIELDS, parsed.errors)));
    await ack();
    await afterAck(deps, `unconference:planned:${view.id}`, actor.userId, async () => {
      const u = await deps.unconferences.create(channel, actor, parsed.value);
      return `Your unconference *${mrkdwnText(u.title, 100)}* is announced in <#${metadata.channelId}>: members can propose sessions now.`;
    }, 'Your unconference was not created.');
  };
}

/** "Propose a session": checked (closed, duplicate title) while the form is open, then stored. */
export function onProposeForm(deps: UnconferenceListenerDeps) {
  return async function onProposeForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.unconference.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [PROPOSAL_FIELDS.title]: STALE_FORM_TEXT }));
    const parsed = parseProposalForm(view.state.values);
    if (!parsed.ok) return ack(formErrors(byBlock(PROPOSAL_FIELDS, parsed.errors)));
    const userId = body.user.id;
    const checked = await beforeAck(deps, async () => ({ problem: await deps.unconferences.proposalProblem(metadata.unconferenceId, userId, parsed.value.title) }), userId);
    if (checked.problem) return ack(formErrors({ [PROPOSAL_FIELDS.title]: checked.problem }));
    await ack();
    await afterAck(deps, `unconference:proposed:${view.id}`, userId, async () => {
      const proposal = await deps.unconferences.proposeAs(metadata.unconferenceId, userId, parsed.value);
      return `Your session *${mrkdwnText(proposal.title, 100)}* is proposed. You host it if it makes the agenda.`;
    }, 'Your proposal was not saved.');
  };
}

/** "Spread my dots": over the budget is refused in the form; the spread replaces the voter's last one. */
export function onDotsForm(deps: UnconferenceListenerDeps) {
  return async function onDotsForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.unconference.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [Object.keys(view.state.values)[0] ?? 'dots']: STALE_FORM_TEXT }));
    const userId = body.user.id;
    const u = await beforeAck(deps, () => deps.unconferences.unconference(metadata.unconferenceId), userId);
    if ('problem' in u) return ack(formErrors({ [Object.keys(view.state.values)[0] ?? 'dots']: u.problem }));
    const parsed = parseDotsForm(view.state.values, u.dotsPerPerson);
    if (!parsed.ok) return ack(formErrors(parsed.errors));
    await ack();
    await afterAck(deps, `unconference:dots:${view.id}`, userId, async () => {
      const { used, budget } = await deps.unconferences.setDots(metadata.unconferenceId, userId, parsed.value);
      return `Your dots for *${mrkdwnText(u.title, 100)}* are saved: ${used} of ${budget} used. Spread them again to change them, until voting closes.`;
    }, 'Your dots were not saved.');
  };
}

/** "Move a session": the draft changes, people are assigned again, and the draft DM shows it. */
export function onMoveForm(deps: UnconferenceListenerDeps) {
  return async function onMoveForm({ ack, body, view }: Submission): Promise<void> {
    const metadata = deps.forms.unconference.read(view.private_metadata, body.user.id);
    if (!metadata) return ack(formErrors({ [MOVE_FIELDS.session]: STALE_FORM_TEXT }));
    const parsed = parseMoveForm(view.state.values);
    if (!parsed.ok) return ack(formErrors(byBlock(MOVE_FIELDS, parsed.errors)));
    await ack();
    const actor = actorOf(body);
    await afterAck(deps, `unconference:moved:${view.id}`, actor.userId, async () => {
      await deps.unconferences.move(metadata.unconferenceId, actor, parsed.value);
      return 'Moved. Your draft agenda shows it, with people assigned again by their dots.';
    }, 'The session was not moved.');
  };
}
