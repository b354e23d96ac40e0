import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { parseProfile, type ProfileFormInput } from '../community/profile.schema';
import type { ProfileService } from '../community/profile.service';
import { interestValue, PROFILE_FIELDS as F, PROFILE_INPUT_ACTION as A, PROFILE_ZONE_ACTION, zoneOptions, zoneValue } from '../community/profile.views';
import { actorOf } from './kit/actor';
import type { SlackKit } from './kit/kit';
import { errorText, formErrors } from './kit/replies';
import { readMetadata, ViewValues } from './kit/view-values';

const metadataSchema = z.object({ communityId: z.number().int().positive().optional(), slackTimeZone: z.string().optional(), fromHome: z.boolean().optional() });

function readForm(values: ViewValues): ProfileFormInput {
  return {
    timeZone: zoneValue.decode(values.text(F.timeZone, PROFILE_ZONE_ACTION)),
    workdayStart: values.text(F.workdayStart, A),
    workdayEnd: values.text(F.workdayEnd, A),
    // An interest value Guild did not write (an old or forged form) is dropped, not saved.
    chosenInterests: values.choices(F.interests, A).flatMap((v) => interestValue.decode(v) ?? []),
    interests: values.text(F.newInterests, A),
    snoozeUntil: values.text(F.snoozeUntil, A),
    mentorTopicIds: values.choices(F.mentorTopics, A),
    learnTopicIds: values.choices(F.learnTopics, A),
    levels: Object.fromEntries(values.blockIds(F.levelPrefix).map((id) => [id.slice(F.levelPrefix.length), values.text(id, A)])),
  };
}

/**
 * Profile form submitted: checked before the acknowledgement (errors appear beside their
 * fields and the form stays open), saved after it, and the Home re-rendered if the form was opened
 * there. A failed save is
 * told to the person by DM, through the delivery gateway like every other message.
 */
export function onProfileForm(deps: { profile: ProfileService; kit: SlackKit }) {
  return async function onProfileForm({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> {
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
      return void (await deps.kit.tellAfterAck(`profile:save-failed:${view.id}`, actor.userId, `Your profile was not saved. ${text}`));
    }
    // A form opened from the Home re-renders it (it shows the profile and the snooze). Opened
    // elsewhere, the Home is rebuilt when the person next opens it (app_home_opened), so a save
    // does not pay for building every ritual's Home section.
    if (!metadata.fromHome) return;
    await deps.kit.refreshHome(actor, client);
  };
}

/**
 * The time zone menu asks for options as the person types: answered at once from the zones this
 * runtime knows (no database), "Use my Slack time zone" first, at most Slack's 100.
 */
export function onZoneOptions() {
  return async function onZoneOptions({ ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs): Promise<void> {
    // The form says which zone Slack has for the person; a form without it offers "UTC until Slack tells us".
    const metadata = readMetadata(metadataSchema, body.view?.private_metadata);
    await ack({ options: zoneOptions(body.value, metadata?.slackTimeZone, new Date()) });
  };
}
