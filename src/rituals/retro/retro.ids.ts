import { z } from 'zod';
import { idField, idOrNoneField, valueCodec } from '../../slack/kit/codec';

/**
 * The ids Slack carries back to Guild for a retro: callback ids of its forms, action ids of its
 * buttons and menus, block ids of form inputs, and the codecs of the values they carry. Views
 * write with these, listeners read with them, tests use both.
 */
export const RETRO_START_CALLBACK = 'retro_start';
export const RETRO_ITEM_CALLBACK = 'retro_item';
export const RETRO_ACTION_CALLBACK = 'retro_action';
export const RETRO_HANDOVER_CALLBACK = 'retro_handover_form';
export const RETRO_SCHEDULE_CALLBACK = 'retro_schedule';

export const RETRO_ADD_ITEM_ACTION = 'retro_add_item';
export const RETRO_NEXT_PHASE_ACTION = 'retro_next_phase';
export const RETRO_CLOSE_ACTION = 'retro_close';
export const RETRO_VOTE_ACTION = 'retro_vote';
/** Overflow on an item in discussion: open its thread. */
export const RETRO_THREAD_ACTION = 'retro_thread';
export const RETRO_ADD_ACTION_ACTION = 'retro_add_action';
/** Overflow on an earlier action item: done / carry over / drop. */
export const RETRO_REVIEW_ACTION = 'retro_review';
export const RETRO_HANDOVER_ACTION = 'retro_handover';
/** "Mark done" beside one of the person's open action items on their App Home. */
export const RETRO_HOME_DONE_ACTION = 'retro_home_done';

/** Block and action ids of the forms' inputs. */
export const RETRO_FIELDS = {
  title: 'title',
  format: 'format',
  columns: 'columns',
  anonymity: 'anonymity',
  budget: 'budget',
  cap: 'cap',
  threshold: 'threshold',
  collectUntil: 'collect_until',
  voteUntil: 'vote_until',
  column: 'column',
  text: 'text',
  owner: 'owner',
  due: 'due',
  facilitator: 'facilitator',
  weekday: 'weekday',
  time: 'time',
  every: 'every',
  timeZone: 'time_zone',
} as const;
export type RetroField = keyof typeof RETRO_FIELDS;
export const RETRO_INPUT = 'value';

export const PHASES = ['collect', 'reveal', 'vote', 'discuss', 'closed'] as const;
export type RetroPhaseName = (typeof PHASES)[number];

/** A button that acts on a whole retro: add an item, hand over, add an action item. */
export const retroValue = valueCodec({ retroId: idField }, ['retroId']);
/** Next phase and Close: the retro and the phase the board showed when it was clicked. */
export const phaseValue = valueCodec({ retroId: idField, from: z.enum(PHASES) }, ['retroId', 'from']);
/** The vote menu on an item. */
export const voteValue = valueCodec({ direction: z.enum(['add', 'remove']), retroId: idField, itemId: idField }, ['direction', 'retroId', 'itemId']);
/** "Discuss in a thread" on an item. */
export const threadValue = valueCodec({ retroId: idField, itemId: idField }, ['retroId', 'itemId']);
/** Review of an earlier action item, on a board (`inRetroId`) or in `/retro actions` (0: no retro). */
export const reviewValue = valueCodec(
  { decision: z.enum(['done', 'drop', 'carry']), inRetroId: idOrNoneField, actionId: idField },
  ['decision', 'inRetroId', 'actionId'],
);
/** "Mark done" on the App Home: the action item. */
export const actionValue = valueCodec({ actionId: idField }, ['actionId']);
