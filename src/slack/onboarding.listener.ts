import type { AllMiddlewareArgs, BlockButtonAction, BlockCheckboxesAction, BlockStaticSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { CommunityService } from '../community/community.service';
import { joinValue, mentoringValue, optInsBlockId, optInValue, profileSetupValue } from '../community/onboarding.views';
import { profileModal } from '../community/profile.views';
import { mrkdwnText } from './kit/text';
import { actorOf } from './kit/actor';
import { errorText, OUT_OF_DATE_TEXT } from './kit/replies';
import { publishHome, type HomeDeps } from './home.listener';

export interface OnboardingDeps extends HomeDeps {
  community: CommunityService;
}

/** Whether the click came from the App Home (which is republished) rather than a message. */
const onHome = (body: { container?: { type?: string } }) => body.container?.type === 'view';

/**
 * "Join" on the invitation DM or the App Home: joins, which queues the welcome DM. The invitation
 * becomes a line saying so; the Home is republished. A failure is told by DM (the Home has no
 * response URL).
 */
export function onJoinClick(deps: OnboardingDeps) {
  return async function onJoinClick({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> {
    await ack();
    const actor = actorOf(body);
    const target = joinValue.decode(action.value);
    try {
      if (!target) throw new Error(`join button with value ${String(action.value)}`);
      const joined = await deps.community.joinCommunity(target.communityId, actor, deps.rituals.map((r) => r.help));
      if (onHome(body)) await publishHome(deps, actor, client);
      else await respond({ replace_original: true, text: `You joined *${mrkdwnText(joined.name, 150)}*. Your welcome is in the next message.` });
    } catch (err) {
      const text = target ? errorText(err, deps.kit.logger, { userId: actor.userId, communityId: target.communityId }) : OUT_OF_DATE_TEXT;
      await deps.kit.tellAfterAck(`join:failed:${body.trigger_id}`, actor.userId, text);
    }
  };
}

/** "Set up my profile" in the welcome DM: the profile form, with that community's topics. */
export function onProfileSetupClick(deps: OnboardingDeps) {
  return async function onProfileSetupClick({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> {
    await ack();
    const actor = actorOf(body);
    const target = profileSetupValue.decode(action.value);
    try {
      const form = await deps.profile.form(actor, target ? { communityId: target.communityId } : '');
      await client.views.open({ trigger_id: body.trigger_id, view: profileModal(form) });
    } catch (err) {
      await deps.kit.tellAfterAck(`profile:form-failed:${body.trigger_id}`, actor.userId, `Your profile form did not open. ${errorText(err, deps.kit.logger, { userId: actor.userId })}`);
    }
  };
}

/** The coffee and event-suggestion checkboxes: what is ticked now is what the person takes part in. */
export function onOptInsChange(deps: OnboardingDeps) {
  return async function onOptInsChange({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockCheckboxesAction> & AllMiddlewareArgs): Promise<void> {
    await ack();
    const actor = actorOf(body);
    const place = optInsBlockId.decode(action.block_id);
    const ticked = new Set(action.selected_options.map((o) => optInValue.decode(o.value)?.optIn));
    try {
      if (!place) throw new Error(`opt-in checkboxes in block ${action.block_id}`);
      await deps.community.setOptIns(actor, place.communityId, { coffee: ticked.has('coffee'), eventSuggestions: ticked.has('events') });
      if (onHome(body)) await publishHome(deps, actor, client);
    } catch (err) {
      const text = place ? errorText(err, deps.kit.logger, { userId: actor.userId, communityId: place.communityId }) : OUT_OF_DATE_TEXT;
      await deps.kit.tellAfterAck(`opt-ins:failed:${action.action_ts}`, actor.userId, `Your choice was not saved. ${text}`);
    }
  };
}

/** The mentoring menu: as mentor, mentee, both, or not now. */
export function onMentoringChange(deps: OnboardingDeps) {
  return async function onMentoringChange({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockStaticSelectAction> & AllMiddlewareArgs): Promise<void> {
    await ack();
    const actor = actorOf(body);
    const choice = mentoringValue.decode(action.selected_option.value);
    try {
      if (!choice) throw new Error(`mentoring menu with value ${action.selected_option.value}`);
      await deps.community.setOptIns(actor, choice.communityId, { mentoring: choice.role === 'none' ? undefined : choice.role });
      if (onHome(body)) await publishHome(deps, actor, client);
    } catch (err) {
      const text = choice ? errorText(err, deps.kit.logger, { userId: actor.userId, communityId: choice.communityId }) : OUT_OF_DATE_TEXT;
      await deps.kit.tellAfterAck(`mentoring:failed:${action.action_ts}`, actor.userId, `Your choice was not saved. ${text}`);
    }
  };
}
