import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { parseProfile, type ProfileFormInput } from '../community/profile.schema';
import type { ProfileService } from '../community/profile.service';
import { PROFILE_CALLBACK_ID, PROFILE_FIELDS as F, PROFILE_INPUT_ACTION as A } from '../community/profile.views';
import { errorText } from './reply-errors';
import { readMetadata, ViewValues } from './view-state';

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
 * Profile form submitted: validated before the acknowledgement (errors appear beside their
 * fields and the form stays open), saved after it. A failed save is told to the person by DM.
 */
export function registerProfileSubmission(app: App, deps: { profile: ProfileService; logger: Logger }): void {
  app.view<ViewSubmitAction>(PROFILE_CALLBACK_ID, async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const metadata = readMetadata(metadataSchema, view.private_metadata);
    const values = ViewValues.parse(view.state.values);
    if (!metadata) {
      deps.logger.warn({ viewId: view.id }, 'profile form without valid metadata');
      return ack({ response_action: 'errors', errors: { [F.timeZone]: 'This form is out of date. Close it and run `/guild profile` again.' } });
    }
    const parsed = parseProfile(readForm(values), { slackTimeZone: metadata.slackTimeZone, now: new Date() });
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.fields });
    await ack();
    const actor = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id, userName: body.user.name };
    try {
      await deps.profile.save(actor, view.id, parsed.value, metadata.communityId);
    } catch (err) {
      const text = errorText(err, deps.logger, { viewId: view.id, userId: actor.userId });
      await client.chat.postMessage({ channel: actor.userId, text: `Your profile was not saved. ${text}` });
    }
  });
}

