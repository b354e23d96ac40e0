import { z } from 'zod';
import { idField, valueCodec } from '../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for coffee groups: the forms' callback ids, the buttons'
 * action ids, the forms' block ids, and the codecs of the values the buttons carry.
 */
export const COFFEE_SETTINGS_CALLBACK = 'coffee_settings';
export const COFFEE_SWAP_CALLBACK = 'coffee_swap';

/** Met / Not yet / Couldn't on a group's follow-up. */
export const COFFEE_ANSWER_ACTION = 'coffee_answer';
/** "Snooze 4 weeks" in the intro or on the Home. */
export const COFFEE_SNOOZE_ACTION = 'coffee_snooze';
/** "Skip me from now on" in the intro: opts out of the community's coffee groups. */
export const COFFEE_OPT_OUT_ACTION = 'coffee_opt_out';
/** "Resume" on the Home. */
export const COFFEE_RESUME_ACTION = 'coffee_resume';
/** "Swap two people" under an organiser's preview. */
export const COFFEE_SWAP_ACTION = 'coffee_swap_open';

export const COFFEE_FIELDS = {
  size: 'size',
  cadence: 'cadence',
  everyWeeks: 'every_weeks',
  weekday: 'weekday',
  nth: 'nth',
  time: 'time',
  windowWeeks: 'window_weeks',
  grouping: 'grouping',
  groupingField: 'grouping_field',
  followUpDays: 'follow_up_days',
  first: 'first',
  second: 'second',
} as const;
export type CoffeeField = keyof typeof COFFEE_FIELDS;
export const COFFEE_INPUT = 'value';

export const ANSWERS = ['met', 'not_yet', 'couldnt'] as const;
export type CoffeeAnswerName = (typeof ANSWERS)[number];

export const answerValue = valueCodec({ groupId: idField, answer: z.enum(ANSWERS) }, ['groupId', 'answer']);
export const communityValue = valueCodec({ communityId: idField }, ['communityId']);
export const roundValue = valueCodec({ roundId: idField }, ['roundId']);
