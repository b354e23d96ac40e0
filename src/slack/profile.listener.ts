import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { parseProfile, type ProfileFormInput } from '../community/profile.schema';
import type { ProfileService } from '../community/profile.service';
import { PROFILE_FIELDS as F, PROFILE_INPUT_ACTION as A } from '../community/profile.views';
import { actorOf } from './kit/actor';
import type { SlackKit } from './kit/kit';
import { errorText, formErrors } from './kit/replies';
import { readMetadata, ViewValues } from './kit/view-values';

const metadataSchema = z.object({ communityId: z.number().int().positive().optional(), slackTimeZone: z.string().optional() });

function readForm(values: ViewValues): ProfileFormInput {
  return {
    timeZone: values.text(F.timeZone, A),
    workdayStart: values.text(F.workdayStart, A),
    workdayEnd: values.text(F.workdayEnd, A),
    interests: values.text(F.interests, A),
    snoozeUntil: values.text(F.snoozeUntil, A),
    mentorTopicIds: values.choices(F.mentorTopics, A),
    learnTopicIds: values.choices(F.learnTopics, A),
    levels: Object.fromEntries(values.blockIds(F.levelPrefix).map((id) => [id.slice(F.levelPrefix.length), values.text(id, A)])),
  };
}

/**
 * Profile form submitted: checked before the acknowledgement (errors appear beside their
 * fields and the form stays open), saved after it. A failed save is told to the person by DM,
 * through the delivery gateway like every other message.
 */
export function onProfileForm(deps: { profile: ProfileService; kit: SlackKit }) {
  return async function onProfileForm({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> {
    const metadata = readMetadata(metadataSchema, view.private_metadata);
    if (!metadata) {
      deps.kit.logger.warn({ viewId: view.id }, 'profile form without valid metadata');
      return ack(formErrors({ [F.timeZone]: 'This form is out of date. Close it and run `/guild profile` again.' }));
    }
    const parsed = parseProfile(readForm(ViewValues.parse(view.state.values)), { slackTimeZone: metadata.slackTimeZone, now: new Date() });
    if (!parsed.ok) return ack(formErrors(parsed.fields));
    await ack();
    const actor = actorOf(body);
    try {
      await deps.profile.save(actor, view.id, parsed.value, metadata.communityId);
    } catch (err) {
      const text = errorText(err, deps.kit.logger, { viewId: view.id, userId: actor.userId });
      await deps.kit.tellAfterAck(`profile:save-failed:${view.id}`, actor.userId, `Your profile was not saved. ${text}`);
    }
  };
}
