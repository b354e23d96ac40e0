import { z } from 'zod';
import { idField, valueCodec } from '../../slack/kit/codec';

/** The ids Slack carries back to Guild for polls, and the codecs of the values they carry. */
export const POLL_CREATE_CALLBACK = 'poll_create';
export const POLL_OPTION_CALLBACK = 'poll_option';

/** An option's button (single, multiple, ranked): choose it, or take it back. */
export const POLL_VOTE_ACTION = 'poll_vote';
/** An option's menu in a dot-vote poll: one dot more, or one taken back. */
export const POLL_DOTS_ACTION = 'poll_dots';
/** "Close the poll" (its creator or an organiser). */
export const POLL_CLOSE_ACTION = 'poll_close';
/** "Add an option" (members, when the poll allows it). */
export const POLL_ADD_OPTION_ACTION = 'poll_add_option';

export const voteValue = valueCodec({ pollId: idField, optionId: idField }, ['pollId', 'optionId']);
export const dotsValue = valueCodec({ direction: z.enum(['add', 'remove']), pollId: idField, optionId: idField }, ['direction', 'pollId', 'optionId']);
export const pollValue = valueCodec({ pollId: idField }, ['pollId']);

/** The poll message, posted once and edited in place; its results message; the reminder DMs. */
export const pollMessageKey = (pollId: number) => `poll:${pollId}:message`;
export const pollResultsKey = (pollId: number) => `poll:${pollId}:results`;
export const pollReminderKey = (pollId: number, userId: string) => `poll:${pollId}:reminder:${userId}`;

export const POLL_CLOSE_JOB = 'polls.close';
export const POLL_REMIND_JOB = 'polls.remind';
export const SCHEDULED_POLL_JOB = 'polls.open';
export const closeJobKey = (pollId: number) => `poll:${pollId}:close`;
export const remindJobKey = (pollId: number) => `poll:${pollId}:remind`;

/** The poll form's blocks (and fields): each input's block id. */
export const POLL_FIELDS = {
  question: 'poll_question',
  options: 'poll_options',
  kind: 'poll_kind',
  limit: 'poll_limit',
  settings: 'poll_settings',
  topic: 'poll_topic',
  closeDate: 'poll_close_date',
  closeTime: 'poll_close_time',
  remind: 'poll_remind',
  openDate: 'poll_open_date',
  openTime: 'poll_open_time',
  repeat: 'poll_repeat',
} as const;
export const POLL_OPTION_FIELD = 'poll_option_text';
/** Every input's action id (one input per block). */
export const POLL_INPUT = 'value';
