import { z } from 'zod';
import { idField, valueCodec } from '../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for pulse surveys: the two score menus and the comment
 * button of the survey DM, the comment form, and the codecs of the values they carry.
 */
export const PULSE_VALUE_ACTION = 'pulse_value';
export const PULSE_SAFETY_ACTION = 'pulse_safety';
export const PULSE_COMMENT_ACTION = 'pulse_comment';
export const PULSE_COMMENT_CALLBACK = 'pulse_comment_form';

/** The comment form's one input. */
export const COMMENT_BLOCK = 'comment';
export const COMMENT_INPUT = 'value';
export const COMMENT_MAX = 1000;

export const SCORES = [1, 2, 3, 4, 5] as const;
export type PulseQuestion = 'value' | 'safety';

/** A score menu's option: the round and the score chosen (the menu's action id says which question). */
export const scoreValue = valueCodec({ roundId: idField, score: z.enum(['1', '2', '3', '4', '5']).transform(Number) }, ['roundId', 'score']);
/** The comment button: the round it answers. */
export const roundValue = valueCodec({ roundId: idField }, ['roundId']);

/** Job kind of a schedule's occurrence: one pulse round. */
export const PULSE_ROUND_JOB = 'health.pulse';
