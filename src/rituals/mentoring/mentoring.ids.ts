import { z } from 'zod';
import { idField, valueCodec } from '../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for mentoring and the levels survey: action ids of the
 * buttons and menus, callback ids of the forms, block ids of their inputs, and the codecs of the
 * values they carry. Views write with these, listeners read with them, tests use both.
 */
export const MENTOR_ACCEPT_ACTION = 'mentoring_accept';
export const MENTOR_DECLINE_ACTION = 'mentoring_decline';
export const MENTOR_END_ACTION = 'mentoring_end';
export const LEVEL_PICK_ACTION = 'mentoring_level_pick';

export const MENTOR_DECLINE_CALLBACK = 'mentoring_decline_form';
export const MENTOR_END_CALLBACK = 'mentoring_end_form';

/** The one input of the decline and end forms: an optional private reason. */
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'value';
export const REASON_MAX = 500;

/** Accept, Decline and End buttons: the match they act on. */
export const matchValue = valueCodec({ matchId: idField }, ['matchId']);

export const LEVELS = [1, 2, 3, 4, 5] as const;
/** A level menu's option in the survey: the topic and the level chosen. */
export const levelValue = valueCodec({ topicId: idField, level: z.enum(['1', '2', '3', '4', '5']).transform(Number) }, ['topicId', 'level']);

/** Job kinds. */
export const MENTORING_ROUND_JOB = 'mentoring.round';
export const MENTORING_CHECKIN_JOB = 'mentoring.checkin';
