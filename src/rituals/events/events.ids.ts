import { z } from 'zod';
import { idField, valueCodec } from '../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for events: the forms' callback ids, the buttons' action
 * ids, and the codecs of the values the buttons carry.
 */
export const EVENT_CREATE_CALLBACK = 'event_create';
export const EVENT_EDIT_CALLBACK = 'event_edit';
export const EVENT_CANCEL_CALLBACK = 'event_cancel';
export const EVENT_FEEDBACK_CALLBACK = 'event_feedback';

/** Going / Maybe / Not going on an announcement (or a "still going?" DM). */
export const EVENT_RSVP_ACTION = 'event_rsvp';
/** The menu beside one of the person's next events on the App Home: going / maybe / not going. */
export const EVENT_HOME_RSVP_ACTION = 'event_home_rsvp';
/** The prefix of the App Home's events blocks (`events_home.<event id>` for each event). */
export const EVENT_HOME_BLOCK = 'events_home';
/** The announcement's menu: edit, cancel this one, cancel this and later ones. */
export const EVENT_MANAGE_ACTION = 'event_manage';
/** 1..5 under the feedback prompt. */
export const EVENT_SCORE_ACTION = 'event_score';
/** "Add a comment" under the feedback prompt. */
export const EVENT_COMMENT_ACTION = 'event_comment';
/** "Stop telling me of new events" under a suggestion. */
export const EVENT_SUGGESTIONS_OFF_ACTION = 'event_suggestions_off';

export const RSVP_ANSWERS = ['going', 'maybe', 'not_going'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];
export const MANAGE_CHOICES = ['edit', 'cancel', 'cancel_later'] as const;
export type ManageChoice = (typeof MANAGE_CHOICES)[number];

export const rsvpValue = valueCodec({ eventId: idField, answer: z.enum(RSVP_ANSWERS) }, ['eventId', 'answer']);
export const manageValue = valueCodec({ eventId: idField, choice: z.enum(MANAGE_CHOICES) }, ['eventId', 'choice']);
export const scoreValue = valueCodec({ eventId: idField, score: z.enum(['1', '2', '3', '4', '5']).transform(Number) }, ['eventId', 'score']);
export const eventValue = valueCodec({ eventId: idField }, ['eventId']);
export const communityValue = valueCodec({ communityId: idField }, ['communityId']);

export const CANCEL_FIELDS = { reason: 'reason' } as const;
export const FEEDBACK_FIELDS = { score: 'score', comment: 'comment' } as const;
export { EVENT_INPUT } from './events.form-ids';

/** Delivery keys: one announcement per event, edited in place; reminders once per lead and start. */
export const announcementKey = (eventId: number) => `event:${eventId}:announcement`;
export const reminderJobKey = (eventId: number, lead: number, startsAt: Date) => `event:${eventId}:reminder:${lead}:${startsAt.getTime()}`;
export const REMINDER_JOB = 'events.reminder';
export const FEEDBACK_JOB = 'events.feedback';
